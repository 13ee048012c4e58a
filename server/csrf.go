package server

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/odata"
)

// csrfTokens are stateless: base64url(expiry | nonce | HMAC(secret, expiry|nonce)). Any replica
// sharing the secret verifies any other's token, so the handshake works behind a load balancer.
type csrfTokens struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

const csrfMACLen = 16

func (t *csrfTokens) issue() string {
	raw := make([]byte, 16, 16+csrfMACLen)
	binary.BigEndian.PutUint64(raw, uint64(t.now().Add(t.ttl).Unix()))
	_, _ = rand.Read(raw[8:16])
	raw = append(raw, t.mac(raw)...)
	return base64.RawURLEncoding.EncodeToString(raw)
}

func (t *csrfTokens) valid(token string) bool {
	raw, err := base64.RawURLEncoding.Strict().DecodeString(token) // one spelling per token
	if err != nil || len(raw) != 16+csrfMACLen {
		return false
	}
	if !hmac.Equal(raw[16:], t.mac(raw[:16])) {
		return false
	}
	return t.now().Unix() <= int64(binary.BigEndian.Uint64(raw[:8]))
}

func (t *csrfTokens) mac(b []byte) []byte {
	h := hmac.New(sha256.New, t.key)
	h.Write([]byte("csrf\x00"))
	h.Write(b)
	return h.Sum(nil)[:csrfMACLen]
}

// csrf answers "X-CSRF-Token: Fetch" on reads with a token and rejects writes without a valid
// one (403 with "X-CSRF-Token: Required"), as Salesforce Connect's CSRF option expects.
func (s *Server) csrf(next echo.HandlerFunc) echo.HandlerFunc {
	if !s.cfg.CSRF.Enabled {
		return next
	}
	header := s.cfg.CSRF.Header
	return func(c echo.Context) error {
		req := c.Request()
		switch req.Method {
		case http.MethodGet, http.MethodHead, http.MethodOptions:
			if strings.EqualFold(strings.TrimSpace(req.Header.Get(header)), "fetch") {
				c.Response().Header().Set(header, s.csrfTokens.issue())
			}
			return next(c)
		}
		if !s.csrfTokens.valid(strings.TrimSpace(req.Header.Get(header))) {
			return &odata.Error{Status: http.StatusForbidden, Code: "CSRFTokenRequired",
				Message: "a valid CSRF token is required: fetch one with a GET carrying " + header + ": Fetch",
				Header:  http.Header{header: {"Required"}}}
		}
		return next(c)
	}
}
