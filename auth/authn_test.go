package auth

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
)

const apiKeyText = "k-0123456789abcdef-secret"

func basicAndKeys(t *testing.T) *Security {
	return mustNew(t, config.Auth{
		Basic: config.Basic{Users: []config.User{{Name: "salesforce", PasswordHash: mustBcrypt(t, "right password"), Roles: []string{"sales"},
			Claims: map[string]string{"region": "EMEA"}}}},
		APIKey: config.APIKeys{Header: "X-Api-Key", Keys: []config.APIKey{
			{Name: "reporting", SHA256: SHA256Hex([]byte(apiKeyText))},
			{Name: "legacy", Key: "clear-key-0123456789"}}},
	}, Options{})
}

func TestAuthenticate(t *testing.T) {
	sec := basicAndKeys(t)
	cases := []struct {
		name    string
		header  map[string][]string
		want    string // principal ID, or "" for a 401
		reason  string
		claimed string
	}{
		{"basic ok", h("Authorization", "Basic "+b64("salesforce:right password")), "user:salesforce", "", ""},
		{"basic scheme case", h("Authorization", "BASIC "+b64("salesforce:right password")), "user:salesforce", "", ""},
		{"basic wrong password", h("Authorization", "Basic "+b64("salesforce:wrong")), "", "wrong password", "salesforce"},
		{"basic unknown user", h("Authorization", "Basic "+b64("mallory:right password")), "", "unknown user", ""},
		{"basic malformed", h("Authorization", "Basic %%%"), "", "malformed Basic credentials", ""},
		{"basic no colon", h("Authorization", "Basic "+b64("salesforce")), "", "malformed Basic credentials", ""},
		{"two authorization headers", map[string][]string{"Authorization": {"Basic " + b64("salesforce:right password"), "Basic x"}}, "", "more than one Authorization header", ""},
		{"bearer not configured", h("Authorization", "Bearer a.b.c"), "", "authentication scheme not configured", ""},
		{"unknown scheme", h("Authorization", "Digest x=y"), "", "authentication scheme not configured", ""},
		{"api key hashed", h("X-Api-Key", apiKeyText), "key:reporting", "", ""},
		{"api key clear", h("X-Api-Key", "clear-key-0123456789"), "key:legacy", "", ""},
		{"api key wrong", h("X-Api-Key", apiKeyText+"x"), "", "unknown API key", ""},
		{"api key repeated", map[string][]string{"X-Api-Key": {apiKeyText, apiKeyText}}, "", "more than one or an oversized API key header", ""},
		{"bad authorization beats good key", map[string][]string{"Authorization": {"Basic " + b64("salesforce:wrong")}, "X-Api-Key": {apiKeyText}}, "", "wrong password", "salesforce"},
		{"nothing", nil, "", "no credentials", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(http.MethodGet, "/odata/Orders", nil)
			for k, vs := range tc.header {
				r.Header[http.CanonicalHeaderKey(k)] = vs
			}
			p, err := sec.Authn.Authenticate(r, false)
			if tc.want != "" {
				if err != nil || p.ID() != tc.want {
					t.Fatalf("got %v %v, want %s", p, err, tc.want)
				}
				return
			}
			oe, ok := odata.AsError(err)
			if !ok || oe.Status != 401 || p != nil {
				t.Fatalf("got %v %v, want a 401", p, err)
			}
			var f *Failure
			if !errors.As(err, &f) || f.Reason != tc.reason || f.Claimed != tc.claimed {
				t.Fatalf("failure %+v, want reason %q claimed %q", f, tc.reason, tc.claimed)
			}
			ch := oe.Header.Values("WWW-Authenticate")
			if len(ch) != 2 || ch[0] != `Basic realm="sfconnect", charset="UTF-8"` || !strings.HasPrefix(ch[1], "ApiKey ") {
				t.Errorf("challenges %q", ch)
			}
			if strings.Contains(oe.Message, "password") || strings.Contains(oe.Message, "salesforce") {
				t.Errorf("message leaks detail: %s", oe.Message)
			}
		})
	}
}

func h(k, v string) map[string][]string { return map[string][]string{k: {v}} }

