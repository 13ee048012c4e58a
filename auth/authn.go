package auth

import (
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/sfconnect/sfconnect/odata"
)

// Authenticator finds the principal of a request. Credentials are looked for in a fixed
// order — the Authorization header (Basic or Bearer), the API-key header, the TLS client
// certificate — and the first one present decides: a present but invalid credential is a 401,
// never a fall-through to a weaker mode or to anonymous.
type Authenticator struct {
	basic      *basicAuth
	keys       *apiKeys
	oidc       *oidcAuth
	certs      bool
	anonymous  bool
	realm      string
	challenges []string
}

// Failure is why authentication failed: it goes to the audit log, never to the client.
type Failure struct {
	Scheme  string // basic, bearer, api_key, none, ...
	Claimed string // the configured user or key the caller claimed to be, when known
	Reason  string
	Missing bool // no credentials at all
}

func (f *Failure) Error() string { return "authentication failed (" + f.Scheme + "): " + f.Reason }

func (a *Authenticator) challenge(bearerError string) http.Header {
	h := http.Header{}
	for _, c := range a.challenges {
		if bearerError != "" && strings.HasPrefix(c, "Bearer ") {
			c += `, error="` + bearerError + `"`
		}
		h.Add("WWW-Authenticate", c)
	}
	return h
}

func (a *Authenticator) fail(f *Failure) error {
	msg := "authentication required"
	bearerErr := ""
	if !f.Missing {
		msg = "the credentials are not valid"
		if f.Scheme == "bearer" {
			bearerErr = "invalid_token"
		}
	}
	return &odata.Error{Status: http.StatusUnauthorized, Code: "Unauthorized", Message: msg, Header: a.challenge(bearerErr), Err: f}
}

// Authenticate returns the request's principal or a 401 *odata.Error whose Err is a *Failure.
// public lets a request without any credentials in as anonymous (configured public
// $metadata and service document).
func (a *Authenticator) Authenticate(r *http.Request, public bool) (*Principal, error) {
	p, err := a.authenticate(r, public)
	if p != nil && p.LimitKey == "" {
		p.LimitKey = p.ID()
	}
	return p, err
}

func (a *Authenticator) authenticate(r *http.Request, public bool) (*Principal, error) {
	if vals := r.Header.Values("Authorization"); len(vals) > 0 {
		if len(vals) > 1 {
			return nil, a.fail(&Failure{Scheme: "authorization", Reason: "more than one Authorization header"})
		}
		return a.authorization(r, vals[0])
	}
	if a.keys != nil {
		if vals := r.Header.Values(a.keys.header); len(vals) > 0 {
			if len(vals) > 1 || len(vals[0]) > maxCredentialLen {
				return nil, a.fail(&Failure{Scheme: "api_key", Reason: "more than one or an oversized API key header"})
			}
			if p := a.keys.check(vals[0]); p != nil {
				return p, nil
			}
			return nil, a.fail(&Failure{Scheme: "api_key", Reason: "unknown API key"})
		}
	}
	if a.certs {
		if p := certPrincipal(r.TLS); p != nil {
			return p, nil
		}
	}
	if a.anonymous || public {
		return &Principal{Kind: KindAnonymous, Name: "anonymous", LimitKey: "anonymous@" + remoteHost(r)}, nil
	}
	return nil, a.fail(&Failure{Scheme: "none", Reason: "no credentials", Missing: true})
}

func (a *Authenticator) authorization(r *http.Request, h string) (*Principal, error) {
	scheme, cred, ok := splitAuthorization(h)
	switch {
	case !ok:
		return nil, a.fail(&Failure{Scheme: "authorization", Reason: "malformed Authorization header"})
	case scheme == "basic" && a.basic != nil:
		user, password, ok := parseBasic(cred)
		if !ok {
			return nil, a.fail(&Failure{Scheme: "basic", Reason: "malformed Basic credentials"})
		}
		p, reason := a.basic.check(user, password)
		if p == nil {
			claimed := ""
			if _, known := a.basic.users[user]; known {
				claimed = user // only configured names are logged: a mistyped password is no user name
			}
			return nil, a.fail(&Failure{Scheme: "basic", Claimed: claimed, Reason: reason})
		}
		return p, nil
	case scheme == "bearer" && a.oidc != nil:
		raw, ok := parseBearer(cred)
		if !ok {
			return nil, a.fail(&Failure{Scheme: "bearer", Reason: "malformed bearer token"})
		}
		p, err := a.oidc.check(r.Context(), raw)
		if err != nil {
			return nil, a.fail(&Failure{Scheme: "bearer", Reason: truncate(err.Error(), 200)})
		}
		return p, nil
	}
	return nil, a.fail(&Failure{Scheme: truncate(scheme, 20), Reason: "authentication scheme not configured"})
}

// Modes lists the configured modes, for the startup log.
func (a *Authenticator) Modes() []string {
	var m []string
	if a.basic != nil {
		m = append(m, "basic("+strconv.Itoa(len(a.basic.users))+" users)")
	}
	if a.oidc != nil {
		m = append(m, "oidc("+a.oidc.cfg.Issuer+")")
	}
	if a.keys != nil {
		m = append(m, fmt.Sprintf("api_keys(%d, header %s)", len(a.keys.keys), a.keys.header))
	}
	if a.certs {
		m = append(m, "client_certificates")
	}
	if a.anonymous {
		m = append(m, "anonymous")
	}
	return m
}

func remoteHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
