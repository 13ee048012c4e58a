package auth

import (
	"fmt"
	"slices"
)

// Kind says how a principal authenticated.
type Kind string

// The principal kinds; a principal's ID is "kind:name" (the selector access rules use).
const (
	KindUser      Kind = "user" // HTTP Basic
	KindKey       Kind = "key"  // API key
	KindOIDC      Kind = "oidc" // bearer token; Name is the principal claim
	KindCert      Kind = "cert" // TLS client certificate; Name is the subject DN
	KindAnonymous Kind = "anonymous"
)

// Principal is an authenticated caller.
type Principal struct {
	Kind  Kind
	Name  string
	Roles []string
	// Claims are token claims (OIDC), configured attributes (users, keys) or certificate
	// fields (cn, o, ou, email): the values row-filter templates read as {claim.NAME}.
	Claims map[string]any
	// LimitKey identifies the principal for rate and concurrency limits (anonymous callers
	// are limited per client address).
	LimitKey string
}

// ID is "kind:name", or "anonymous".
func (p *Principal) ID() string {
	if p.Kind == KindAnonymous {
		return "anonymous"
	}
	return string(p.Kind) + ":" + p.Name
}

// HasRole reports whether the principal carries role.
func (p *Principal) HasRole(role string) bool { return slices.Contains(p.Roles, role) }

// claimStrings returns a claim as strings: a string, a number, a bool, or a list of them.
func (p *Principal) claimStrings(name string) []string {
	v, ok := p.Claims[name]
	if !ok {
		return nil
	}
	switch v := v.(type) {
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := scalarString(e); ok {
				out = append(out, s)
			}
		}
		return out
	case []string:
		return v
	}
	if s, ok := scalarString(v); ok {
		return []string{s}
	}
	return nil
}

func scalarString(v any) (string, bool) {
	switch v := v.(type) {
	case string:
		return v, true
	case bool:
		return fmt.Sprint(v), true
	case float64:
		if v == float64(int64(v)) {
			return fmt.Sprintf("%d", int64(v)), true
		}
		return fmt.Sprint(v), true
	case int, int64, int32:
		return fmt.Sprint(v), true
	}
	return "", false
}

func stringClaims(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
