package odata

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/schema"
)

func mustFilter(t *testing.T, set *schema.EntitySet, text string) Expr {
	t.Helper()
	e, err := ParseFilter(set, text, DefaultLimits)
	if err != nil {
		t.Fatalf("ParseFilter(%q): %v", text, err)
	}
	checkPositions(t, text, e)
	return e
}

// checkPositions asserts that every node of e has a position inside text.
func checkPositions(t *testing.T, text string, e Expr) {
	t.Helper()
	n := utf8.RuneCountInString(text)
	var walk func(Expr)
	walk = func(e Expr) {
		if p := e.Pos(); p < 1 || p > n {
			t.Errorf("%q: node %s has position %d, outside 1..%d", text, render(e), p, n)
		}
		switch e := e.(type) {
		case *Binary:
			walk(e.Left)
			walk(e.Right)
		case *Unary:
			walk(e.X)
		case *Call:
			for _, a := range e.Args {
				walk(a)
			}
		case *In:
			walk(e.X)
			for _, a := range e.List {
				walk(a)
			}
		}
	}
	walk(e)
}

func TestFilterPrecedence(t *testing.T) {
	set := testSet(t, "Customers")
	cases := []struct{ in, want string }{
		{"active or active and active", "(active or (active and active))"},
		{"active and active or active", "((active and active) or active)"},
		{"active or active or active", "((active or active) or active)"},
		{"active and active and active", "((active and active) and active)"},
		{"id add 2 mul 3 eq 7", "((id add (2 mul 3)) eq 7)"},
		{"id mul 2 add 3 eq 7", "(((id mul 2) add 3) eq 7)"},
		{"id sub 1 sub 2 eq 0", "(((id sub 1) sub 2) eq 0)"},
		{"id div 2 mul 3 eq 0", "(((id div 2) mul 3) eq 0)"},
		{"id mod 2 divby 3 eq 0", "(((id mod 2) divby 3) eq 0)"},
		{"id sub (1 sub 2) eq 0", "((id sub (1 sub 2)) eq 0)"},
		{"id lt 5 eq true", "((id lt 5) eq true)"},
		{"id lt 5 eq id gt 7", "((id lt 5) eq (id gt 7))"},
		{"not active and active", "((not active) and active)"},
		{"not (active and active)", "(not (active and active))"},
		{"not not active", "(not (not active))"},
		{"-id add 1 eq 0", "(((-id) add 1) eq 0)"},
		{"- 5 eq id", "(-5 eq id)"},
		{"-(id) eq -5", "((-id) eq -5)"},
		{"id in (1, 2) and active", "((id in (1,2)) and active)"},
		{"not id in (1,2)", "(not (id in (1,2)))"},
		{"(((name eq 'x')))", "(name eq 'x')"},
		{"name EQ 'Milk' AND id LT 2", "((name eq 'Milk') and (id lt 2))"},
		{"contains(name,'a') eq true or contains(city,'a') eq false", "((contains(name,'a') eq true) or (contains(city,'a') eq false))"},
		{"contains(name,'a') and not startswith(name,'b')", "(contains(name,'a') and (not startswith(name,'b')))"},
		{"length(name) add 1 gt 3", "((length(name) add 1) gt 3)"},
		{"true", "true"},
		{"active", "active"},
		{"null eq name", "(null eq name)"},
		{"name eq null or name ne null", "((name eq null) or (name ne null))"},
	}
	for _, c := range cases {
		if got := render(mustFilter(t, set, c.in)); got != c.want {
			t.Errorf("%q\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestFilterLiterals(t *testing.T) {
	set := testSet(t, "Customers")
	cases := []struct{ in, want string }{
		{"id eq 42", "(id eq 42)"},
		{"id eq +42", "(id eq 42)"},
		{"id eq -2147483648", "(id eq -2147483648)"},
		{"id eq 2147483648", "(id eq 2147483648L)"},
		{"big eq 12L", "(big eq 12L)"},
		{"big eq 9223372036854775807", "(big eq 9223372036854775807L)"},
		{"balance eq 99999999999999999999", "(balance eq 99999999999999999999M)"},
		{"balance eq 1.50", "(balance eq 1.50M)"},
		{"balance eq 1.5M", "(balance eq 1.5M)"},
		{"balance eq 007.5m", "(balance eq 7.5M)"},
		{"balance eq -0.0", "(balance eq 0.0M)"},
		{"balance eq 12e2M", "(balance eq 1200M)"},
		{"balance eq 1.25e-3M", "(balance eq 0.00125M)"},
		{"rating eq 2.0d", "(rating eq 2d)"},
		{"rating eq 1e10", "(rating eq 1e+10d)"},
		{"rating eq -0.314e1", "(rating eq -3.14d)"},
		{"rating eq INF", "(rating eq INFd)"},
		{"rating eq -INF", "(rating eq -INFd)"},
		{"rating eq NaN", "(rating eq NaNd)"},
		{"score eq 1.5f", "(score eq 1.5f)"},
		{"name eq 'O''Neil'", "(name eq 'O''Neil')"},
		{"name eq ''", "(name eq '')"},
		{"name eq 'a%20b'", "(name eq 'a%20b')"},
		{"name eq 'Grüße ✓'", "(name eq 'Grüße ✓')"},
		{"Straße eq 'x'", "(Straße eq 'x')"},
		{"active eq TRUE", "(active eq true)"},
		{"name eq NULL", "(name eq null)"},
		{"born eq 2015-01-01", "(born eq 2015-01-01)"},
		{"born eq 0000-01-01", "(born eq 0000-01-01)"},
		{"created eq 2015-01-01T10:20:30Z", "(created eq 2015-01-01T10:20:30Z)"},
		{"created eq 2015-01-01T10:20Z", "(created eq 2015-01-01T10:20:00Z)"},
		{"created eq 2015-01-01T10:20:30.1234567Z", "(created eq 2015-01-01T10:20:30.1234567Z)"},
		{"created eq 2015-01-01T10:20:30.123456789012Z", "(created eq 2015-01-01T10:20:30.123456789Z)"},
		{"created eq 2015-01-01T10:20:30+02:00", "(created eq 2015-01-01T10:20:30+02:00)"},
		{"created eq 2015-01-01T10:20:30-05:30", "(created eq 2015-01-01T10:20:30-05:30)"},
		{"created eq 2015-01-01T10:20:30", "(created eq 2015-01-01T10:20:30Z)"},
		{"created eq datetime'2015-01-01T10:20:30'", "(created eq 2015-01-01T10:20:30Z)"},
		{"created eq datetimeoffset'2015-01-01T10:20:30Z'", "(created eq 2015-01-01T10:20:30Z)"},
		{"created eq 1972-06-30T23:59:60Z", "(created eq 1972-07-01T00:00:00Z)"},
		{"opens eq 11:22", "(opens eq time'11:22:00')"},
		{"opens eq 11:22:33.4444444", "(opens eq time'11:22:33.4444444')"},
		{"uid eq 01234567-89AB-cdef-0123-456789abcdef", "(uid eq guid'01234567-89ab-cdef-0123-456789abcdef')"},
		{"uid eq abcdef01-89ab-cdef-0123-456789abcdef", "(uid eq guid'abcdef01-89ab-cdef-0123-456789abcdef')"},
		{"uid eq guid'01234567-89ab-cdef-0123-456789abcdef'", "(uid eq guid'01234567-89ab-cdef-0123-456789abcdef')"},
		{"span eq duration'P1DT2H'", "(span eq duration'P1DT2H')"},
		{"span eq duration'-P6DT23H59M59.9999S'", "(span eq duration'-P6DT23H59M59.9999S')"},
		{"span eq time'PT13H20M'", "(span eq duration'PT13H20M')"},
		{"blob eq binary'Zm9vYmFy'", `(blob eq binary"foobar")`},
		{"blob eq binary'Zg'", `(blob eq binary"f")`},
	}
	for _, c := range cases {
		if got := render(mustFilter(t, set, c.in)); got != c.want {
			t.Errorf("%q\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// TestFilterCoercion covers the liberal conversions of literals towards the compared type.
func TestFilterCoercion(t *testing.T) {
	set := testSet(t, "Customers")
	cases := []struct{ in, want string }{
		// string literals against typed columns
		{"uid eq '01234567-89AB-cdef-0123-456789abcdef'", "(uid eq guid'01234567-89ab-cdef-0123-456789abcdef')"},
		{"born eq '2015-01-01'", "(born eq 2015-01-01)"},
		{"created ge '2015-01-01T00:00:00Z'", "(created ge 2015-01-01T00:00:00Z)"},
		{"span eq 'P1D'", "(span eq duration'P1D')"},
		{"opens lt '08:30'", "(opens lt time'08:30:00')"},
		// Date column against DateTimeOffset literals: the calendar date in the literal's offset
		{"born eq 2015-01-01T00:00:00Z", "(born eq 2015-01-01)"},
		{"born eq 2015-01-01T00:00:00-08:00", "(born eq 2015-01-01)"},
		{"born ge 2015-01-01T00:00:00Z", "(born ge 2015-01-01)"},
		{"born lt 2015-01-01T00:00:00Z", "(born lt 2015-01-01)"},
		{"born ge 2015-01-01T10:00:00Z", "(born gt 2015-01-01)"},
		{"born lt 2015-01-01T10:00:00Z", "(born le 2015-01-01)"},
		{"born gt 2015-01-01T10:00:00Z", "(born gt 2015-01-01)"},
		{"born le 2015-01-01T10:00:00Z", "(born le 2015-01-01)"},
		{"born eq 2015-01-01T10:00:00Z", "(born eq 2015-01-01)"},
		{"2015-01-01T10:00:00Z le born", "(2015-01-01 lt born)"},
		{"2015-01-01T10:00:00Z gt born", "(2015-01-01 ge born)"},
		{"born in (2015-01-01T00:00:00Z, 2016-02-02)", "(born in (2015-01-01,2016-02-02))"},
		// DateTimeOffset column against Date literals: midnight UTC
		{"created ge 2015-01-01", "(created ge 2015-01-01T00:00:00Z)"},
		{"2015-01-01 lt created", "(2015-01-01T00:00:00Z lt created)"},
		// numbers of any type against any numeric column
		{"id eq 5000000000", "(id eq 5000000000L)"},
		{"id eq 1.5", "(id eq 1.5M)"},
		{"age eq 2.5d", "(age eq 2.5d)"},
		{"balance gt 3", "(balance gt 3)"},
		{"tiny lt big", "(tiny lt big)"},
	}
	for _, c := range cases {
		if got := render(mustFilter(t, set, c.in)); got != c.want {
			t.Errorf("%q\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

func TestFilterTypes(t *testing.T) {
	set := testSet(t, "Customers")
	cases := []struct {
		in   string
		want schema.EdmType
	}{
		{"id add 1", schema.EdmInt32},
		{"age add tiny", schema.EdmInt32},
		{"id add 1L", schema.EdmInt64},
		{"big mul 2", schema.EdmInt64},
		{"id div 2", schema.EdmInt32},
		{"id divby 2", schema.EdmDecimal},
		{"id mod 2", schema.EdmInt32},
		{"id add 1.5", schema.EdmDecimal},
		{"balance sub 1", schema.EdmDecimal},
		{"rating add 1", schema.EdmDouble},
		{"balance add rating", schema.EdmDouble},
		{"score add score", schema.EdmSingle},
		{"score add balance", schema.EdmDouble},
		{"rating divby 2", schema.EdmDouble},
		{"id add null", schema.EdmInt32},
		{"-balance", schema.EdmDecimal},
		{"-age", schema.EdmInt16},
		{"length(name)", schema.EdmInt32},
		{"indexof(name,'a')", schema.EdmInt32},
		{"substring(name,1)", schema.EdmString},
		{"substring(name,1,2L)", schema.EdmString},
		{"tolower(name)", schema.EdmString},
		{"toupper(name)", schema.EdmString},
		{"trim(name)", schema.EdmString},
		{"concat(name,'x')", schema.EdmString},
		{"contains(name,'x')", schema.EdmBoolean},
		{"startswith(name,'x')", schema.EdmBoolean},
		{"endswith(name,'x')", schema.EdmBoolean},
		{"substringof('x',name)", schema.EdmBoolean},
		{"year(born)", schema.EdmInt32},
		{"month(created)", schema.EdmInt32},
		{"day(born)", schema.EdmInt32},
		{"hour(created)", schema.EdmInt32},
		{"minute(opens)", schema.EdmInt32},
		{"second(created)", schema.EdmInt32},
		{"fractionalseconds(created)", schema.EdmDecimal},
		{"date(created)", schema.EdmDate},
		{"time(created)", schema.EdmTimeOfDay},
		{"now()", schema.EdmDateTimeOffset},
		{"round(balance)", schema.EdmDecimal},
		{"floor(rating)", schema.EdmDouble},
		{"ceiling(id)", schema.EdmInt32},
		{"round(null)", schema.EdmDecimal},
		{"id eq 1", schema.EdmBoolean},
		{"id in (1)", schema.EdmBoolean},
		{"name", schema.EdmString},
		{"null", schema.EdmInvalid},
	}
	for _, c := range cases {
		n, err := parseSyntax(c.in, "$filter", "BadFilter", DefaultLimits)
		if err != nil {
			t.Fatalf("%q: %v", c.in, err)
		}
		e, err := (&binder{set: set, option: "$filter", code: "BadFilter"}).bind(n)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if e.Type() != c.want {
			t.Errorf("%q: type %v, want %v", c.in, e.Type(), c.want)
		}
		checkPositions(t, c.in, e)
	}
}

func TestFilterSubstringofAndFunctionNames(t *testing.T) {
	set := testSet(t, "Customers")
	cases := []struct{ in, want string }{
		{"substringof('Acme',CompanyName)", "contains(CompanyName,'Acme')"},
		{"substringof('Acme',CompanyName) eq true", "(contains(CompanyName,'Acme') eq true)"},
		{"CONTAINS(name,'a')", "contains(name,'a')"},
		{"ToLower(name) eq 'x'", "(tolower(name) eq 'x')"},
		{"contains( name , 'a' )", "contains(name,'a')"},
		{"now ( ) gt created", "(now() gt created)"},
		{"contains(tolower(name),tolower('ACME'))", "contains(tolower(name),tolower('ACME'))"},
		{"contains(name,null)", "contains(name,null)"},
		{"year(born) eq 2015 and month(born) eq 1", "((year(born) eq 2015) and (month(born) eq 1))"},
		{"name in ('a','b','c')", "(name in ('a','b','c'))"},
		{"name in ()", "false"},
		{"name in (city)", "(name eq city)"},
		{"id in (-1, - 2, 3L)", "(id in (-1,-2,3L))"},
		{"name in ('a', null, 'b')", "(name in ('a',null,'b'))"},
		{"name in (null)", "(name in (null))"},
		{"null in (1)", "(null in (1))"},
		{"not(active)", "(not active)"},
		{"contains(name,'a')eq true", "(contains(name,'a') eq true)"},
	}
	for _, c := range cases {
		if got := render(mustFilter(t, set, c.in)); got != c.want {
			t.Errorf("%q\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// TestFilterErrors checks status, message (with the position) and Target of rejected filters.
func TestFilterErrors(t *testing.T) {
	set := testSet(t, "Customers")
	cases := []struct {
		in      string
		status  int
		message string
		target  string
	}{
		{"nope eq 1", 400, "$filter: Customers has no property nope (at position 1)", "nope"},
		{"name eq 5", 400, "$filter: cannot compare Edm.String with Edm.Int32 (at position 6)", "$filter"},
		{"5 eq name", 400, "$filter: cannot compare Edm.Int32 with Edm.String (at position 3)", "$filter"},
		{"name eq 'x", 400, "$filter: the string starting here has no closing quote (at position 9)", "$filter"},
		{"name eq '' or 1=1 --", 400, "$filter: unexpected '=' after a complete expression (at position 16)", "$filter"},
		{"name eq 'x'; DROP TABLE customers", 400, "$filter: unexpected character ';' (at position 12)", "$filter"},
		{"frobnicate(name)", 400, "$filter: unknown function frobnicate (at position 1)", "$filter"},
		{"contains(name)", 400, "$filter: contains needs 2 arguments, got 1 (at position 1)", "$filter"},
		{"now(1)", 400, "$filter: now needs no arguments, got 1 (at position 1)", "$filter"},
		{"substring(name)", 400, "$filter: substring needs 2 or 3 arguments, got 1 (at position 1)", "$filter"},
		{"contains(id,'1')", 400, "$filter: argument 1 of contains must be a string, got Edm.Int32 (at position 10)", "$filter"},
		{"substring(name,'1')", 400, "$filter: argument 2 of substring must be an integer, got Edm.String (at position 16)", "$filter"},
		{"year(name) eq 1", 400, "$filter: argument 1 of year must be a date or date-time, got Edm.String (at position 6)", "$filter"},
		{"hour(born) eq 1", 400, "$filter: argument 1 of hour must be a date-time or time of day, got Edm.Date (at position 6)", "$filter"},
		{"round(name) eq 1", 400, "$filter: argument 1 of round must be a number, got Edm.String (at position 7)", "$filter"},
		{"name", 400, "$filter: the filter must be a true/false condition, not Edm.String (at position 1)", "$filter"},
		{"id add 1", 400, "$filter: the filter must be a true/false condition, not Edm.Int32 (at position 4)", "$filter"},
		{"null", 400, "$filter: the filter must be a true/false condition, not null (at position 1)", "$filter"},
		{"not name eq 'x'", 400, "$filter: not needs a true/false operand, got Edm.String; write not (a eq b) (at position 1)", "$filter"},
		{"name and active", 400, "$filter: and needs true/false operands, got Edm.String (at position 1)", "$filter"},
		{"name add 1 eq 2", 400, "$filter: add needs numbers, got Edm.String (at position 1)", "$filter"},
		{"-name eq 'x'", 400, "$filter: '-' needs a number, got Edm.String (at position 1)", "$filter"},
		{"active eq 1", 400, "$filter: cannot compare Edm.Boolean with Edm.Int32 (at position 8)", "$filter"},
		{"uid eq 'nope'", 400, "$filter: 'nope' is not a valid Edm.Guid (at position 8)", "$filter"},
		{"born eq 2015-02-30", 400, "$filter: 2015-02-30 is not a valid date or time (at position 9)", "$filter"},
		{"created eq 2015-01-01T24:00:00Z", 400, "$filter: 2015-01-01T24:00:00Z is not a valid date or time (at position 12)", "$filter"},
		{"born eq created", 400, "$filter: cannot compare Edm.Date with Edm.DateTimeOffset (at position 6)", "$filter"},
		{"name eq \"x\"", 400, "$filter: strings use single quotes, not double quotes (at position 9)", "$filter"},
		{"id eq 12abc", 400, "$filter: 12abc is not a valid number (at position 7)", "$filter"},
		{"id eq 42.", 400, "$filter: 42. is not a valid number (at position 7)", "$filter"},
		{"id eq 1.5L", 400, "$filter: 1.5L is not an integer (at position 7)", "$filter"},
		{"big eq 9223372036854775808L", 400, "$filter: 9223372036854775808L is out of range for Edm.Int64 (at position 8)", "$filter"},
		{"(name eq 'x'", 400, "$filter: expected ')', found the end of the text (at position 13)", "$filter"},
		{"name eq 'x' 'y'", 400, "$filter: unexpected 'y' after a complete expression (at position 13)", "$filter"},
		{"name eq 'x')", 400, "$filter: unexpected ')' after a complete expression (at position 12)", "$filter"},
		{"name eq", 400, "$filter: the expression ends where a value was expected (at position 8)", "$filter"},
		{"", 400, "$filter is empty", "$filter"},
		{"   ", 400, "$filter is empty", "$filter"},
		{"id in (1, id)", 400, "$filter: the items of an in list must be literals (at position 11)", "$filter"},
		{"id in 1", 400, "$filter: expected '(' after in, found '1' (at position 7)", "$filter"},
		{"id in ('a')", 400, "$filter: cannot compare Edm.Int32 with Edm.String in the in list (at position 8)", "$filter"},
		{"contains(name,'a'", 400, "$filter: expected ',' or ')' in the arguments of contains, found the end of the text (at position 18)", "$filter"},
		{"name/first eq 'x'", 400, "$filter: name is a single value; name/first is not a valid path (at position 1)", "name"},
		{"Model.name eq 'x'", 400, "$filter: Model.name is a qualified name; only functions and type names have dots (at position 1)", "$filter"},
		{"any(x:true)", 400, "$filter: any needs a collection path before it (at position 1)", "$filter"},
		{"created eq datetime'nope'", 400, "$filter: datetime'nope' is not a valid date-time literal (at position 12)", "$filter"},
		{"uid eq guid'123'", 400, "$filter: guid'123' is not a valid GUID literal (at position 8)", "$filter"},
		{"span eq duration'P1Y'", 400, "$filter: duration'P1Y' is not a valid duration literal (at position 9)", "$filter"},
		{"name eq X'00'", 400, "$filter: unknown literal prefix \"X\" (at position 9)", "$filter"},
		{"NAME eq 'x'", 400, "$filter: Customers has no property NAME; did you mean name? (at position 1)", "NAME"},
		{"name eq 'é' and nope", 400, "$filter: Customers has no property nope (at position 17)", "nope"},
		{"name eq #", 400, "$filter: unexpected character '#' (at position 9)", "$filter"},
		{"$count eq 1", 400, "$filter: expected a value, found '$count' (at position 1)", "$filter"},
		{"created gt 2015-01-01T10:00:00 02:00", 400, "$filter: a date-time offset needs its '+' sent as %2B: in a URL a plain '+' is a space (at position 12)", "$filter"},
		{"@p eq 1", 501, "$filter: parameter aliases and annotations (@p) are not supported (at position 1)", "$filter"},
		// 501: valid OData that sfconnect does not support
		{"style has Sales.Pattern'Yellow'", 501, "$filter: the has operator is not supported: there are no enumeration types (at position 7)", "$filter"},
		{"style eq Sales.Pattern'Yellow'", 501, "$filter: enumeration literals are not supported", "$filter"},
		{"name has 1", 501, "$filter: the has operator is not supported: there are no enumeration types (at position 6)", "$filter"},
		{"cast(name,Edm.String) eq 'x'", 501, "$filter: cast is not supported (at position 1)", "$filter"},
		{"isof(name,Edm.String)", 501, "$filter: isof is not supported (at position 1)", "$filter"},
		{"matchesPattern(name,'^a')", 501, "$filter: the function matchespattern is not supported (at position 1)", "$filter"},
		{"geo.distance(name,name) lt 1", 501, "$filter: the function geo.distance is not supported (at position 1)", "$filter"},
		{"orders/any(o:o/qty gt 1)", 501, "$filter: lambda operators, bound functions and key access in paths are not supported (at position 8)", "$filter"},
		{"$it/name eq 'x'", 501, "$filter: $it is not supported (at position 1)", "$filter"},
		{"name in ['a']", 501, "$filter: JSON arrays are not supported after in; use in (a, b) (at position 9)", "$filter"},
		{"created add duration'P1D' gt now()", 501, "$filter: arithmetic on Edm.DateTimeOffset is not supported (at position 1)", "$filter"},
		{"-span eq duration'P1D'", 501, "$filter: negating a duration is not supported (at position 1)", "$filter"},
		{"location eq geography'SRID=0;Point(1 2)'", 501, "$filter: geographic literals are not supported", "$filter"},
	}
	for _, c := range cases {
		_, err := ParseFilter(set, c.in, DefaultLimits)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("%q: error %T %v, want *Error", c.in, err, err)
			continue
		}
		if e.Status != c.status || e.Message != c.message || e.Target != c.target {
			t.Errorf("%q:\n got %d %q target %q\nwant %d %q target %q", c.in, e.Status, e.Message, e.Target, c.status, c.message, c.target)
		}
		if e.Code == "" {
			t.Errorf("%q: no error code", c.in)
		}
	}
}

// TestFilterSalesforceShapes parses every $filter shape SALESFORCE-CONNECT.md lists.
func TestFilterSalesforceShapes(t *testing.T) {
	set := testSet(t, "Customers")
	cases := []struct{ in, want string }{
		{"Country eq 'USA'", "(Country eq 'USA')"},
		{"contains(CompanyName,'Acme') eq true or contains(Phone,'Acme') eq true",
			"((contains(CompanyName,'Acme') eq true) or (contains(Phone,'Acme') eq true))"},
		{"account_sf_id eq '001xx000003DGb2AAG'", "(account_sf_id eq '001xx000003DGb2AAG')"},
		{"startswith(CompanyName,'a') eq true", "(startswith(CompanyName,'a') eq true)"},
		{"contains(CompanyName,'a') eq false", "(contains(CompanyName,'a') eq false)"},
		{"born ge 2015-01-01", "(born ge 2015-01-01)"},
		{"created ge 2015-01-01T00:00:00Z", "(created ge 2015-01-01T00:00:00Z)"},
		{"created lt 2015-01-01T00:00:00.000Z", "(created lt 2015-01-01T00:00:00Z)"},
		{"uid eq 01234567-89ab-cdef-0123-456789abcdef", "(uid eq guid'01234567-89ab-cdef-0123-456789abcdef')"},
		{"balance eq 12.5", "(balance eq 12.5M)"},
		{"name eq 'O''Neil'", "(name eq 'O''Neil')"},
		{"created eq datetime'2015-01-01T00:00:00'", "(created eq 2015-01-01T00:00:00Z)"},
		{"uid eq guid'01234567-89ab-cdef-0123-456789abcdef'", "(uid eq guid'01234567-89ab-cdef-0123-456789abcdef')"},
		{"big eq 12L", "(big eq 12L)"},
		{"balance eq 1.5M", "(balance eq 1.5M)"},
		{"substringof('a',CompanyName)", "contains(CompanyName,'a')"},
		{"(name eq 'x')", "(name eq 'x')"},
		{"ShipperID eq 3 and (City eq 'Paris' or City eq null)", "((ShipperID eq 3) and ((City eq 'Paris') or (City eq null)))"},
		{"id eq 1 or id eq 2 or id eq 3", "(((id eq 1) or (id eq 2)) or (id eq 3))"},
		{"active eq true and City ne null", "((active eq true) and (City ne null))"},
		{"tolower(CompanyName) eq 'acme'", "(tolower(CompanyName) eq 'acme')"},
	}
	for _, c := range cases {
		if got := render(mustFilter(t, set, c.in)); got != c.want {
			t.Errorf("%q\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// TestFilterLimits: hostile sizes fail fast with a 400 naming the limit, never a crash.
func TestFilterLimits(t *testing.T) {
	set := testSet(t, "Customers")
	deep := strings.Repeat("(", 5000) + "name eq 'x'" + strings.Repeat(")", 5000)
	nots := strings.Repeat("not ", 5000) + "active"
	negs := strings.Repeat("-", 5000) + "id eq 1"
	calls := strings.Repeat("tolower(", 5000) + "name" + strings.Repeat(")", 5000) + " eq 'x'"
	long := strings.Repeat("name eq 'x' or ", 2000) + "name eq 'y'"
	many := strings.Repeat("id eq 1 or ", 300) + "id eq 1"
	inList := "id in (" + strings.Repeat("1,", 1000) + "1)"
	roomy := Limits{MaxFilterLength: 1 << 20, MaxNodes: 1 << 20}
	cases := []struct {
		name, in, want string
		lim            Limits
	}{
		{"deep parentheses (default limits)", deep, "the limit is 8000", DefaultLimits},
		{"deep parentheses", deep, "nesting is deeper than the limit of 50", roomy},
		{"deep not", nots, "nesting is deeper than the limit of 50", roomy},
		{"deep minus", negs, "nesting is deeper than the limit of 50", roomy},
		{"deep calls", calls, "nesting is deeper than the limit of 50", roomy},
		{"long", long, "the limit is 8000", DefaultLimits},
		{"many nodes", many, "the limit is 500", DefaultLimits},
		{"long in list", inList, "the in list has more than 1000 items; the limit is 1000", DefaultLimits},
	}
	for _, c := range cases {
		_, err := ParseFilter(set, c.in, c.lim)
		e, ok := err.(*Error)
		if !ok || e.Status != 400 || !strings.Contains(e.Message, c.want) {
			t.Errorf("%s: got %v, want a 400 containing %q", c.name, err, c.want)
			continue
		}
		if len(e.Message) > 200 {
			t.Errorf("%s: message is %d bytes long", c.name, len(e.Message))
		}
	}
	// Just inside the limits still parses.
	ok := strings.Repeat("(", 40) + "name eq 'x'" + strings.Repeat(")", 40)
	mustFilter(t, set, ok)
	mustFilter(t, set, "id in ("+strings.Repeat("1,", 999)+"1)")
	// Zero limits mean the defaults, and tighter limits apply.
	if _, err := ParseFilter(set, "name eq 'x'", Limits{}); err != nil {
		t.Errorf("zero Limits: %v", err)
	}
	if _, err := ParseFilter(set, "((name eq 'x'))", Limits{MaxDepth: 2}); err == nil {
		t.Error("MaxDepth 2 accepted three levels")
	}
	if _, err := ParseFilter(set, "id in (1,2,3)", Limits{MaxInList: 2}); err == nil {
		t.Error("MaxInList 2 accepted 3 items")
	}
	if _, err := ParseFilter(set, "name eq 'xxxxxxxx'", Limits{MaxFilterLength: 10}); err == nil {
		t.Error("MaxFilterLength 10 accepted 18 characters")
	}
}

func TestFilterMessagesAreShort(t *testing.T) {
	set := testSet(t, "Customers")
	huge := strings.Repeat("x", 5000)
	for _, in := range []string{huge + " eq 1", "name eq " + huge, huge + "(name)", "name eq '" + huge, "id eq 1" + huge} {
		_, err := ParseFilter(set, in, DefaultLimits)
		e, ok := err.(*Error)
		if !ok {
			t.Fatalf("%.20q: %v", in, err)
		}
		if len(e.Message) > 200 || len(e.Target) > 100 {
			t.Errorf("%.20q: message of %d bytes, target of %d", in, len(e.Message), len(e.Target))
		}
	}
}
