package odata

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/schema"
)

// Assignment is one property value from a request body.
type Assignment struct {
	Prop  *schema.Property
	Value Value
}

// ParseEntityBody decodes a JSON entity from a create or update body into typed assignments in
// property order. Instance annotations ("@odata.type", "Name@odata.type") are ignored; unknown
// properties are one 400 naming all of them; each value is checked against its property's type,
// nullability, MaxLength and decimal precision/scale so the database never sees a value it
// would reject or silently round.
func ParseEntityBody(set *schema.EntitySet, body []byte) ([]Assignment, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var fields map[string]json.RawMessage
	if err := dec.Decode(&fields); err != nil || fields == nil {
		return nil, BadRequest("BadBody", "the request body must be a JSON object")
	}
	if dec.More() {
		return nil, BadRequest("BadBody", "the request body must hold exactly one JSON object")
	}
	var unknown []string
	var out []Assignment
	for _, p := range set.Properties {
		raw, ok := fields[p.Name]
		if !ok {
			continue
		}
		v, err := parseBodyValue(p, raw)
		if err != nil {
			return nil, err
		}
		out = append(out, Assignment{Prop: p, Value: v})
	}
	for name := range fields {
		if _, ok := set.Property(name); !ok && !strings.Contains(name, "@") {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) > 0 {
		sort.Strings(unknown)
		return nil, BadRequest("UnknownProperty", "%s has no property %s", set.Name, quoteList(unknown)).WithTarget(unknown[0])
	}
	return out, nil
}

func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(truncate(n, 60))
	}
	return strings.Join(q, ", ")
}

func parseBodyValue(p *schema.Property, raw json.RawMessage) (Value, error) {
	bad := func(format string, args ...any) (Value, error) {
		return Value{}, BadRequest("BadPropertyValue", "property %s: %s", p.Name, fmt.Sprintf(format, args...)).WithTarget(p.Name)
	}
	raw = bytes.TrimSpace(raw)
	if bytes.Equal(raw, []byte("null")) {
		if !p.Nullable {
			return bad("must not be null")
		}
		return Value{Type: p.Type, Null: true}, nil
	}
	var x any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&x); err != nil {
		return bad("is not valid JSON")
	}
	v, err := primitiveFromJSON(p, x)
	if err != nil {
		return bad("%v", err)
	}
	return v, nil
}

func primitiveFromJSON(p *schema.Property, x any) (Value, error) {
	v := Value{Type: p.Type}
	switch x := x.(type) {
	case map[string]any, []any:
		return v, fmt.Errorf("must be a %s value, not an object or array", p.Type)
	case bool:
		if p.Type != schema.EdmBoolean {
			return v, fmt.Errorf("expected %s, got a boolean", p.Type)
		}
		v.Bool = x
		return v, nil
	case json.Number:
		return numberValue(p, string(x), true)
	case string:
		return stringValue(p, x)
	}
	return v, fmt.Errorf("unsupported JSON value")
}

// numberValue converts numeric text (a JSON number, or a string for Int64/Decimal/Double sent
// by IEEE754Compatible clients) to p's type.
func numberValue(p *schema.Property, s string, fromNumber bool) (Value, error) {
	v := Value{Type: p.Type}
	switch {
	case p.Type.IsIntegral():
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return v, fmt.Errorf("expected an integer, got %s", truncate(s, 30))
		}
		if lo, hi := intRange(p.Type); n < lo || n > hi {
			return v, fmt.Errorf("%d is out of range for %s", n, p.Type)
		}
		v.Int = n
	case p.Type == schema.EdmDecimal:
		text, err := checkDecimal(s, p.Precision, p.Scale)
		if err != nil {
			return v, err
		}
		v.Text = text
	case p.Type == schema.EdmDouble || p.Type == schema.EdmSingle:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || (fromNumber && (math.IsInf(f, 0) || math.IsNaN(f))) {
			return v, fmt.Errorf("expected a number, got %s", truncate(s, 30))
		}
		v.Float = f
	default:
		return v, fmt.Errorf("expected %s, got a number", p.Type)
	}
	return v, nil
}

