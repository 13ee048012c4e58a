package auth

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
)

// BenchmarkAuthenticateBasicCached is the per-request cost of Basic auth after the first
// verification (the bcrypt cost is paid once per cache TTL).
func BenchmarkAuthenticateBasicCached(b *testing.B) {
	sec := mustNew(b, config.Auth{Basic: config.Basic{Users: []config.User{{Name: "sf", PasswordHash: mustBcrypt(b, "password1")}}}}, Options{})
	r := httptest.NewRequest(http.MethodGet, "/odata/Orders", nil)
	r.SetBasicAuth("sf", "password1")
	for b.Loop() {
		if _, err := sec.Authn.Authenticate(r, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAuthenticateBasicUncached is one full bcrypt verification (cost 4 here; cost 12 is
// about 2^8 times slower), what a cache miss or a wrong password costs.
func BenchmarkAuthenticateBasicUncached(b *testing.B) {
	sec := mustNew(b, config.Auth{Basic: config.Basic{CacheTTL: -1, Users: []config.User{{Name: "sf", PasswordHash: mustBcrypt(b, "password1")}}}}, Options{})
	r := httptest.NewRequest(http.MethodGet, "/odata/Orders", nil)
	r.SetBasicAuth("sf", "password1")
	for b.Loop() {
		if _, err := sec.Authn.Authenticate(r, false); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkAuthenticateAPIKey(b *testing.B) {
	keys := make([]config.APIKey, 20)
	for i := range keys {
		keys[i] = config.APIKey{Name: string(rune('a' + i)), SHA256: SHA256Hex([]byte{byte(i), 1, 2, 3})}
	}
	keys[19].SHA256 = SHA256Hex([]byte(apiKeyText))
	sec := mustNew(b, config.Auth{APIKey: config.APIKeys{Keys: keys}}, Options{})
	r := httptest.NewRequest(http.MethodGet, "/odata/Orders", nil)
	r.Header.Set("X-Api-Key", apiKeyText)
	for b.Loop() {
		if _, err := sec.Authn.Authenticate(r, false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRowFilter renders a header placeholder and binds the filter (from the cache after
// the first request of a region).
func BenchmarkRowFilter(b *testing.B) {
	m := testModel(b)
	p, err := NewPolicy([]config.AccessRule{{Principals: []string{"*"}, Read: []string{"Orders"},
		Filters: map[string]string{"Orders": "region eq {header.X-User-Region} and owner eq {claim.email}"}}}, m, odata.ParseFilter)
	if err != nil {
		b.Fatal(err)
	}
	who := &Principal{Kind: KindOIDC, Name: "x", Claims: map[string]any{"email": "a@example.com"}}
	h := http.Header{"X-User-Region": {"EMEA"}}
	for b.Loop() {
		if _, err := p.RowFilter(who, m.EntitySets[0], Read, h); err != nil {
			b.Fatal(err)
		}
	}
}
