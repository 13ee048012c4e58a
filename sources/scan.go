package sources

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// cell scans one driver value into a typed odata.Value. Drivers differ in what they hand back
// for the same logical type (lib/pq: []byte for numeric; MySQL: []byte for everything in the
// text protocol; SQLite: whatever was stored), so conversion is by target EDM type and accepts
// every representation a driver uses.
type cell struct {
	v *odata.Value
	t schema.EdmType
	// scale formats floating-point decimals (SQLite stores DECIMAL with REAL affinity).
	scale int
}

func (c *cell) Scan(src any) error {
	*c.v = odata.Value{Type: c.t}
	if src == nil {
		c.v.Null = true
		return nil
	}
	if err := convert(c.v, src, c.scale); err != nil {
		return fmt.Errorf("converting %T to %s: %w", src, c.t, err)
	}
	return nil
}

func convert(v *odata.Value, src any, scale int) error {
	switch v.Type {
	case schema.EdmString, schema.EdmGuid, schema.EdmDuration:
		v.Text = asText(src)
		if v.Type == schema.EdmGuid {
			v.Text = strings.ToLower(v.Text)
		}
	case schema.EdmBinary:
		v.Text = asText(src)
	case schema.EdmBoolean:
		return convertBool(v, src)
	case schema.EdmByte, schema.EdmSByte, schema.EdmInt16, schema.EdmInt32, schema.EdmInt64:
		return convertInt(v, src)
	case schema.EdmDecimal:
		v.Text = decimalText(src, scale)
	case schema.EdmDouble, schema.EdmSingle:
		return convertFloat(v, src)
	case schema.EdmDate, schema.EdmDateTimeOffset:
		return convertTime(v, src)
	case schema.EdmTimeOfDay:
		if t, ok := src.(time.Time); ok {
			v.Text = strings.TrimSuffix(strings.TrimRight(t.Format("15:04:05.000000000"), "0"), ".")
		} else {
			v.Text = asText(src)
		}
	default:
		return fmt.Errorf("no conversion")
	}
	return nil
}

func asText(src any) string {
	switch s := src.(type) {
	case []byte:
		return string(s) // copies: drivers reuse the buffer
	case string:
		return s
	case int64:
		return strconv.FormatInt(s, 10)
	case float64:
		return strconv.FormatFloat(s, 'g', -1, 64)
	case bool:
		return strconv.FormatBool(s)
	case time.Time:
		return s.Format(time.RFC3339Nano)
	}
	return fmt.Sprint(src)
}

func convertBool(v *odata.Value, src any) error {
	switch s := src.(type) {
	case bool:
		v.Bool = s
	case int64:
		v.Bool = s != 0
	case []byte, string:
		switch strings.ToLower(asText(s)) {
		case "1", "t", "true", "y", "yes", "\x01":
			v.Bool = true
		case "0", "f", "false", "n", "no", "\x00":
			v.Bool = false
		default:
			return fmt.Errorf("not a boolean")
		}
	default:
		return fmt.Errorf("not a boolean")
	}
	return nil
}

func convertInt(v *odata.Value, src any) error {
	switch s := src.(type) {
	case int64:
		v.Int = s
	case float64:
		v.Int = int64(s)
		if float64(v.Int) != s {
			return fmt.Errorf("%v is not an integer", s)
		}
	case bool:
		if s {
			v.Int = 1
		}
	default:
		n, err := strconv.ParseInt(asText(src), 10, 64)
		if err != nil {
			return err
		}
		v.Int = n
	}
	return nil
}

func convertFloat(v *odata.Value, src any) error {
	switch s := src.(type) {
	case float64:
		v.Float = s
	case int64:
		v.Float = float64(s)
	default:
		f, err := strconv.ParseFloat(asText(src), 64)
		if err != nil {
			return err
		}
		v.Float = f
	}
	return nil
}

// decimalText keeps exact decimal text from the database; floats (SQLite) are formatted with the
// column's scale so 12.5 in a DECIMAL(10,2) reads 12.50 like on the other engines.
func decimalText(src any, scale int) string {
	switch s := src.(type) {
	case float64:
		if scale > 0 {
			return strconv.FormatFloat(s, 'f', scale, 64)
		}
		return strconv.FormatFloat(s, 'f', -1, 64)
	case int64:
		if scale > 0 {
			return strconv.FormatInt(s, 10) + "." + strings.Repeat("0", scale)
		}
	}
	return asText(src)
}

// timeLayouts are the text forms drivers return for dates and timestamps (SQLite stores text).
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999-07",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

func convertTime(v *odata.Value, src any) error {
	var t time.Time
	switch s := src.(type) {
	case time.Time:
		t = s
	default:
		text := asText(src)
		layouts := timeLayouts
		if len(text) == len(time.DateOnly) {
			layouts = timeLayouts[len(timeLayouts)-1:] // a date: skip the failing timestamp layouts
		}
		var err error
		for _, layout := range layouts {
			if t, err = time.Parse(layout, text); err == nil {
				break
			}
		}
		if err != nil {
			return fmt.Errorf("unrecognised time %q", text)
		}
	}
	if v.Type == schema.EdmDate {
		y, m, d := t.Date()
		t = time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	}
	v.Time = t
	return nil
}
