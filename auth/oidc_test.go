package auth

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"math/big"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/config"
)

// testIdP is an OIDC provider double: real discovery and JWKS documents over HTTP, and real
// RS256/ES256 signatures with keys generated per test.
type testIdP struct {
	t       *testing.T
	srv     *httptest.Server
	mu      sync.Mutex
	keys    map[string]crypto.Signer // kid -> private key
	publish []string                 // kids served in the JWKS
	fetches int
}

func newTestIdP(t *testing.T) *testIdP {
	idp := &testIdP{t: t, keys: map[string]crypto.Signer{}}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{"issuer": idp.srv.URL, "jwks_uri": idp.srv.URL + "/jwks",
			"authorization_endpoint": idp.srv.URL + "/auth", "token_endpoint": idp.srv.URL + "/token",
			"id_token_signing_alg_values_supported": []string{"RS256", "ES256"}})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, r *http.Request) {
		idp.mu.Lock()
		defer idp.mu.Unlock()
		idp.fetches++
		var keys []map[string]string
		for _, kid := range idp.publish {
			keys = append(keys, jwk(kid, idp.keys[kid].Public()))
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"keys": keys})
	})
	idp.srv = httptest.NewServer(mux)
	t.Cleanup(idp.srv.Close)
	return idp
}

func (idp *testIdP) addKey(kid string, ec bool, publish bool) {
	var k crypto.Signer
	var err error
	if ec {
		k, err = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	} else {
		k, err = rsa.GenerateKey(rand.Reader, 2048)
	}
	if err != nil {
		idp.t.Fatal(err)
	}
	idp.mu.Lock()
	defer idp.mu.Unlock()
	idp.keys[kid] = k
	if publish {
		idp.publish = append(idp.publish, kid)
	}
}

func (idp *testIdP) fetchCount() int {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	return idp.fetches
}

// rotate publishes only kid from now on.
func (idp *testIdP) rotate(kid string) {
	idp.mu.Lock()
	defer idp.mu.Unlock()
	idp.publish = []string{kid}
}

func jwk(kid string, pub crypto.PublicKey) map[string]string {
	enc := base64.RawURLEncoding.EncodeToString
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return map[string]string{"kty": "RSA", "kid": kid, "use": "sig", "alg": "RS256", "n": enc(k.N.Bytes()), "e": enc(big.NewInt(int64(k.E)).Bytes())}
	case *ecdsa.PublicKey:
		raw, _ := k.Bytes() // 0x04 || X || Y
		x, y := raw[1:33], raw[33:]
		return map[string]string{"kty": "EC", "kid": kid, "use": "sig", "alg": "ES256", "crv": "P-256", "x": enc(x), "y": enc(y)}
	}
	panic("unknown key type")
}

// sign makes a compact JWS. alg "none" leaves the signature empty; "HS256" signs with the
// DER of the key's public half (the classic algorithm-confusion attack).
func (idp *testIdP) sign(kid, alg string, claims map[string]any) string {
	enc := base64.RawURLEncoding.EncodeToString
	hdr, _ := json.Marshal(map[string]string{"alg": alg, "kid": kid, "typ": "JWT"})
	body, _ := json.Marshal(claims)
	input := enc(hdr) + "." + enc(body)
	digest := sha256.Sum256([]byte(input))
	idp.mu.Lock()
	key := idp.keys[kid]
	idp.mu.Unlock()
	var sig []byte
	var err error
	switch alg {
	case "none":
		return input + "."
	case "HS256":
		der, _ := x509.MarshalPKIXPublicKey(key.Public())
		m := hmac.New(sha256.New, der)
		m.Write([]byte(input))
		sig = m.Sum(nil)
	case "RS256":
		sig, err = rsa.SignPKCS1v15(rand.Reader, key.(*rsa.PrivateKey), crypto.SHA256, digest[:])
	case "ES256":
		r, s, e := ecdsa.Sign(rand.Reader, key.(*ecdsa.PrivateKey), digest[:])
		rb, sb := make([]byte, 32), make([]byte, 32)
		r.FillBytes(rb)
		s.FillBytes(sb)
		sig, err = append(rb, sb...), e
	}
	if err != nil {
		idp.t.Fatal(err)
	}
	return input + "." + enc(sig)
}

