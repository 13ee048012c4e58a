package odata

import (
	"strings"
	"testing"
)

// Salesforce shapes (SALESFORCE-CONNECT.md) and hostile inputs seed every fuzz target.
var filterSeeds = []string{
	"Country eq 'USA'",
	"contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true",
	"account_sf_id eq '001xx000003DGb2AAG'",
	"startswith(CompanyName,'a') eq true",
	"born ge 2015-01-01 and created lt 2015-01-01T00:00:00Z",
	"uid eq 01234567-89ab-cdef-0123-456789abcdef",
	"balance eq 12.5 and big eq 12L and balance ne 1.5M and rating lt 2.0d",
	"name eq 'O''Neil'",
	"created eq datetime'2015-01-01T00:00:00'",
	"uid eq guid'01234567-89ab-cdef-0123-456789abcdef'",
	"substringof('a',CompanyName)",
	"(name eq 'x')",
	"id in (1,2,3) and not (name eq null)",
	"-id add 2 mul 3 divby 4 mod 5 sub 6 div 7 eq -8",
	"length(trim(tolower(toupper(concat(name,'x'))))) gt indexof(name,'a')",
	"year(born) eq 2015 and hour(created) lt 12 and fractionalseconds(opens) eq 0",
	"round(balance) eq floor(rating) and ceiling(score) ne 1",
	"substring(name,1,2) eq 'ab' and date(created) eq 2015-01-01 and time(created) lt 12:00",
	"span eq duration'P1DT2H' and blob eq binary'Zm9v'",
	"name eq '' or 1=1 --",
	"name eq 'x'; DROP TABLE customers",
	"((((((((((name eq 'x'))))))))))",
	"rating eq INF or rating eq -INF or rating eq NaN",
}

func checkErr(t *testing.T, in string, err error) {
	t.Helper()
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("%q: error %T %v is not an *odata.Error", in, err, err)
	}
	if (e.Status < 400 || e.Status > 499) && e.Status != 501 {
		t.Fatalf("%q: status %d, want 4xx or 501", in, e.Status)
	}
	if e.Message == "" || len(e.Message) > 300 || len(e.Target) > 100 {
		t.Fatalf("%q: bad message %q / target %q", in, e.Message, e.Target)
	}
}

func FuzzParseFilter(f *testing.F) {
	for _, s := range filterSeeds {
		f.Add(s)
	}
	for _, s := range abnfInputs(f, "filter", "commonExpr", "boolCommonExpr", "orderby") {
		f.Add(s)
	}
	set := testSet(f, "Customers")
	f.Fuzz(func(t *testing.T, in string) {
		e, err := ParseFilter(set, in, DefaultLimits)
		if err != nil {
			checkErr(t, in, err)
		} else {
			checkPositions(t, in, e)
			if e.Type().String() != "Edm.Boolean" {
				t.Fatalf("%q: filter of type %v", in, e.Type())
			}
			checkRoundTrip(t, set, in, e)
		}
		if items, err := ParseOrderBy(set, in, DefaultLimits); err != nil {
			checkErr(t, in, err)
		} else {
			for _, it := range items {
				checkPositions(t, in, it.Expr)
			}
		}
	})
}

func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"Acme", "acme corp-x", `"blue green"`, `"say \"hi\""`, "a OR b AND NOT c",
		"(foo OR that) AND (bar OR baz) AND NOT quux", `"blue" green`, `"blue`, "O'Neil", ""} {
		f.Add(s)
	}
	for _, s := range abnfInputs(f, "search", "searchExpr") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		e, err := ParseSearch(in, DefaultLimits)
		if err != nil {
			checkErr(t, in, err)
			return
		}
		var walk func(SearchExpr)
		walk = func(e SearchExpr) {
			switch e := e.(type) {
			case *SearchPhrase:
				if strings.TrimSpace(e.Text) == "" {
					t.Fatalf("%q: empty phrase", in)
				}
			case *SearchAnd:
				walk(e.Left)
				walk(e.Right)
			case *SearchOr:
				walk(e.Left)
				walk(e.Right)
			case *SearchNot:
				walk(e.X)
			default:
				t.Fatalf("%q: node %T", in, e)
			}
		}
		walk(e)
	})
}

func FuzzParseKey(f *testing.F) {
	for _, s := range []string{"42", "'A''B'", "ID=1", "id=1", "order_id=1,line_no=7", "line_no=7,order_id=1",
		"01234567-89ab-cdef-0123-456789abcdef", "42L", "abc", "'1'", "1,2", "order_id=1", "'a\x00b'",
		"day=2015-01-01,kind='k',amount=12.50,flag=true,at=2015-01-01T10:00:00Z"} {
		f.Add(s)
	}
	m := testModel(f)
	f.Fuzz(func(t *testing.T, in string) {
		for _, set := range m.EntitySets {
			vals, err := ParseKey(set, in)
			if err != nil {
				checkErr(t, in, err)
				continue
			}
			if len(vals) != len(set.Key) {
				t.Fatalf("%s(%q): %d values for %d key parts", set.Name, in, len(vals), len(set.Key))
			}
			for i, v := range vals {
				if v.Type != set.Key[i].Type || v.Null {
					t.Fatalf("%s(%q): value %d is %v (null %v), key type %v", set.Name, in, i, v.Type, v.Null, set.Key[i].Type)
				}
			}
		}
	})
}
