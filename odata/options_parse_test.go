package odata

import (
	"reflect"
	"strings"
	"testing"

	"github.com/sfconnect/sfconnect/schema"
)

func TestParseOrderBy(t *testing.T) {
	set := testSet(t, "Customers")
	cases := []struct{ in, want string }{
		{"name", "name asc"},
		{"City asc", "City asc"},
		{"City desc", "City desc"},
		{"City DESC", "City desc"},
		{"name asc,id desc", "name asc, id desc"},
		{" name  desc , id ", "name desc, id asc"},
		{"name\tasc", "name asc"},
		{"tolower(name) desc, length(city)", "tolower(name) desc, length(city) asc"},
		{"year(born) desc,created", "year(born) desc, created asc"},
		{"balance add rating desc", "(balance add rating) desc"},
		{"id ge 3 asc", "(id ge 3) asc"},
		{"active", "active asc"},
	}
	for _, c := range cases {
		items, err := ParseOrderBy(set, c.in, DefaultLimits)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		parts := make([]string, len(items))
		for i, it := range items {
			dir := "asc"
			if it.Desc {
				dir = "desc"
			}
			parts[i] = render(it.Expr) + " " + dir
			checkPositions(t, c.in, it.Expr)
		}
		if got := strings.Join(parts, ", "); got != c.want {
			t.Errorf("%q: got %s, want %s", c.in, got, c.want)
		}
	}
	bad := []struct {
		in, message string
		status      int
	}{
		{"nope", "$orderby: Customers has no property nope (at position 1)", 400},
		{"name sideways", "$orderby: expected asc, desc or a comma, found 'sideways' (at position 6)", 400},
		{"name,", "$orderby: the expression ends where a value was expected (at position 6)", 400},
		{",name", "$orderby: expected a value, found ',' (at position 1)", 400},
		{"", "$orderby is empty", 400},
		{"null", "$orderby: cannot order by null (at position 1)", 400},
		{"name asc desc", "$orderby: expected asc, desc or a comma, found 'desc' (at position 10)", 400},
		{"frob(name)", "$orderby: unknown function frob (at position 1)", 400},
		{"orders/$count", "$orderby: Customers has no property orders (at position 1)", 400},
		{"name/@Core.Label", "$orderby: expected a property name after '/', found '@Core.Label' (at position 6)", 400},
	}
	for _, c := range bad {
		_, err := ParseOrderBy(set, c.in, DefaultLimits)
		e, ok := err.(*Error)
		if !ok || e.Message != c.message || e.Status != c.status {
			t.Errorf("%q: got %v, want %d %q", c.in, err, c.status, c.message)
		}
	}
	if _, err := ParseOrderBy(set, strings.Repeat("(", 100)+"name"+strings.Repeat(")", 100), DefaultLimits); err == nil {
		t.Error("deep $orderby accepted")
	}
}