func (idp *testIdP) claims(now time.Time, over map[string]any) map[string]any {
	c := map[string]any{"iss": idp.srv.URL, "aud": "api://sfconnect", "sub": "0oa-salesforce", "azp": "3MVG9-sf",
		"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "email": "ops@example.com", "roles": []string{"sales", "reports"}}
	for k, v := range over {
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
	}
	return c
}

func oidcSecurity(t *testing.T, idp *testIdP, clock *fakeClock, mod func(*config.OIDC)) *Security {
	cfg := &config.OIDC{Issuer: idp.srv.URL, Audience: "api://sfconnect"}
	if mod != nil {
		mod(cfg)
	}
	return mustNew(t, config.Auth{OIDC: cfg}, Options{Now: clock.get, HTTPClient: idp.srv.Client()})
}

func bearer(sec *Security, tok string) (*Principal, error) {
	r := httptest.NewRequest(http.MethodGet, "/odata/Orders", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	return sec.Authn.Authenticate(r, false)
}

func TestOIDCTokens(t *testing.T) {
	idp := newTestIdP(t)
	idp.addKey("rsa-1", false, true)
	idp.addKey("ec-1", true, true)
	idp.addKey("unpublished", false, false)
	clock := testNow()
	sec := oidcSecurity(t, idp, clock, nil)
	now := clock.get()
	cases := []struct {
		name, kid, alg string
		claims         map[string]any
		ok             bool
	}{
		{"rs256", "rsa-1", "RS256", nil, true},
		{"es256", "ec-1", "ES256", nil, true},
		{"audience list", "rsa-1", "RS256", map[string]any{"aud": []string{"other", "api://sfconnect"}}, true},
		{"expired", "rsa-1", "RS256", map[string]any{"exp": now.Add(-2 * time.Minute).Unix()}, false},
		{"expired within skew", "rsa-1", "RS256", map[string]any{"exp": now.Add(-30 * time.Second).Unix()}, true},
		{"no exp", "rsa-1", "RS256", map[string]any{"exp": nil}, false},
		{"not yet valid", "rsa-1", "RS256", map[string]any{"nbf": now.Add(2 * time.Minute).Unix()}, false},
		{"nbf within skew", "rsa-1", "RS256", map[string]any{"nbf": now.Add(30 * time.Second).Unix()}, true},
		{"issued in the future", "rsa-1", "RS256", map[string]any{"iat": now.Add(3 * time.Minute).Unix()}, false},
		{"wrong audience", "rsa-1", "RS256", map[string]any{"aud": "api://other"}, false},
		{"wrong issuer", "rsa-1", "RS256", map[string]any{"iss": "https://evil.example.com"}, false},
		{"alg none", "rsa-1", "none", nil, false},
		{"hs256 with the public key", "rsa-1", "HS256", nil, false},
		{"unknown kid", "unpublished", "RS256", nil, false},
		{"no sub", "rsa-1", "RS256", map[string]any{"sub": nil}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := bearer(sec, idp.sign(tc.kid, tc.alg, idp.claims(now, tc.claims)))
			if tc.ok {
				if err != nil || p.ID() != "oidc:0oa-salesforce" || !p.HasRole("sales") || p.claimStrings("email")[0] != "ops@example.com" {
					t.Fatalf("got %+v %v", p, err)
				}
				return
			}
			var f *Failure
			if err == nil || !errors.As(err, &f) || f.Scheme != "bearer" {
				t.Fatalf("accepted: %+v %v", p, err)
			}
			if ch := errorHeader(err); !strings.Contains(ch, `error="invalid_token"`) || !strings.HasPrefix(ch, `Bearer realm="sfconnect"`) {
				t.Errorf("challenge %q", ch)
			}
		})
	}
	tampered := idp.sign("rsa-1", "RS256", idp.claims(now, nil))
	parts := strings.Split(tampered, ".")
	body, _ := json.Marshal(idp.claims(now, map[string]any{"sub": "admin"}))
	parts[1] = base64.RawURLEncoding.EncodeToString(body)
	if _, err := bearer(sec, strings.Join(parts, ".")); err == nil {
		t.Error("a token with a swapped payload verified")
	}
}

func errorHeader(err error) string {
	if e, ok := asODataError(err); ok {
		return e.Header.Get("WWW-Authenticate")
	}
	return ""
}

func TestOIDCKeyRotation(t *testing.T) {
	idp := newTestIdP(t)
	idp.addKey("k1", false, true)
	clock := testNow()
	sec := oidcSecurity(t, idp, clock, nil)
	now := clock.get()
	old := idp.sign("k1", "RS256", idp.claims(now, nil))
	if _, err := bearer(sec, old); err != nil {
		t.Fatal(err)
	}
	before := idp.fetchCount()
	if _, err := bearer(sec, old); err != nil || idp.fetchCount() != before {
		t.Fatalf("known key re-fetched the JWKS (%d -> %d) or failed: %v", before, idp.fetchCount(), err)
	}
	idp.addKey("k2", true, false)
	idp.rotate("k2") // the provider rotates mid-run
	fresh := idp.sign("k2", "ES256", idp.claims(now, nil))
	// go-oidc publishes a finished JWKS refresh to its cache from a goroutine, so a request
	// right after another refresh may still see the previous key set; a retry sees the new one.
	eventually(t, "token with the rotated key accepted", func() bool { _, err := bearer(sec, fresh); return err == nil })
	if idp.fetchCount() == before {
		t.Fatal("unknown kid did not trigger a JWKS refresh")
	}
	// Likewise the retired key may verify for a moment after the swap; it must stop soon.
	eventually(t, "token signed with the retired key rejected", func() bool { _, err := bearer(sec, old); return err != nil })
}

// eventually retries cond a bounded number of times, yielding in between (no sleeps).
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for i := 0; i < 1000; i++ {
		if cond() {
			return
		}
		runtime.Gosched()
	}
	t.Fatalf("never: %s", what)
}

