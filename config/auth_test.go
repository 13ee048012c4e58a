package config

import (
	"strings"
	"testing"
	"time"
)

func TestParseAuthSection(t *testing.T) {
	yaml := `
auth:
  realm: erp
  public_metadata: true
  basic:
    cache_ttl: 1m
    users:
      - name: salesforce
        password_hash: "${SF_HASH}"
        roles: [sales]
        claims: {region: EMEA}
  api_keys:
    header: X-Api-Key
    keys:
      - name: reporting
        sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
  oidc:
    issuer: https://login.example.com
    audience: api://sfconnect
    clock_skew: 30s
    roles_claim: groups
  tls:
    cert: /etc/tls.crt
    key: /etc/tls.key
    client_ca: /etc/ca.pem
    client_auth: require
  access:
    - principals: ["role:sales", "claim:azp=3MVG9"]
      read: [Orders]
      write: [Orders]
      filters:
        Orders: "region eq {header.X-User-Region}"
  rate_limit:
    requests_per_second: 20
    burst: 40
    max_concurrent: 8
`
	cfg := Defaults()
	env := map[string]string{"SF_HASH": "$2a$10$abcdefghijklmnopqrstuu5hKxq8ZJ0yJmXbKWCJtQHbH8ZlvT6Ka"}
	if err := Parse([]byte(yaml), func(k string) string { return env[k] }, &cfg); err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	a := cfg.Auth
	if a.Basic.Users[0].PasswordHash != env["SF_HASH"] || a.Basic.CacheTTL != time.Minute || a.OIDC.ClockSkew != 30*time.Second ||
		a.Access[0].Filters["Orders"] != "region eq {header.X-User-Region}" || a.RateLimit.MaxConcurrent != 8 || !a.Configured() ||
		a.AnonymousAllowed() || a.Basic.Users[0].Claims["region"] != "EMEA" || a.TLS.ClientAuth != "require" {
		t.Errorf("parsed %+v", a)
	}
	cfg = Defaults()
	err := Parse([]byte("auth:\n  basic:\n    users:\n      - name: a\n        password: x\n"), func(string) string { return "" }, &cfg)
	if err == nil || !strings.Contains(err.Error(), `unknown key "password"`) {
		t.Errorf("clear password field: %v", err)
	}
}

func TestValidateAuth(t *testing.T) {
	no := false
	cases := []struct {
		auth Auth
		want string
	}{
		{Auth{Basic: Basic{Users: []User{{Name: "a:b", PasswordHash: "$2a$10$x"}}}}, "must not contain ':'"},
		{Auth{Basic: Basic{Users: []User{{Name: "a", PasswordHash: "plain"}}}}, "bcrypt or argon2id"},
		{Auth{Basic: Basic{Users: []User{{Name: "a", PasswordHash: "$2a$"}, {Name: "a", PasswordHash: "$2a$"}}}}, "listed twice"},
		{Auth{APIKey: APIKeys{Keys: []APIKey{{Name: "k"}}}}, "exactly one of sha256 or key"},
		{Auth{APIKey: APIKeys{Keys: []APIKey{{Name: "k", SHA256: "abc"}}}}, "64 hex digits"},
		{Auth{APIKey: APIKeys{Keys: []APIKey{{Name: "k", Key: "short"}}}}, "shorter than 16"},
		{Auth{APIKey: APIKeys{Header: "X Key", Keys: []APIKey{{Name: "k", Key: "0123456789abcdef"}}}}, "not a valid header name"},
		{Auth{OIDC: &OIDC{Issuer: "https://i"}}, "audience is required"},
		{Auth{OIDC: &OIDC{Issuer: "https://i", Audience: "a", Algorithms: []string{"none"}}}, "none is not allowed"},
		{Auth{OIDC: &OIDC{Issuer: "https://i", Audience: "a", Algorithms: []string{"HS256"}}}, "HS256 is not allowed"},
		{Auth{OIDC: &OIDC{Issuer: "https://i", Audience: "a", ClockSkew: time.Hour}}, "clock_skew"},
		{Auth{TLS: TLS{Cert: "c"}}, "go together"},
		{Auth{TLS: TLS{ClientCA: "ca"}}, "needs auth.tls.cert"},
		{Auth{TLS: TLS{Cert: "c", Key: "k", ClientAuth: "always"}}, "optional or require"},
		{Auth{Access: []AccessRule{{Read: []string{"A"}}}}, "principals is required"},
		{Auth{Access: []AccessRule{{Principals: []string{"*"}}}}, "grants nothing"},
		{Auth{Access: []AccessRule{{Principals: []string{"admin"}, Read: []string{"A"}}}}, `"admin": want user:`},
		{Auth{Access: []AccessRule{{Principals: []string{"group:x"}, Read: []string{"A"}}}}, "unknown selector kind"},
		{Auth{Access: []AccessRule{{Principals: []string{"claim:azp"}, Read: []string{"A"}}}}, "claim:NAME=VALUE"},
		{Auth{Anonymous: &no}, "anonymous is false but no authentication mode"},
		{Auth{RateLimit: RateLimit{RequestsPerSecond: -1}}, "must not be negative"},
	}
	for _, tc := range cases {
		cfg := Defaults()
		cfg.Auth = tc.auth
		err := cfg.Validate()
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%+v: got %v, want %q", tc.auth, err, tc.want)
		}
	}
}