func TestParseSelect(t *testing.T) {
	set := testSet(t, "Customers")
	names := func(ps []*schema.Property) []string {
		if ps == nil {
			return nil
		}
		out := make([]string, len(ps))
		for i, p := range ps {
			out[i] = p.Name
		}
		return out
	}
	cases := []struct {
		in   string
		want []string
	}{
		{"*", nil},
		{"name", []string{"name"}},
		{"CompanyName,Phone,ShipperID", []string{"CompanyName", "Phone", "ShipperID"}},
		{" name , city ", []string{"name", "city"}},
		{"name,city,name", []string{"name", "city"}},
		{"name,*", nil},
		{"*,*", nil},
	}
	for _, c := range cases {
		got, err := ParseSelect(set, c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if (got == nil) != (c.want == nil) || !reflect.DeepEqual(names(got), c.want) {
			t.Errorf("%q: got %v, want %v", c.in, names(got), c.want)
		}
	}
	bad := []struct {
		in, message, target string
		status              int
	}{
		{"nope", "$select: Customers has no property nope", "nope", 400},
		{"name,nope", "$select: Customers has no property nope", "nope", 400},
		{"Name", "$select: Customers has no property Name; did you mean name?", "Name", 400},
		{"", "$select is empty; leave it out to get every property", "$select", 400},
		{"name,,city", "$select has an empty item", "$select", 400},
		{"name/first", "$select: name/first is not supported: entity types are flat, select name itself", "name/first", 501},
		{"Model.*", "$select: Customers has no property Model.*", "Model.*", 400},
		{strings.Repeat("y", 500), "$select: Customers has no property " + strings.Repeat("y", 60) + "…", strings.Repeat("y", 60) + "…", 400},
	}
	for _, c := range bad {
		_, err := ParseSelect(set, c.in)
		e, ok := err.(*Error)
		if !ok || e.Message != c.message || e.Status != c.status || e.Target != c.target {
			t.Errorf("%q: got %v (target %q), want %d %q target %q", c.in, err, targetOf(err), c.status, c.message, c.target)
		}
	}
}

func targetOf(err error) string {
	if e, ok := err.(*Error); ok {
		return e.Target
	}
	return ""
}

// renderSearch prints a search tree canonically.
func renderSearch(e SearchExpr) string {
	switch e := e.(type) {
	case *SearchPhrase:
		return "<" + e.Text + ">"
	case *SearchAnd:
		return "(" + renderSearch(e.Left) + " AND " + renderSearch(e.Right) + ")"
	case *SearchOr:
		return "(" + renderSearch(e.Left) + " OR " + renderSearch(e.Right) + ")"
	case *SearchNot:
		return "(NOT " + renderSearch(e.X) + ")"
	}
	return "?"
}

func TestParseSearch(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Acme", "<Acme>"},
		{"acme corp", "<acme corp>"},
		{"  acme   corp-x  ", "<acme corp-x>"},
		{"O'Neil", "<O'Neil>"},
		{"rock and roll", "<rock and roll>"},
		{`"blue green"`, "<blue green>"},
		{`"  spaced  "`, "<  spaced  >"},
		{`"say \"hi\""`, `<say "hi">`},
		{`"back\\slash"`, `<back\slash>`},
		{`"blue" "green"`, "(<blue> AND <green>)"},
		{`"blue" green tea`, "(<blue> AND <green tea>)"},
		{"blue AND green", "(<blue> AND <green>)"},
		{"blue OR green", "(<blue> OR <green>)"},
		{"NOT blue", "(NOT <blue>)"},
		{"blue NOT green", "(<blue> AND (NOT <green>))"},
		{"a OR b AND c", "(<a> OR (<b> AND <c>))"},
		{"a AND b OR c", "((<a> AND <b>) OR <c>)"},
		{"NOT a AND b", "((NOT <a>) AND <b>)"},
		{"(foo OR that) AND (bar OR baz) AND NOT quux", "(((<foo> OR <that>) AND (<bar> OR <baz>)) AND (NOT <quux>))"},
		{"(a)(b)", "(<a> AND <b>)"},
		{"x-ray 3-d", "<x-ray 3-d>"},
		{"Grüße", "<Grüße>"},
		{`"a" OR "b c"`, "(<a> OR <b c>)"},
		{"'blue green'", "<blue green>"},
		{"'O''Neil AND co'", "<O'Neil AND co>"},
		{"'O'Neil'", "<'O'Neil'>"},
		{"''", "<''>"},
	}
	for _, c := range cases {
		e, err := ParseSearch(c.in, DefaultLimits)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := renderSearch(e); got != c.want {
			t.Errorf("%q: got %s, want %s", c.in, got, c.want)
		}
	}
	bad := []struct{ in, message string }{
		{"", "$search is empty"},
		{"   ", "$search is empty"},
		{`"blue`, "$search: the phrase starting here has no closing double quote (at position 1)"},
		{`"blue"green`, "$search: a quoted phrase must be followed by a space, ')' or the end (at position 7)"},
		{`blue"green"`, "$search: a double quote inside a word; quote the whole phrase (at position 5)"},
		{`""`, "$search: the quoted phrase is empty (at position 1)"},
		{`" "`, "$search: the quoted phrase is empty (at position 1)"},
		{"blue AND", "$search: the search ends where a word or phrase was expected (at position 9)"},
		{"AND blue", "$search: expected a word or phrase, found 'AND' (at position 1)"},
		{"blue OR", "$search: the search ends where a word or phrase was expected (at position 8)"},
		{"NOT", "$search: the search ends where a word or phrase was expected (at position 4)"},
		{"(blue", "$search: expected ')', found end of the search (at position 6)"},
		{"blue)", "$search: unexpected ')' (at position 5)"},
		{"()", "$search: expected a word or phrase, found ')' (at position 2)"},
		{strings.Repeat("(", 60) + "a" + strings.Repeat(")", 60), "$search: nesting is deeper than the limit of 50 (at position 51)"},
		{strings.Repeat("NOT ", 60) + "a", "$search: nesting is deeper than the limit of 50 (at position 197)"},
		{strings.Repeat("a", 9000), "$search is 9000 characters long; the limit is 8000"},
		{strings.Repeat("a OR ", 600) + "a", "$search has more than 500 terms; the limit is 500"},
	}
	for _, c := range bad {
		_, err := ParseSearch(c.in, DefaultLimits)
		e, ok := err.(*Error)
		if !ok || e.Message != c.message || e.Status != 400 || e.Target != "$search" {
			t.Errorf("%.30q: got %v, want 400 %q", c.in, err, c.message)
		}
	}
}