func TestOIDCOptions(t *testing.T) {
	idp := newTestIdP(t)
	idp.addKey("k1", false, true)
	clock := testNow()
	now := clock.get()
	sec := oidcSecurity(t, idp, clock, func(c *config.OIDC) {
		c.AuthorizedParties = []string{"3MVG9-sf"}
		c.PrincipalClaim = "email"
		c.RolesClaim = "groups"
		c.Algorithms = []string{"ES256"}
		c.JWKSURL = idp.srv.URL + "/jwks" // no discovery
	})
	if _, err := bearer(sec, idp.sign("k1", "RS256", idp.claims(now, nil))); err == nil {
		t.Error("RS256 accepted though only ES256 is allowed")
	}
	idp.addKey("e1", true, false)
	idp.rotate("e1")
	p, err := bearer(sec, idp.sign("e1", "ES256", idp.claims(now, map[string]any{"groups": "crm"})))
	if err != nil || p.ID() != "oidc:ops@example.com" || !p.HasRole("crm") {
		t.Fatalf("principal claim / roles claim: %+v %v", p, err)
	}
	if _, err := bearer(sec, idp.sign("e1", "ES256", idp.claims(now, map[string]any{"azp": "someone-else"}))); err == nil {
		t.Error("unauthorized azp accepted")
	}
	if _, err := New(t.Context(), config.Auth{OIDC: &config.OIDC{Issuer: idp.srv.URL + "/nope", Audience: "a"}}, testModel(t),
		Options{HTTPClient: idp.srv.Client()}); err == nil {
		t.Error("failed discovery must stop the start")
	}
}
