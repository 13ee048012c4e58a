package odata

import (
	"encoding/base64"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/schema"
)

// formatOData writes a bound expression back as fully parenthesised OData text with typed
// literal forms, so that parsing it again must give the same tree: a check of precedence,
// literal lexing and coercion all at once.
func formatOData(e Expr) string { return renderWith(e, formatValue) }

func formatValue(v Value) string {
	if v.Null {
		return "null"
	}
	switch v.Type {
	case schema.EdmString:
		return "'" + strings.ReplaceAll(v.Text, "'", "''") + "'"
	case schema.EdmBoolean:
		return strconv.FormatBool(v.Bool)
	case schema.EdmInt32:
		return strconv.FormatInt(v.Int, 10)
	case schema.EdmInt64:
		return strconv.FormatInt(v.Int, 10) + "L"
	case schema.EdmDecimal:
		return v.Text + "M"
	case schema.EdmDouble, schema.EdmSingle:
		switch {
		case math.IsInf(v.Float, 1):
			return "INF"
		case math.IsInf(v.Float, -1):
			return "-INF"
		case math.IsNaN(v.Float):
			return "NaN"
		}
		suffix := "d"
		if v.Type == schema.EdmSingle {
			suffix = "f"
		}
		return strconv.FormatFloat(v.Float, 'g', -1, 64) + suffix
	case schema.EdmDate:
		return v.Time.Format("2006-01-02")
	case schema.EdmDateTimeOffset:
		return v.Time.Format(time.RFC3339Nano)
	case schema.EdmGuid:
		return v.Text
	case schema.EdmTimeOfDay:
		return v.Text
	case schema.EdmDuration:
		return "duration'" + v.Text + "'"
	case schema.EdmBinary:
		return "binary'" + base64.RawURLEncoding.EncodeToString([]byte(v.Text)) + "'"
	}
	return "?"
}

var roomyLimits = Limits{MaxFilterLength: 1 << 22, MaxNodes: 1 << 20, MaxDepth: 4000, MaxInList: 1 << 20}

// checkRoundTrip parses the formatted form of e and compares the trees.
func checkRoundTrip(t *testing.T, set *schema.EntitySet, in string, e Expr) {
	t.Helper()
	text := formatOData(e)
	again, err := ParseFilter(set, text, roomyLimits)
	if err != nil {
		t.Fatalf("%q: formatted as %q, which fails: %v", in, text, err)
	}
	if a, b := render(e), render(again); a != b {
		t.Fatalf("%q: formatted as %q\nfirst  %s\nsecond %s", in, text, a, b)
	}
}

func TestFilterRoundTrip(t *testing.T) {
	set := testSet(t, "Customers")
	inputs := append([]string{}, filterSeeds...)
	inputs = append(inputs,
		"born ge 2015-01-01T10:00:00Z", "created lt 2015-01-01", "uid eq '01234567-89ab-cdef-0123-456789abcdef'",
		"name in ()", "name in (city)", "id in (-1, - 2, 3L, null)", "- - 5 eq id", "-(-id) eq 1",
		"created eq 1972-06-30T23:59:60Z", "created eq -10000-04-01T00:00:00+14:00", "born eq 0000-01-01",
		"span eq 'P1D'", "opens lt '08:30'", "rating eq 1e300", "score eq 1.5f", "id eq - 2147483648",
		"balance eq 1.25e-3M", "blob eq binary''", "name eq 'it''s'", "not not not active")
	for _, in := range inputs {
		e, err := ParseFilter(set, in, DefaultLimits)
		if err != nil {
			continue // the seeds include deliberate errors
		}
		checkRoundTrip(t, set, in, e)
	}
}
