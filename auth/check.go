package auth

import (
	"fmt"
	"strings"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// minArgon2Memory is OWASP's minimum argon2id memory (19 MiB) for t=2.
const minArgon2Memory = 19 * 1024

// Check reports insecure or broken security settings for `sfconnect check`: problems stop
// `serve` (or make it refuse every request); warnings are configurations that work but expose
// data or credentials. parse nil means odata.ParseFilter.
func Check(cfg config.Config, model *schema.Model, parse ParseFunc) (problems, warnings []string) {
	a := cfg.Auth
	warn := func(format string, args ...any) { warnings = append(warnings, fmt.Sprintf(format, args...)) }
	if parse == nil {
		parse = odata.ParseFilter
	}
	writable := WritableSets(model)
	var probe Security
	if err := probe.anonymousRule(a, model, &Authenticator{}); err != nil {
		problems = append(problems, "auth: "+err.Error())
	}
	if _, err := NewPolicy(a.Access, model, parse); err != nil {
		problems = append(problems, err.Error())
	}
	switch {
	case a.AnonymousAllowed() && len(writable) > 0:
		warn("auth: anonymous callers may write (%s)", strings.Join(writable, ", "))
	case a.AnonymousAllowed():
		warn("auth: anonymous access is on: callers without credentials can read")
	case !a.Configured() && len(writable) == 0:
		warn("auth: no authentication configured: anyone who reaches the port can read every entity set")
	}
	if a.TLS.Cert == "" && !cfg.TrustProxy && !strings.HasPrefix(cfg.PublicURL, "https://") {
		warn("plain HTTP without TLS (auth.tls) or a TLS proxy (public_url https://…, trust_proxy): credentials and rows travel in clear")
	}
	for _, u := range a.Basic.Users {
		alg, cost, p, err := Cost(u.PasswordHash)
		switch {
		case err != nil:
			problems = append(problems, fmt.Sprintf("auth.basic user %s: %v", u.Name, err))
		case alg == "bcrypt" && cost < MinBcryptCost:
			warn("auth.basic user %s: weak bcrypt cost %d (use at least %d: sfconnect hash-password)", u.Name, cost, MinBcryptCost)
		case alg == "argon2id" && (p.Memory < minArgon2Memory || p.Time < 2):
			warn("auth.basic user %s: weak argon2id parameters m=%d t=%d (use m≥%d, t≥2)", u.Name, p.Memory, p.Time, minArgon2Memory)
		}
	}
	for _, k := range a.APIKey.Keys {
		if k.Key != "" {
			warn("auth.api_keys key %s is stored in clear; store sha256 instead (sfconnect hash-password --algorithm sha256)", k.Name)
		}
	}
	if o := a.OIDC; o != nil && !strings.HasPrefix(o.Issuer, "https://") {
		warn("auth.oidc.issuer %s is not https: signing keys could be swapped in transit", o.Issuer)
	}
	if a.Configured() && a.RateLimit.RequestsPerSecond == 0 && a.RateLimit.MaxConcurrent == 0 {
		warn("auth.rate_limit is not set: one principal can use the whole service")
	}
	for i, r := range a.Access {
		for _, name := range r.Write {
			if es, ok := model.EntitySet(name); ok && !es.Writable {
				warn("auth.access[%d] grants write on %s, which is read-only (writable: false); the grant has no effect", i, name)
			}
		}
	}
	if p, err := NewPolicy(a.Access, model, parse); err == nil {
		for _, who := range []*Principal{{Kind: KindAnonymous}} {
			if p.headerRulesFor(who) {
				warn("auth.access: row filters that anonymous callers get read request headers, which any caller can set")
			}
		}
	}
	return problems, warnings
}