func intRange(t schema.EdmType) (int64, int64) {
	switch t {
	case schema.EdmByte:
		return 0, math.MaxUint8
	case schema.EdmSByte:
		return math.MinInt8, math.MaxInt8
	case schema.EdmInt16:
		return math.MinInt16, math.MaxInt16
	case schema.EdmInt32:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

var decimalRE = regexp.MustCompile(`^[+-]?(\d+)(?:\.(\d*))?(?:[eE][+-]?\d+)?$`)

// checkDecimal validates decimal text against precision and scale, rejecting values the
// database would round silently; it returns the text normalised without exponent.
func checkDecimal(s string, precision, scale int) (string, error) {
	m := decimalRE.FindStringSubmatch(s)
	if m == nil {
		return "", fmt.Errorf("expected a decimal number, got %s", truncate(s, 30))
	}
	if strings.ContainsAny(s, "eE") {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return "", fmt.Errorf("expected a decimal number, got %s", truncate(s, 30))
		}
		s = strconv.FormatFloat(f, 'f', -1, 64)
		m = decimalRE.FindStringSubmatch(s)
	}
	intDigits := len(strings.TrimLeft(m[1], "0"))
	frac := strings.TrimRight(m[2], "0")
	if precision > 0 && len(frac) > scale {
		return "", fmt.Errorf("%s has more than %d decimal places", truncate(s, 30), scale)
	}
	if precision > 0 && intDigits > precision-scale {
		return "", fmt.Errorf("%s has more than %d digits before the decimal point", truncate(s, 30), precision-scale)
	}
	return strings.TrimPrefix(s, "+"), nil
}

var (
	timeOfDayRE = regexp.MustCompile(`^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,12})?)?$`)
	guidRE      = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)
	durationRE  = regexp.MustCompile(`^-?P(\d+D)?(T(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$`)
)

func stringValue(p *schema.Property, s string) (Value, error) {
	v := Value{Type: p.Type}
	switch p.Type {
	case schema.EdmString:
		if !utf8.ValidString(s) {
			return v, fmt.Errorf("is not valid UTF-8")
		}
		if n := utf8.RuneCountInString(s); p.MaxLength > 0 && n > p.MaxLength {
			return v, fmt.Errorf("is %d characters long, at most %d allowed", n, p.MaxLength)
		}
		v.Text = s
	case schema.EdmInt64, schema.EdmInt32, schema.EdmInt16, schema.EdmByte, schema.EdmSByte, schema.EdmDecimal:
		return numberValue(p, s, false)
	case schema.EdmDouble, schema.EdmSingle:
		switch s {
		case "INF", "Infinity":
			v.Float = math.Inf(1)
		case "-INF", "-Infinity":
			v.Float = math.Inf(-1)
		case "NaN":
			v.Float = math.NaN()
		default:
			return numberValue(p, s, false)
		}
	case schema.EdmDate:
		t, err := time.Parse("2006-01-02", s)
		if err != nil {
			return v, fmt.Errorf("expected a date YYYY-MM-DD, got %q", truncate(s, 30))
		}
		v.Time = t
	case schema.EdmDateTimeOffset:
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return v, fmt.Errorf("expected a timestamp like 2024-05-01T10:00:00Z, got %q", truncate(s, 40))
		}
		v.Time = t
	case schema.EdmTimeOfDay:
		if !timeOfDayRE.MatchString(s) {
			return v, fmt.Errorf("expected a time of day HH:MM:SS, got %q", truncate(s, 30))
		}
		v.Text = s
	case schema.EdmGuid:
		if !guidRE.MatchString(s) {
			return v, fmt.Errorf("expected a GUID, got %q", truncate(s, 40))
		}
		v.Text = strings.ToLower(s)
	case schema.EdmDuration:
		if !durationRE.MatchString(s) || s == "P" || strings.HasSuffix(s, "T") {
			return v, fmt.Errorf("expected an ISO 8601 duration, got %q", truncate(s, 30))
		}
		v.Text = s
	case schema.EdmBinary:
		b, err := decodeBase64(s)
		if err != nil {
			return v, fmt.Errorf("expected base64url, got invalid data")
		}
		if p.MaxLength > 0 && len(b) > p.MaxLength {
			return v, fmt.Errorf("is %d bytes long, at most %d allowed", len(b), p.MaxLength)
		}
		v.Text = string(b)
	default:
		return v, fmt.Errorf("expected %s, got a string", p.Type)
	}
	return v, nil
}

// decodeBase64 accepts base64url (the OData form) and standard base64, padded or not.
func decodeBase64(s string) ([]byte, error) {
	s = strings.TrimRight(s, "=")
	if strings.ContainsAny(s, "+/") {
		return base64.RawStdEncoding.DecodeString(s)
	}
	return base64.RawURLEncoding.DecodeString(s)
}
