package server

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// Option configures a Server.
type Option func(*Server)

// WithSecurity sets the authentication, authorization, limits and TLS the server enforces.
// Without it, New builds them from cfg.Auth (failing closed: when that fails, every request
// is a 500 and the error is logged).
func WithSecurity(sec *auth.Security) Option { return func(s *Server) { s.sec = sec } }

func (s *Server) defaultSecurity() {
	sec, err := auth.New(context.Background(), s.cfg.Auth, s.model, auth.Options{})
	if err != nil {
		s.log.Error("security configuration failed; refusing every request", "err", err)
		s.secErr = err
		return
	}
	s.sec = sec
}

// principal is the authenticated caller of c (set by authenticate).
func principal(c echo.Context) *auth.Principal {
	if ri := info(c); ri != nil {
		return ri.principal
	}
	return nil
}

func principalName(c echo.Context) string {
	if p := principal(c); p != nil {
		return p.ID()
	}
	return "none"
}

// authenticate finds the caller (401 with WWW-Authenticate when it cannot), then admits it
// through its rate and concurrency limits (429 with Retry-After). Every failure is audited.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if s.sec == nil {
			return errors.New("security is not configured: " + s.secErr.Error())
		}
		req := c.Request()
		client := ""
		if s.sec.Failures != nil {
			client = "client@" + clientHost(req)
			if wait, blocked := s.sec.Failures.Blocked(client); blocked {
				secs := auth.RetryAfterSeconds(wait)
				logger(c).Warn("audit", "action", "authenticate", "result", "rejected_failures", "status", http.StatusTooManyRequests,
					"remote", req.RemoteAddr, "retry_after_s", secs)
				return tooMany("too many failed authentications from this address; retry later", secs)
			}
		}
		p, err := s.sec.Authn.Authenticate(req, s.sec.PublicMetadata && s.isDocument(req))
		if err != nil {
			if f := s.auditAuthFailure(c, err); f != nil && !f.Missing && s.sec.Failures != nil {
				s.sec.Failures.Failed(client)
			}
			return err
		}
		if ri := info(c); ri != nil {
			ri.principal = p
		}
		if s.sec.Limiter == nil {
			return next(c)
		}
		release, rej := s.sec.Limiter.Acquire(p.LimitKey)
		if rej != nil {
			secs := auth.RetryAfterSeconds(rej.RetryAfter)
			logger(c).Warn("audit", "action", "limit", "principal", p.ID(), "result", "rejected_"+rej.Reason,
				"status", http.StatusTooManyRequests, "retry_after_s", secs)
			msg := "too many requests from this caller; retry later"
			if rej.Reason == "concurrency" {
				msg = "too many concurrent requests from this caller; retry later"
			}
			return tooMany(msg, secs)
		}
		defer release()
		return next(c)
	}
}

func tooMany(msg string, retryAfter int) error {
	return &odata.Error{Status: http.StatusTooManyRequests, Code: "TooManyRequests", Message: msg,
		Header: http.Header{"Retry-After": {strconv.Itoa(retryAfter)}}}
}

// clientHost is the peer address (proxies' X-Forwarded-For is not trusted for limits).
func clientHost(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// isDocument reports a GET/HEAD of the service document or $metadata.
func (s *Server) isDocument(req *http.Request) bool {
	if req.Method != http.MethodGet && req.Method != http.MethodHead {
		return false
	}
	rest := strings.TrimPrefix(req.URL.EscapedPath(), strings.TrimSuffix(s.cfg.ServicePath, "/"))
	return rest == "" || rest == "/" || rest == "/$metadata"
}

func (s *Server) auditAuthFailure(c echo.Context, err error) *auth.Failure {
	var f *auth.Failure
	if !errors.As(err, &f) {
		return nil
	}
	req := c.Request()
	level := slog.LevelWarn
	if f.Missing {
		level = slog.LevelInfo // Salesforce probes without credentials first; not an attack
	}
	logger(c).Log(req.Context(), level, "audit", "action", "authenticate", "result", "denied", "status", http.StatusUnauthorized,
		"scheme", f.Scheme, "claimed", f.Claimed, "reason", f.Reason, "remote", req.RemoteAddr, "method", req.Method,
		"path", truncate(req.URL.Path, 200))
	return f
}

// rowFilter is the predicate confining the caller on set for action a (nil: all rows), or a
// 403 when it may not act on the set at all (audited).
func (s *Server) rowFilter(c echo.Context, set *schema.EntitySet, a auth.Action) (odata.Expr, error) {
	p := principal(c)
	if p == nil {
		return nil, errors.New("no principal on an authenticated route")
	}
	e, err := s.sec.Policy.RowFilter(p, set, a, c.Request().Header)
	if err != nil {
		if oe, ok := odata.AsError(err); ok && oe.Status == http.StatusForbidden {
			reason := oe.Message
			if oe.Err != nil {
				reason = oe.Err.Error()
			}
			logger(c).Warn("audit", "action", a.String(), "entity_set", set.Name, "principal", p.ID(),
				"result", "forbidden", "status", http.StatusForbidden, "reason", reason)
		}
		return nil, err
	}
	return e, nil
}
