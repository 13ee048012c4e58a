package config

import (
	"fmt"
	"strings"
	"time"
)

// Auth configures who may call the service (authentication), what each caller may read and
// write (authorization, row filters) and how much (rate and concurrency limits). The modes
// combine: a request is authenticated by the first credential it carries (Authorization header,
// then the API-key header, then the TLS client certificate).
type Auth struct {
	// Anonymous, when true, lets requests without credentials in as the principal "anonymous".
	// Nil (absent) with no mode configured keeps the demo behaviour: anonymous reads only (see
	// the README's anonymous rule).
	Anonymous *bool `yaml:"anonymous"`
	// PublicMetadata serves $metadata and the service document without credentials.
	PublicMetadata bool `yaml:"public_metadata"`
	// Realm is the realm of the WWW-Authenticate challenges; default "sfconnect".
	Realm  string  `yaml:"realm"`
	Basic  Basic   `yaml:"basic"`
	APIKey APIKeys `yaml:"api_keys"`
	OIDC   *OIDC   `yaml:"oidc"`
	TLS    TLS     `yaml:"tls"`
	// Access lists the authorization rules. Empty: every authenticated caller reads every
	// entity set and writes every writable one.
	Access    []AccessRule `yaml:"access"`
	RateLimit RateLimit    `yaml:"rate_limit"`
}

// Basic is HTTP Basic authentication ("Password Authentication" in Salesforce).
type Basic struct {
	Users []User `yaml:"users"`
	// CacheTTL remembers a verified user/password pair (as a keyed hash, never the password)
	// for this long, so bcrypt/argon2id cost is paid once per TTL instead of on every request.
	// Default 5m; a negative value disables the cache.
	CacheTTL time.Duration `yaml:"cache_ttl"`
}

// User is one Basic user. PasswordHash is a bcrypt ("$2a$…", "$2b$…") or argon2id
// ("$argon2id$v=19$m=…,t=…,p=…$salt$hash") hash, e.g. from `sfconnect hash-password`.
type User struct {
	Name         string   `yaml:"name"`
	PasswordHash string   `yaml:"password_hash"`
	Roles        []string `yaml:"roles"`
	// Claims are static attributes usable in row filters as {claim.NAME}.
	Claims map[string]string `yaml:"claims"`
}

// APIKeys are static keys sent in a header.
type APIKeys struct {
	// Header carrying the key; default X-API-Key.
	Header string   `yaml:"header"`
	Keys   []APIKey `yaml:"keys"`
}

// APIKey is one key. SHA256 is the hex SHA-256 of the key (preferred); Key is the key in
// clear, accepted for convenience and flagged by `sfconnect check`.
type APIKey struct {
	Name   string            `yaml:"name"`
	SHA256 string            `yaml:"sha256"`
	Key    string            `yaml:"key"`
	Roles  []string          `yaml:"roles"`
	Claims map[string]string `yaml:"claims"`
}

// OIDC verifies OAuth 2.0 / OpenID Connect bearer tokens (JWTs).
type OIDC struct {
	// Issuer is the issuer URL; its /.well-known/openid-configuration is fetched at start.
	Issuer string `yaml:"issuer"`
	// JWKSURL skips discovery and reads the signing keys from this URL.
	JWKSURL string `yaml:"jwks_url"`
	// Audience must appear in the token's aud claim.
	Audience string `yaml:"audience"`
	// AuthorizedParties, when not empty, lists the accepted azp (client id) values.
	AuthorizedParties []string `yaml:"authorized_parties"`
	// Algorithms accepted for signatures; default RS256, RS384, RS512, PS256, ES256, ES384.
	Algorithms []string `yaml:"algorithms"`
	// ClockSkew tolerated on exp, nbf and iat; default 60s, at most 5m.
	ClockSkew time.Duration `yaml:"clock_skew"`
	// PrincipalClaim names the principal; default "sub".
	PrincipalClaim string `yaml:"principal_claim"`
	// RolesClaim holds the caller's roles or groups (a string or a list); default "roles".
	RolesClaim string `yaml:"roles_claim"`
}

// TLS serves HTTPS and optionally verifies client certificates (mutual TLS).
type TLS struct {
	Cert string `yaml:"cert"`
	Key  string `yaml:"key"`
	// ClientCA is a PEM file of CAs that sign client certificates; setting it enables
	// client-certificate authentication.
	ClientCA string `yaml:"client_ca"`
	// ClientAuth is "optional" (default: verify a certificate when one is sent) or "require"
	// (the TLS handshake fails without a valid certificate).
	ClientAuth string `yaml:"client_auth"`
}

// AccessRule grants entity sets to principals. A principal's rights are the union of every
// rule that matches it.
type AccessRule struct {
	// Principals are selectors: "user:NAME", "key:NAME", "cert:SUBJECT", "oidc:SUBJECT",
	// "role:ROLE", "claim:NAME=VALUE", "anonymous", or "*" (any caller).
	Principals []string `yaml:"principals"`
	// Read and Write list entity sets ("*" = all). Write implies read.
	Read  []string `yaml:"read"`
	Write []string `yaml:"write"`
	// Filters maps an entity set (or "*") to an OData $filter expression with placeholders
	// {claim.NAME}, {header.NAME}, {principal} (add ":int" for an integer literal).
	Filters map[string]string `yaml:"filters"`
}

