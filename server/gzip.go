package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"

	"github.com/sfconnect/sfconnect/odata"
)

// gzipMinLength: smaller responses are cheaper to send than to compress. A response that
// fits TCP's initial congestion window (10 segments, about 14 KB) arrives in one round trip
// either way, so compressing it only costs CPU on both ends; the load benchmark measured
// 15-20% of the CPU of a related-list or first-page request going to gzip at 1400 bytes
// (bench/REPORT.md). Large pages (walks, wide list views) still compress.
const gzipMinLength = 14 << 10

// compressResponses gzips responses above gzipMinLength for clients that accept it.
func compressResponses() echo.MiddlewareFunc {
	return middleware.GzipWithConfig(middleware.GzipConfig{Level: gzip.BestSpeed, MinLength: gzipMinLength})
}

// decompressRequests accepts gzip-compressed request bodies (Salesforce may send them). The
// body limit applies to the decompressed bytes, so a small bomb cannot expand past it.
func (s *Server) decompressRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		enc := strings.ToLower(strings.TrimSpace(req.Header.Get("Content-Encoding")))
		switch enc {
		case "", "identity":
			return next(c)
		case "gzip", "x-gzip":
		default:
			return odata.Errorf(http.StatusUnsupportedMediaType, "UnsupportedEncoding", "Content-Encoding %q is not supported (gzip is)", truncate(enc, 20))
		}
		zr, err := gzip.NewReader(req.Body)
		if err != nil {
			return odata.BadRequest("BadBody", "the request body is not valid gzip")
		}
		req.Body = http.MaxBytesReader(c.Response(), readCloser{zr, req.Body}, int64(s.cfg.Limits.MaxBodyBytes))
		req.Header.Del("Content-Encoding")
		req.ContentLength = -1
		return next(c)
	}
}

type readCloser struct {
	io.Reader
	inner io.Closer
}

func (r readCloser) Close() error { return r.inner.Close() }
