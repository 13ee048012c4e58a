package sqlite_test

import (
	"reflect"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// TestArg pins the storage conventions values are bound in.
func TestArg(t *testing.T) {
	plus2 := time.FixedZone("", 2*3600)
	cases := []struct {
		v    odata.Value
		want any
	}{
		{odata.TimeValue(schema.EdmDateTimeOffset, time.Date(2024, 2, 29, 1, 2, 3, 4000, plus2)), "2024-02-28T23:02:03.000004Z"},
		{odata.TimeValue(schema.EdmDateTimeOffset, time.Date(2024, 2, 29, 1, 2, 3, 0, time.UTC)), "2024-02-29T01:02:03.000000Z"},
		{odata.TimeValue(schema.EdmDate, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)), "2024-02-29"},
		{odata.TimeValue(schema.EdmDateTimeOffset, time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)), "9999-12-31T23:59:59.999999Z~"},
		{odata.TimeValue(schema.EdmDate, time.Date(12345, 1, 1, 0, 0, 0, 0, time.UTC)), "9999-12-31~"},
		{odata.BoolValue(true), int64(1)},
		{odata.BoolValue(false), int64(0)},
		{odata.DecimalValue("12.50"), 12.5},
		{odata.DecimalValue("-12"), int64(-12)},
		{odata.DecimalValue("99999999999999999999.5"), 99999999999999999999.5},
		{odata.Value{Type: schema.EdmGuid, Text: "0A1B2C3D-0000-4000-8000-00000000ABCD"}, "0a1b2c3d-0000-4000-8000-00000000abcd"},
		{odata.Value{Type: schema.EdmBinary, Text: "\x00\xff"}, []byte{0, 255}},
		{odata.IntValue(schema.EdmInt32, -7), int64(-7)},
		{odata.DoubleValue(1.5), 1.5},
		{odata.StringValue("O'Neil"), "O'Neil"},
		{odata.Value{Type: schema.EdmString, Null: true}, nil},
		{odata.NullValue, nil},
	}
	for _, c := range cases {
		if got := (sqlite.Dialect{}).Arg(c.v); !reflect.DeepEqual(got, c.want) {
			t.Errorf("Arg(%+v) = %#v, want %#v", c.v, got, c.want)
		}
	}
}

func TestMatchPatterns(t *testing.T) {
	d := sqlite.Dialect{}
	cases := []struct {
		kind          sources.MatchKind
		text          string
		fold          bool
		tmpl, pattern string
	}{
		{sources.MatchContains, "a*b?[c]", false, "{0} GLOB {1}", "*a[*]b[?][[]c]*"},
		{sources.MatchPrefix, "Ac", false, "{0} GLOB {1}", "Ac*"},
		{sources.MatchSuffix, "me", false, "{0} GLOB {1}", "*me"},
		{sources.MatchContains, `50%_\`, true, `{0} LIKE {1} ESCAPE '\'`, `%50\%\_\\%`},
	}
	for _, c := range cases {
		tmpl, pattern := d.Match(c.kind, c.text, c.fold)
		if tmpl != c.tmpl || pattern != c.pattern {
			t.Errorf("Match(%s, %q, %v) = %q, %q; want %q, %q", c.kind, c.text, c.fold, tmpl, pattern, c.tmpl, c.pattern)
		}
	}
}
