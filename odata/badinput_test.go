package odata

import (
	"net/url"
	"strings"
	"testing"
)

// TestBadInputStatuses mirrors the parser-side cases of cmd/sfconnect's TestBadInput: the
// same URLs through SplitOptions, ParseQuery and ParsePath give the statuses it expects.
func TestBadInputStatuses(t *testing.T) {
	m := testModel(t)
	long := strings.Repeat("name eq 'x' or ", 2000) + "name eq 'y'"
	deep := strings.Repeat("(", 5000) + "name eq 'x'" + strings.Repeat(")", 5000)
	queries := []struct {
		name, query string
		status      int
	}{
		{"unknown select", "$select=nope", 400},
		{"unknown orderby", "$orderby=nope", 400},
		{"bad orderby direction", "$orderby=name%20sideways", 400},
		{"unknown filter property", "$filter=nope%20eq%201", 400},
		{"string vs number", "$filter=name%20eq%205", 400},
		{"unterminated string", "$filter=name%20eq%20'x", 400},
		{"sql injection in filter", "$filter=name%20eq%20''%20or%201=1%20--", 400},
		{"sql injection statement", "$filter=name%20eq%20'x';%20DROP%20TABLE%20customers", 400},
		{"deep nesting", "$filter=" + url.QueryEscape(deep), 400},
		{"long filter", "$filter=" + url.QueryEscape(long), 400},
		{"unknown function", "$filter=frobnicate(name)", 400},
		{"wrong arity", "$filter=contains(name)", 400},
		{"empty search", "$search=", 400},
	}
	set, _ := m.EntitySet("Customers")
	for _, c := range queries {
		o, err := SplitOptions(c.query)
		if err == nil {
			_, err = ParseQuery(set, o, DefaultLimits)
		}
		if e, ok := err.(*Error); !ok || e.Status != c.status {
			t.Errorf("%s: got %v, want status %d", c.name, err, c.status)
		}
	}
	paths := []struct {
		name, path string
		status     int
	}{
		{"text key for integer", "Customers(abc)", 400},
		{"string key for integer", "Customers('1')", 400},
		{"two values for one key", "Customers(1,2)", 400},
		{"unnamed composite key", "OrderLines(1)", 400},
		{"missing composite part", "OrderLines(order_id=1)", 400},
		{"unclosed key", "Customers(1", 400},
		{"percent-encoded string key", "Invoices('A%27%27B%2FC')", 0},
		{"nul in key", "Invoices('a%00b')", 0},
		{"named single key", "Customers(id=1)", 0},
		{"composite any order", "OrderLines(line_no=7,order_id=1)", 0},
	}
	for _, c := range paths {
		p, err := ParsePath(m, c.path)
		if c.status == 0 {
			if err != nil || p.Kind != PathEntity {
				t.Errorf("%s: got %v, want an entity path", c.name, err)
			}
			continue
		}
		if e, ok := err.(*Error); !ok || e.Status != c.status {
			t.Errorf("%s: got %v, want status %d", c.name, err, c.status)
		}
	}
}
