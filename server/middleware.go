package server

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/odata"
)

type ctxKey int

const requestKey ctxKey = iota

// requestInfo is what requestContext attaches to a request's context: its id, and the logger
// carrying it, built on first use (most requests log nothing below the access line, and that
// one is skipped at level warn).
type requestInfo struct {
	id        string
	base      *slog.Logger
	log       *slog.Logger
	principal *auth.Principal // set by authenticate
}

// info is the requestInfo of c's request (nil outside requestContext).
func info(c echo.Context) *requestInfo {
	ri, _ := c.Request().Context().Value(requestKey).(*requestInfo)
	return ri
}

func (ri *requestInfo) logger() *slog.Logger {
	if ri.log == nil {
		ri.log = ri.base.With("request_id", ri.id)
	}
	return ri.log
}

// requestContext gives every request an id (the caller's X-Request-ID when it looks sane), a
// logger carrying it, the request deadline (limits.request_timeout, well below Salesforce's
// 120 s, so the client gets an answer it can show instead of its own timeout) and an access
// log line.
// The id and the deadline go into one derived context (requestCtx, its timer made only when
// something waits for the deadline): each Request.WithContext copies the request.
func (s *Server) requestContext(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		id := headerValue(req.Header, hdrRequestID)
		if !saneRequestID(id) {
			var b [8]byte
			_, _ = rand.Read(b[:])
			id = hex.EncodeToString(b[:])
		}
		c.Response().Header()[hdrRequestID] = []string{id}
		ctx := newRequestCtx(req.Context(), s.cfg.Limits.RequestTimeout)
		defer ctx.end()
		ri := &ctx.info
		ri.id, ri.base = id, s.log
		c.SetRequest(req.WithContext(ctx))
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		if s.log.Enabled(ctx, slog.LevelInfo) {
			ri.logger().Info("request", "method", req.Method, "path", req.URL.Path, "principal", principalName(c), "status", c.Response().Status,
				"bytes", c.Response().Size, "ms", float64(time.Since(start).Microseconds())/1000)
		}
		return nil
	}
}

func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		if !(r == '-' || r == '_' || r == '.' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

func logger(c echo.Context) *slog.Logger {
	if ri := info(c); ri != nil {
		return ri.logger()
	}
	return slog.Default()
}

// odataVersion answers the highest version both sides speak (4.0 or 4.01) on every response,
// errors included, and rejects clients that can only speak older versions.
func (s *Server) odataVersion(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		version := odataVersion40
		maxV := strings.TrimSpace(headerValue(c.Request().Header, hdrODataMaxVersion))
		if maxV != "" && maxV >= "4.01" && strings.HasPrefix(maxV, "4.") {
			version = odataVersion401
		}
		h[hdrODataVersion] = version
		if maxV != "" && !strings.HasPrefix(maxV, "4.") {
			return odata.Errorf(http.StatusBadRequest, "UnsupportedVersion",
				"this service speaks OData 4.0 and 4.01; OData-MaxVersion %s is too low", truncate(maxV, 10))
		}
		if v := strings.TrimSpace(headerValue(c.Request().Header, hdrODataVersion)); v != "" && v != "4.0" && v != "4.01" {
			return odata.Errorf(http.StatusBadRequest, "UnsupportedVersion", "OData-Version %s is not supported (4.0 or 4.01)", truncate(v, 10))
		}
		return next(c)
	}
}

// recoverPanics turns a panic into a 500 with the request id; the stack goes to the log only.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				err = fmt.Errorf("panic: %v", r)
			}
		}()
		return next(c)
	}
}

// urlGuard rejects request targets longer than limits.max_url_length (414) and query strings
// that do not decode to valid UTF-8 (400) before any parsing: Salesforce's own URLs stay far
// below the limit, and parsers and databases never see megabyte-sized or broken text.
func (s *Server) urlGuard(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		target := c.Request().RequestURI // as received; empty for requests built in code
		if target == "" {
			target = c.Request().URL.RequestURI()
		}
		if n := s.cfg.Limits.MaxURLLength; n > 0 && len(target) > n {
			return odata.Errorf(http.StatusRequestURITooLong, "URITooLong", "the request URL exceeds %d characters", n)
		}
		if decodesToInvalidUTF8(c.Request().URL.RawQuery) {
			return odata.BadRequest("BadQuery", "the query string is not valid UTF-8").WithTarget("query")
		}
		return next(c)
	}
}

// decodesToInvalidUTF8 reports whether the query string decodes (url.QueryUnescape) to text
// that is not valid UTF-8. A query whose bytes and escapes all stay below 0x80, every query
// Salesforce sends, cannot, and is answered without building the decoded string.
func decodesToInvalidUTF8(raw string) bool {
	if !mayDecodeAboveASCII(raw) {
		return false
	}
	dq, err := url.QueryUnescape(raw)
	return err == nil && !utf8.ValidString(dq)
}

// mayDecodeAboveASCII: some byte of raw, or the first hex digit after some '%', is 0x80 or
// above. Malformed escapes need not be told apart: QueryUnescape rejects them either way.
func mayDecodeAboveASCII(raw string) bool {
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		if c >= utf8.RuneSelf || c == '%' && i+1 < len(raw) && strings.IndexByte("89abcdefABCDEF", raw[i+1]) >= 0 {
			return true
		}
	}
	return false
}

// bodyLimit caps request bodies (8 MB default, Salesforce's own limit).
func (s *Server) bodyLimit(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		limit := int64(s.cfg.Limits.MaxBodyBytes)
		if req.ContentLength > limit {
			return odata.Errorf(http.StatusRequestEntityTooLarge, "BodyTooLarge", "the request body exceeds %d bytes", limit)
		}
		if req.Body != nil {
			req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
		}
		return next(c)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