func TestBasicPrincipalCarriesRolesAndClaims(t *testing.T) {
	sec := basicAndKeys(t)
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.SetBasicAuth("salesforce", "right password")
	for i := 0; i < 2; i++ { // the second time from the verified cache
		p, err := sec.Authn.Authenticate(r, false)
		if err != nil || !p.HasRole("sales") || p.claimStrings("region")[0] != "EMEA" || p.LimitKey != "user:salesforce" {
			t.Fatalf("round %d: %+v %v", i, p, err)
		}
	}
}

func TestVerifiedCache(t *testing.T) {
	now := testNow()
	c := newVerifiedCache(time.Minute, 2, now.get)
	c.add("a", []byte("pw"))
	if !c.has("a", []byte("pw")) || c.has("a", []byte("pw2")) || c.has("b", []byte("pw")) {
		t.Fatal("cache lookup")
	}
	now.add(2 * time.Minute)
	if c.has("a", []byte("pw")) {
		t.Fatal("expired entry still valid")
	}
	c.add("a", []byte("1"))
	c.add("b", []byte("2"))
	c.add("c", []byte("3")) // full: cleared first
	if c.has("a", []byte("1")) || !c.has("c", []byte("3")) {
		t.Fatal("bounded size")
	}
}

func TestAnonymousAndPublic(t *testing.T) {
	anon := mustNew(t, config.Auth{Anonymous: yes(), Basic: config.Basic{Users: []config.User{{Name: "u", PasswordHash: mustBcrypt(t, "password1")}}}}, Options{})
	r := httptest.NewRequest(http.MethodGet, "/odata", nil)
	r.RemoteAddr = "203.0.113.7:5555"
	p, err := anon.Authn.Authenticate(r, false)
	if err != nil || p.ID() != "anonymous" || p.LimitKey != "anonymous@203.0.113.7" {
		t.Fatalf("anonymous: %+v %v", p, err)
	}
	r.SetBasicAuth("u", "wrong")
	if _, err := anon.Authn.Authenticate(r, false); err == nil {
		t.Fatal("bad credentials must not fall back to anonymous")
	}
	closed := basicAndKeys(t)
	r = httptest.NewRequest(http.MethodGet, "/odata/$metadata", nil)
	if _, err := closed.Authn.Authenticate(r, false); err == nil {
		t.Fatal("no credentials accepted")
	}
	if p, err := closed.Authn.Authenticate(r, true); err != nil || p.Kind != KindAnonymous {
		t.Fatalf("public document: %v %v", p, err)
	}
	r.SetBasicAuth("salesforce", "wrong")
	if _, err := closed.Authn.Authenticate(r, true); err == nil {
		t.Fatal("bad credentials on a public document must still be a 401")
	}
}

func TestAnonymousRule(t *testing.T) {
	m := testModel(t) // Orders is writable
	if _, err := New(t.Context(), config.Auth{}, m, Options{}); err == nil || !strings.Contains(err.Error(), "Orders") {
		t.Fatalf("no auth + writable set must refuse to start, got %v", err)
	}
	m.EntitySets[0].Writable = false
	s, err := New(t.Context(), config.Auth{}, m, Options{})
	if err != nil || !s.Authn.anonymous || len(s.Warnings) != 1 || !strings.Contains(s.Warnings[0], "NO AUTHENTICATION") {
		t.Fatalf("read-only without auth: %v %v", s, err)
	}
	m.EntitySets[0].Writable = true
	s, err = New(t.Context(), config.Auth{Anonymous: yes()}, m, Options{})
	if err != nil || !s.Authn.anonymous || !strings.Contains(s.Warnings[0], "AND WRITE (Orders)") {
		t.Fatalf("explicit anonymous: %v %v", s, err)
	}
	s, err = New(t.Context(), config.Auth{APIKey: config.APIKeys{Keys: []config.APIKey{{Name: "k", Key: "0123456789abcdef"}}}}, m, Options{})
	if err != nil || s.Authn.anonymous || len(s.Warnings) != 0 {
		t.Fatalf("configured auth: %v %v", s, err)
	}
}
