package odata

import "testing"

func TestSplitOptions(t *testing.T) {
	cases := []struct {
		raw            string
		filter, format string
		status         int
	}{
		{raw: "$filter=name%20eq%20'a;b'&$format=json", filter: "name eq 'a;b'", format: "json"},
		{raw: "$filter=name eq 'a;b'", filter: "name eq 'a;b'"}, // unencoded semicolon and spaces
		{raw: "$format=application/json;odata.metadata=full", format: "application/json;odata.metadata=full"},
		{raw: "$filter=a+eq+1&&x=1&", filter: "a eq 1"}, // '+' is a space; empty parts and custom options ignored
		{raw: "$FILTER=a%20eq%201", filter: "a eq 1"},   // 4.01: names are case-insensitive
		{raw: "$filter=1&$Filter=2", status: 400},
		{raw: "$filter=%zz", status: 400},
		{raw: "$expand=x", status: 501},
		{raw: "$nope=1", status: 400},
	}
	for _, tc := range cases {
		o, err := SplitOptions(tc.raw)
		if tc.status != 0 {
			if oe, ok := AsError(err); !ok || oe.Status != tc.status {
				t.Errorf("%q: error %v, want status %d", tc.raw, err, tc.status)
			}
			continue
		}
		if err != nil || o.Filter != tc.filter || o.Format != tc.format {
			t.Errorf("%q: filter %q format %q err %v; want %q %q", tc.raw, o.Filter, o.Format, err, tc.filter, tc.format)
		}
	}
}