// RateLimit bounds each principal.
type RateLimit struct {
	// RequestsPerSecond refills each principal's token bucket; 0 means no rate limit.
	RequestsPerSecond float64 `yaml:"requests_per_second"`
	// Burst is the bucket size; default 2×RequestsPerSecond (at least 1).
	Burst int `yaml:"burst"`
	// MaxConcurrent bounds a principal's requests in flight; 0 means unbounded.
	MaxConcurrent int `yaml:"max_concurrent"`
	// FailuresPerMinute bounds failed authentications per client address (password and key
	// guessing): past it, the address gets 429 until its budget refills. 0 means no bound.
	FailuresPerMinute int `yaml:"failures_per_minute"`
}

// Configured reports whether any authentication mode is set up.
func (a *Auth) Configured() bool {
	return len(a.Basic.Users) > 0 || len(a.APIKey.Keys) > 0 || a.OIDC != nil || a.TLS.ClientCA != ""
}

// AnonymousAllowed reports whether anonymous callers are explicitly allowed.
func (a *Auth) AnonymousAllowed() bool { return a.Anonymous != nil && *a.Anonymous }

// validate checks the auth section's own consistency (the model-dependent checks, such as
// entity set names and filter syntax, happen when the server starts).
func (a *Auth) validate(bad func(string, ...any)) {
	seen := map[string]bool{}
	for i, u := range a.Basic.Users {
		if u.Name == "" || strings.ContainsAny(u.Name, ":") {
			bad("auth.basic.users[%d].name must be set and must not contain ':'", i)
		}
		if seen["user:"+u.Name] {
			bad("auth.basic.users[%d]: user %q is listed twice", i, u.Name)
		}
		seen["user:"+u.Name] = true
		if !strings.HasPrefix(u.PasswordHash, "$2") && !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
			bad("auth.basic.users[%d].password_hash must be a bcrypt or argon2id hash (sfconnect hash-password)", i)
		}
	}
	for i, k := range a.APIKey.Keys {
		if k.Name == "" {
			bad("auth.api_keys.keys[%d].name is required", i)
		}
		if seen["key:"+k.Name] {
			bad("auth.api_keys.keys[%d]: key %q is listed twice", i, k.Name)
		}
		seen["key:"+k.Name] = true
		if (k.SHA256 == "") == (k.Key == "") {
			bad("auth.api_keys.keys[%d] needs exactly one of sha256 or key", i)
		}
		if k.SHA256 != "" && !isHex(k.SHA256, 64) {
			bad("auth.api_keys.keys[%d].sha256 must be 64 hex digits", i)
		}
		if k.Key != "" && len(k.Key) < 16 {
			bad("auth.api_keys.keys[%d].key is shorter than 16 characters", i)
		}
	}
	if h := a.APIKey.Header; h != "" && !isToken(h) {
		bad("auth.api_keys.header %q is not a valid header name", h)
	}
	if o := a.OIDC; o != nil {
		if o.Issuer == "" {
			bad("auth.oidc.issuer is required")
		}
		if o.Audience == "" {
			bad("auth.oidc.audience is required (the aud the tokens are issued for)")
		}
		for _, alg := range o.Algorithms {
			if strings.EqualFold(alg, "none") || strings.HasPrefix(strings.ToUpper(alg), "HS") {
				bad("auth.oidc.algorithms: %s is not allowed (only asymmetric signatures)", alg)
			}
		}
		if o.ClockSkew < 0 || o.ClockSkew > 5*time.Minute {
			bad("auth.oidc.clock_skew must be between 0 and 5m")
		}
	}
	if (a.TLS.Cert == "") != (a.TLS.Key == "") {
		bad("auth.tls.cert and auth.tls.key go together")
	}
	if a.TLS.ClientCA != "" && a.TLS.Cert == "" {
		bad("auth.tls.client_ca needs auth.tls.cert and auth.tls.key (client certificates need HTTPS)")
	}
	switch a.TLS.ClientAuth {
	case "", "optional", "require":
	default:
		bad("auth.tls.client_auth must be optional or require")
	}
	if a.RateLimit.RequestsPerSecond < 0 || a.RateLimit.Burst < 0 || a.RateLimit.MaxConcurrent < 0 || a.RateLimit.FailuresPerMinute < 0 {
		bad("auth.rate_limit values must not be negative")
	}
	for i, r := range a.Access {
		if len(r.Principals) == 0 {
			bad("auth.access[%d].principals is required", i)
		}
		if len(r.Read) == 0 && len(r.Write) == 0 {
			bad("auth.access[%d] grants nothing (no read, no write)", i)
		}
		for _, sel := range r.Principals {
			if err := checkSelector(sel); err != nil {
				bad("auth.access[%d].principals: %v", i, err)
			}
		}
	}
	if a.Anonymous != nil && !*a.Anonymous && !a.Configured() {
		bad("auth.anonymous is false but no authentication mode (basic, api_keys, oidc, tls.client_ca) is configured")
	}
}

func checkSelector(sel string) error {
	if sel == "*" || sel == "anonymous" {
		return nil
	}
	kind, rest, ok := strings.Cut(sel, ":")
	if !ok || rest == "" {
		return fmt.Errorf("%q: want user:, key:, cert:, oidc:, role:, claim:NAME=VALUE, anonymous or *", sel)
	}
	switch kind {
	case "user", "key", "cert", "oidc", "role":
		return nil
	case "claim":
		if name, _, ok := strings.Cut(rest, "="); !ok || name == "" {
			return fmt.Errorf("%q: want claim:NAME=VALUE", sel)
		}
		return nil
	}
	return fmt.Errorf("%q: unknown selector kind %q", sel, kind)
}

func isHex(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F') {
			return false
		}
	}
	return true
}

// isToken reports an RFC 9110 token (a valid header name).
func isToken(s string) bool {
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", c)) {
			return false
		}
	}
	return s != ""
}
