package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"

	"github.com/sfconnect/sfconnect/config"
)

// DefaultAlgorithms are the signature algorithms accepted when auth.oidc.algorithms is empty:
// asymmetric only, so "none" and HMAC-with-the-public-key confusion can never verify.
var DefaultAlgorithms = []string{"RS256", "RS384", "RS512", "PS256", "ES256", "ES384"}

// oidcAuth verifies bearer JWTs with go-oidc: signature against the issuer's JWKS (re-fetched
// when a token names an unknown key id, which is how key rotation shows up), issuer, audience,
// expiry; plus what go-oidc leaves to us: a small clock skew, nbf/iat not in the future, azp.
type oidcAuth struct {
	verifier       *oidc.IDTokenVerifier
	cfg            config.OIDC
	skew           time.Duration
	now            func() time.Time
	principalClaim string
	rolesClaim     string
}

// newOIDC discovers the issuer (or uses jwks_url) with client for all provider requests.
func newOIDC(ctx context.Context, cfg config.OIDC, client *http.Client, now func() time.Time) (*oidcAuth, error) {
	a := &oidcAuth{cfg: cfg, skew: cfg.ClockSkew, now: now, principalClaim: cfg.PrincipalClaim, rolesClaim: cfg.RolesClaim}
	if a.skew == 0 {
		a.skew = time.Minute
	}
	if a.principalClaim == "" {
		a.principalClaim = "sub"
	}
	if a.rolesClaim == "" {
		a.rolesClaim = "roles"
	}
	algs := cfg.Algorithms
	if len(algs) == 0 {
		algs = DefaultAlgorithms
	}
	vc := &oidc.Config{ClientID: cfg.Audience, SupportedSigningAlgs: algs,
		// go-oidc checks exp against Now exactly; shifting Now back by the skew tolerates a
		// caller whose clock runs slightly ahead.
		Now: func() time.Time { return a.now().Add(-a.skew) }}
	ctx = oidc.ClientContext(ctx, client)
	if cfg.JWKSURL != "" {
		a.verifier = oidc.NewVerifier(cfg.Issuer, oidc.NewRemoteKeySet(ctx, cfg.JWKSURL), vc)
		return a, nil
	}
	p, err := oidc.NewProvider(ctx, cfg.Issuer)
	if err != nil {
		return nil, fmt.Errorf("discovering OIDC issuer %s: %w", cfg.Issuer, err)
	}
	a.verifier = p.VerifierContext(ctx, vc)
	return a, nil
}

var errTokenFromFuture = errors.New("token not valid yet (nbf or iat in the future)")

func (a *oidcAuth) check(ctx context.Context, raw string) (*Principal, error) {
	tok, err := a.verifier.Verify(ctx, raw)
	if err != nil {
		return nil, err
	}
	var claims map[string]any
	if err := tok.Claims(&claims); err != nil {
		return nil, fmt.Errorf("decoding claims: %w", err)
	}
	limit := a.now().Add(a.skew)
	for _, name := range []string{"nbf", "iat"} {
		if n, ok := claims[name].(float64); ok && time.Unix(int64(n), 0).After(limit) {
			return nil, errTokenFromFuture
		}
	}
	if len(a.cfg.AuthorizedParties) > 0 {
		azp, _ := claims["azp"].(string)
		if !slices.Contains(a.cfg.AuthorizedParties, azp) {
			return nil, fmt.Errorf("azp %q is not an authorized party", truncate(azp, 64))
		}
	}
	p := &Principal{Kind: KindOIDC, Claims: claims}
	name, ok := scalarString(claims[a.principalClaim])
	if !ok || name == "" {
		return nil, fmt.Errorf("token has no %s claim", a.principalClaim)
	}
	p.Name = name
	p.Roles = p.claimStrings(a.rolesClaim)
	return p, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
