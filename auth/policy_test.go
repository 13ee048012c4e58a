package auth

import (
	"net/http"
	"strings"
	"testing"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

func TestCompileTemplate(t *testing.T) {
	good := []struct{ src, rendered string }{
		{"region eq {header.X-User-Region}", "region eq 'EMEA'"},
		{"owner eq {claim.email} and region ne 'a{b}c'", "owner eq 'ann@example.com' and region ne 'a{b}c'"},
		{"customer_id eq {claim.customer:int}", "customer_id eq 42"},
		{"owner eq {principal}", "owner eq 'ann'"},
		{"region eq 'it''s' or region eq {header.x-user-region}", "region eq 'it''s' or region eq 'EMEA'"},
	}
	p := &Principal{Kind: KindUser, Name: "ann", Claims: map[string]any{"email": "ann@example.com", "customer": float64(42)}}
	hdr := http.Header{"X-User-Region": {"EMEA"}}
	for _, tc := range good {
		tpl, err := compileTemplate(tc.src)
		if err != nil {
			t.Errorf("%s: %v", tc.src, err)
			continue
		}
		got, err := tpl.render(requestValue(p, hdr))
		if err != nil || got != tc.rendered {
			t.Errorf("%s: got %q %v, want %q", tc.src, got, err, tc.rendered)
		}
	}
	for _, bad := range []string{"region eq {header.}", "region eq {nope.x}", "region eq {claim.a", "region eq }", "region eq 'open",
		"region eq '{header.X-Region}'", "region eq {claim.a:float}", "region eq {claim.a b}"} {
		if _, err := compileTemplate(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
}

// TestPlaceholderInjection: whatever a header or claim holds, it stays one string literal.
func TestPlaceholderInjection(t *testing.T) {
	set := testModel(t).EntitySets[0]
	tpl, err := compileTemplate("region eq {header.X-User-Region}")
	if err != nil {
		t.Fatal(err)
	}
	hostile := []string{"x' or 1 eq 1 or 'a", "'", "''", "EMEA') or (true", "a' or region ne '", `\'`, "%27 or true",
		"x'\u00a0or\u00a0'1'eq'1", "{header.X-Other}", "x' or contains(owner,'a') or 'b"}
	for _, v := range hostile {
		text, err := tpl.render(requestValue(&Principal{}, http.Header{"X-User-Region": {v}}))
		if err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		e, err := odata.ParseFilter(set, text, odata.DefaultLimits)
		if err != nil {
			t.Fatalf("%q -> %s: %v", v, text, err)
		}
		b, ok := e.(*odata.Binary)
		lit, ok2 := b.Right.(*odata.Literal)
		if !ok || b.Op != odata.OpEq || !ok2 || lit.Value.Text != v || exprText(b.Left) != "region" {
			t.Errorf("%q escaped the literal: %s", v, exprText(e))
		}
	}
	for _, v := range []string{"a\r\nb", "a\x00", "\xff\xfe", strings.Repeat("x", maxPlaceholderLen+1)} {
		if _, err := tpl.render(requestValue(&Principal{}, http.Header{"X-User-Region": {v}})); err == nil {
			t.Errorf("accepted %q", v)
		}
	}
	intTpl, _ := compileTemplate("customer_id eq {header.X-Customer:int}")
	for _, v := range []string{"1 or true", "0x10", "", "1e3", "--1", "12345678901234567890"} {
		if _, err := intTpl.render(requestValue(&Principal{}, http.Header{"X-Customer": {v}})); err == nil {
			t.Errorf(":int accepted %q", v)
		}
	}
}

func policyFor(t *testing.T, rules ...config.AccessRule) *Policy {
	t.Helper()
	p, err := NewPolicy(rules, testModel(t), odata.ParseFilter)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestPolicy(t *testing.T) {
	m := testModel(t)
	orders, customers := m.EntitySets[0], m.EntitySets[1]
	p := policyFor(t,
		config.AccessRule{Principals: []string{"role:sales"}, Read: []string{"Orders", "Customers"}, Write: []string{"Orders"},
			Filters: map[string]string{"Orders": "region eq {header.X-User-Region}"}},
		config.AccessRule{Principals: []string{"claim:azp=3MVG9-reports"}, Read: []string{"*"},
			Filters: map[string]string{"*": "id gt 100", "Orders": "owner eq {claim.email}"}},
		config.AccessRule{Principals: []string{"user:admin"}, Read: []string{"*"}, Write: []string{"*"}},
	)
	sales := &Principal{Kind: KindOIDC, Name: "s1", Roles: []string{"sales"}}
	reports := &Principal{Kind: KindOIDC, Name: "r1", Claims: map[string]any{"azp": "3MVG9-reports", "email": "r@x.io"}}
	both := &Principal{Kind: KindOIDC, Name: "b1", Roles: []string{"sales"}, Claims: map[string]any{"azp": "3MVG9-reports", "email": "b@x.io"}}
	admin := &Principal{Kind: KindUser, Name: "admin"}
	nobody := &Principal{Kind: KindUser, Name: "nobody"}
	impostor := &Principal{Kind: KindKey, Name: "admin"} // same name, other kind
	region := http.Header{"X-User-Region": {"EMEA"}}
	cases := []struct {
		who  *Principal
		set  *schema.EntitySet
		a    Action
		hdr  http.Header
		want string // exprText, "<nil>" = all rows, "403" = forbidden
	}{
		{sales, orders, Read, region, "(region eq 'EMEA')"},
		{sales, orders, Write, region, "(region eq 'EMEA')"},
		{sales, orders, Read, nil, "403"}, // header missing: no guessing
		{sales, orders, Read, http.Header{"X-User-Region": {"EMEA", "APAC"}}, "403"},
		{sales, customers, Read, nil, "<nil>"},
		{sales, customers, Write, nil, "403"},
		{reports, orders, Read, nil, "(owner eq 'r@x.io')"},
		{reports, customers, Read, nil, "(id gt 100)"},
		{reports, orders, Write, nil, "403"},
		{both, orders, Read, region, "((region eq 'EMEA') or (owner eq 'b@x.io'))"},
		{both, customers, Read, nil, "<nil>"},
		{both, orders, Read, nil, "403"},                                                                  // one of its filters cannot be built: no partial answer
		{&Principal{Kind: KindUser, Name: "admin", Roles: []string{"sales"}}, orders, Read, nil, "<nil>"}, // unfiltered grant wins
		{admin, orders, Write, nil, "<nil>"},
		{nobody, orders, Read, nil, "403"},
		{impostor, orders, Read, nil, "403"},
	}
	for i, tc := range cases {
		e, err := p.RowFilter(tc.who, tc.set, tc.a, tc.hdr)
		got := exprText(e)
		if err != nil {
			if oe, ok := odata.AsError(err); ok && oe.Status == http.StatusForbidden {
				got = "403"
			} else {
				got = err.Error()
			}
		}
		if got != tc.want {
			t.Errorf("case %d (%s %s %s): got %s, want %s", i, tc.who.ID(), tc.a, tc.set.Name, got, tc.want)
		}
		if allowed := p.Allowed(tc.who, tc.set.Name, tc.a); allowed != (tc.want != "403" || (tc.who == sales || tc.who == both) && tc.set == orders) {
			t.Errorf("case %d: Allowed = %v", i, allowed)
		}
	}
	open := policyFor(t)
	if e, err := open.RowFilter(nobody, orders, Write, nil); e != nil || err != nil {
		t.Errorf("no rules: %v %v", e, err)
	}
}

func TestPolicyErrorsAtStart(t *testing.T) {
	cases := []struct {
		rule config.AccessRule
		want string
	}{
		{config.AccessRule{Principals: []string{"*"}, Read: []string{"Nope"}}, `no entity set "Nope"`},
		{config.AccessRule{Principals: []string{"*"}, Read: []string{"Orders"}, Filters: map[string]string{"Nope": "id eq 1"}}, `no entity set "Nope"`},
		{config.AccessRule{Principals: []string{"*"}, Read: []string{"Orders"}, Filters: map[string]string{"Orders": "nosuch eq 1"}}, "does not work for entity set Orders"},
		{config.AccessRule{Principals: []string{"*"}, Read: []string{"*"}, Filters: map[string]string{"*": "region eq 'x'"}}, "does not work for entity set Customers"},
		{config.AccessRule{Principals: []string{"*"}, Read: []string{"Orders"}, Filters: map[string]string{"Orders": "id eq {claim.x}"}}, "does not work"},
		{config.AccessRule{Principals: []string{"*"}, Read: []string{"Orders"}, Filters: map[string]string{"Orders": "region eq {bogus}"}}, "unknown placeholder"},
	}
	for _, tc := range cases {
		_, err := NewPolicy([]config.AccessRule{tc.rule}, testModel(t), odata.ParseFilter)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.rule, err, tc.want)
		}
	}
}

func TestSelectors(t *testing.T) {
	cert := &Principal{Kind: KindCert, Name: "CN=sf,O=Acme", Claims: map[string]any{"cn": "sf", "ou": []any{"crm", "ops"}}}
	anon := &Principal{Kind: KindAnonymous, Name: "anonymous"}
	cases := []struct {
		sel  string
		p    *Principal
		want bool
	}{
		{"cert:CN=sf,O=Acme", cert, true},
		{"cert:CN=sf", cert, false},
		{"claim:ou=ops", cert, true},
		{"claim:ou=op", cert, false},
		{"claim:cn=sf", cert, true},
		{"*", anon, true},
		{"anonymous", anon, true},
		{"anonymous", cert, false},
		{"user:anonymous", anon, false},
		{"role:x", anon, false},
	}
	for _, tc := range cases {
		if got := selectorMatches(tc.sel, tc.p); got != tc.want {
			t.Errorf("%s on %s: %v", tc.sel, tc.p.ID(), got)
		}
	}
}

// FuzzPlaceholderInjection: whatever a header holds, a rendered row filter is exactly
// "region eq <that value>" or refused — never another expression.
func FuzzPlaceholderInjection(f *testing.F) {
	for _, s := range []string{"EMEA", "x' or 1 eq 1 or 'a", "''", "'", "') or (true", "a\u2019b", "%27", "{principal}"} {
		f.Add(s)
	}
	set := testModel(f).EntitySets[0]
	tpl, err := compileTemplate("region eq {header.X-R} and id gt 0")
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, v string) {
		text, err := tpl.render(requestValue(&Principal{}, http.Header{"X-R": {v}}))
		if err != nil {
			return // refused (control characters, invalid UTF-8, too long)
		}
		e, err := odata.ParseFilter(set, text, odata.DefaultLimits)
		if err != nil {
			t.Fatalf("%q -> %s: %v", v, text, err)
		}
		and, ok := e.(*odata.Binary)
		if !ok || and.Op != odata.OpAnd || exprText(and.Right) != "(id gt 0)" {
			t.Fatalf("%q changed the expression: %s", v, exprText(e))
		}
		eq, ok := and.Left.(*odata.Binary)
		lit, ok2 := eq.Right.(*odata.Literal)
		if !ok || !ok2 || eq.Op != odata.OpEq || exprText(eq.Left) != "region" || lit.Value.Text != v {
			t.Fatalf("%q escaped its literal: %s", v, exprText(e))
		}
	})
}