func TestParseKey(t *testing.T) {
	m := testModel(t)
	set := func(name string) *schema.EntitySet { s, _ := m.EntitySet(name); return s }
	cases := []struct {
		set, in, want string
	}{
		{"Customers", "42", "42"},
		{"Customers", " 42 ", "42"},
		{"Customers", "-7", "-7"},
		{"Customers", "42L", "42"},
		{"Customers", "id=42", "42"},
		{"Customers", "id = 42", "42"},
		{"Invoices", "'A''B'", "'A''B'"},
		{"Invoices", "'a/b'", "'a/b'"},
		{"Invoices", "'a\x00b'", "'a\x00b'"},
		{"Invoices", "''", "''"},
		{"Invoices", "code='x,y=z'", "'x,y=z'"},
		{"Things", "01234567-89ab-cdef-0123-456789ABCDEF", "guid'01234567-89ab-cdef-0123-456789abcdef'"},
		{"Things", "ID=0a1b2c3d-89ab-cdef-0123-456789abcdef", "guid'0a1b2c3d-89ab-cdef-0123-456789abcdef'"},
		{"Things", "guid'01234567-89ab-cdef-0123-456789abcdef'", "guid'01234567-89ab-cdef-0123-456789abcdef'"},
		{"Things", "'01234567-89ab-cdef-0123-456789abcdef'", "guid'01234567-89ab-cdef-0123-456789abcdef'"},
		{"OrderLines", "order_id=1,line_no=7", "1 7L"},
		{"OrderLines", "line_no=7,order_id=1", "1 7L"},
		{"OrderLines", "line_no=7L, order_id=1", "1 7L"},
		{"Mixed", "day=2015-01-01,kind='k',amount=12.50,flag=true,at=2015-01-01T10:00:00Z", "2015-01-01 'k' 12.50M true 2015-01-01T10:00:00Z"},
		{"Mixed", "amount=12,at=2015-01-01T10:00:00+01:00,flag=false,kind='',day=2015-01-01", "2015-01-01 '' 12M false 2015-01-01T10:00:00+01:00"},
	}
	for _, c := range cases {
		vals, err := ParseKey(set(c.set), c.in)
		if err != nil {
			t.Errorf("%s(%s): %v", c.set, c.in, err)
			continue
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			if v.Type != set(c.set).Key[i].Type {
				t.Errorf("%s(%s): value %d has type %v, want the key's %v", c.set, c.in, i, v.Type, set(c.set).Key[i].Type)
			}
			parts[i] = renderValue(v)
		}
		if got := strings.Join(parts, " "); got != c.want {
			t.Errorf("%s(%s): got %s, want %s", c.set, c.in, got, c.want)
		}
	}
	bad := []struct{ set, in, message string }{
		{"Customers", "abc", "key values must be literals: quote text as 'abc'"},
		{"Customers", "'1'", "'1' is not a valid Edm.Int32 for the key id of Customers"},
		{"Customers", "1,2", "Customers has a single key id; got 2 values"},
		{"Customers", "1.5", "1.5 is not a valid Edm.Int32 for the key id of Customers"},
		{"Customers", "2147483648", "2147483648 is not a valid Edm.Int32 for the key id of Customers"},
		{"Customers", "null", "the key id of Customers cannot be null"},
		{"Customers", "", "the key predicate of Customers is empty"},
		{"Customers", "nope=1", "nope is not a key property of Customers (key: id=…)"},
		{"Customers", "id=1,id=2", "the key part id is given twice"},
		{"Customers", "id=", "expected a key value at position 4"},
		{"Customers", "1 2", "expected ',' or the end of the key at position 3"},
		{"Customers", "(1)", "expected a key value at position 1"},
		{"Invoices", "'abc", "Invoices key: the string starting here has no closing quote (at position 1)"},
		{"Invoices", "abc", "key values must be literals: quote text as 'abc'"},
		{"Invoices", "42", "42 is not a valid Edm.String for the key code of Invoices"},
		{"OrderLines", "1", "the key of OrderLines has 2 parts; name them: order_id=…,line_no=…"},
		{"OrderLines", "1,7", "the key of OrderLines has 2 parts; name them: order_id=…,line_no=…"},
		{"OrderLines", "order_id=1", "the key of OrderLines needs line_no too (key: order_id=…,line_no=…)"},
		{"OrderLines", "order_id=1,order_id=2", "the key part order_id is given twice"},
		{"OrderLines", "order_id=1,7", "name every key part or none"},
		{"OrderLines", "order_id=1,qty=7", "qty is not a key property of OrderLines (key: order_id=…,line_no=…)"},
		{"Things", "'nope'", "'nope' is not a valid Edm.Guid for the key ID of Things"},
		{"Mixed", "day=2015-02-30,kind='k',amount=1,flag=true,at=2015-01-01T10:00:00Z", "Mixed key: 2015-02-30 is not a valid date or time (at position 5)"},
	}
	for _, c := range bad {
		_, err := ParseKey(set(c.set), c.in)
		e, ok := err.(*Error)
		if !ok || e.Status != 400 || e.Code != "BadKey" {
			t.Errorf("%s(%s): got %v, want a 400 BadKey", c.set, c.in, err)
			continue
		}
		if e.Message != c.message {
			t.Errorf("%s(%s): message %q, want %q", c.set, c.in, e.Message, c.message)
		}
	}
}
