package auth

import (
	"context"
	"crypto/tls"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// Security is everything the server needs to protect one model: who (Authenticator), what
// (Policy), how much (Limiter, nil without limits) and the transport (TLS, nil for plain HTTP).
type Security struct {
	Authn          *Authenticator
	Policy         *Policy
	Limiter        *Limiter
	Failures       *FailureLimiter // nil without rate_limit.failures_per_minute
	TLS            *tls.Config
	PublicMetadata bool
	// Warnings are printed loudly at start (anonymous access and the like).
	Warnings []string
}

// Options are the injectable parts of New.
type Options struct {
	Now        func() time.Time // time.Now by default
	HTTPClient *http.Client     // for OIDC discovery and JWKS; 10 s timeout by default
	Parse      ParseFunc        // odata.ParseFilter by default
}

// New builds the security of a model from the auth section. It enforces the anonymous rule:
// without any authentication mode and without an explicit `anonymous: true`, the service
// serves anonymously only while no entity set is writable; otherwise it refuses to start.
func New(ctx context.Context, cfg config.Auth, model *schema.Model, o Options) (*Security, error) {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if o.Parse == nil {
		o.Parse = odata.ParseFilter
	}
	s := &Security{PublicMetadata: cfg.PublicMetadata, Limiter: NewLimiter(cfg.RateLimit, o.Now),
		Failures: NewFailureLimiter(cfg.RateLimit.FailuresPerMinute, o.Now)}
	a := &Authenticator{realm: cfg.Realm}
	if a.realm == "" {
		a.realm = "sfconnect"
	}
	if err := s.anonymousRule(cfg, model, a); err != nil {
		return nil, err
	}
	var err error
	if len(cfg.Basic.Users) > 0 {
		if a.basic, err = newBasic(cfg.Basic, o.Now); err != nil {
			return nil, err
		}
		a.challenges = append(a.challenges, `Basic realm="`+a.realm+`", charset="UTF-8"`)
	}
	if cfg.OIDC != nil {
		if a.oidc, err = newOIDC(ctx, *cfg.OIDC, o.HTTPClient, o.Now); err != nil {
			return nil, err
		}
		a.challenges = append(a.challenges, `Bearer realm="`+a.realm+`"`)
	}
	if len(cfg.APIKey.Keys) > 0 {
		if a.keys, err = newAPIKeys(cfg.APIKey); err != nil {
			return nil, err
		}
		a.challenges = append(a.challenges, `ApiKey realm="`+a.realm+`", header="`+a.keys.header+`"`)
	}
	if s.TLS, err = TLSConfig(cfg.TLS); err != nil {
		return nil, err
	}
	if cfg.TLS.ClientCA != "" {
		a.certs = true
		a.challenges = append(a.challenges, `ClientCertificate realm="`+a.realm+`"`)
	}
	if len(a.challenges) == 0 {
		a.challenges = []string{`Basic realm="` + a.realm + `", charset="UTF-8"`}
	}
	s.Authn = a
	if s.Policy, err = NewPolicy(cfg.Access, model, o.Parse); err != nil {
		return nil, err
	}
	if a.anonymous && s.Policy.headerRulesFor(&Principal{Kind: KindAnonymous}) {
		s.Warnings = append(s.Warnings, "row filters for anonymous callers read request headers: anyone can send any header value")
	}
	return s, nil
}

func (s *Security) anonymousRule(cfg config.Auth, model *schema.Model, a *Authenticator) error {
	writable := WritableSets(model)
	switch {
	case cfg.AnonymousAllowed():
		a.anonymous = true
		msg := "ANONYMOUS ACCESS IS ON (auth.anonymous: true): callers without credentials can read"
		if len(writable) > 0 {
			msg += " AND WRITE (" + strings.Join(writable, ", ") + ")"
		}
		s.Warnings = append(s.Warnings, msg+" what the access rules allow")
	case !cfg.Configured():
		if len(writable) > 0 {
			return fmt.Errorf("entity sets %s are writable but no authentication is configured: configure auth "+
				"(basic, api_keys, oidc or tls.client_ca), or set auth.anonymous: true to allow anonymous writes",
				strings.Join(writable, ", "))
		}
		a.anonymous = true
		s.Warnings = append(s.Warnings, "NO AUTHENTICATION IS CONFIGURED: anyone who reaches this port can read every "+
			"entity set; configure auth before exposing it (README: Security)")
	}
	return nil
}

// WritableSets names the model's writable entity sets.
func WritableSets(model *schema.Model) []string {
	var out []string
	for _, es := range model.EntitySets {
		if es.Writable {
			out = append(out, es.Name)
		}
	}
	return out
}
