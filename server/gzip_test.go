package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
)

// TestLazyGzip drives compressResponses with every way a handler writes: the body must arrive
// intact, compressed exactly when it is longer than gzipMinLength (or flushed) and the client
// accepts gzip, with the handler's status, and a Content-Length when sent as it is.
func TestLazyGzip(t *testing.T) {
	body := func(n int) string { return strings.Repeat("0123456789abcdef", n/16+1)[:n] }
	cases := []struct {
		name     string
		accept   string
		status   int
		writes   []int // sizes of successive writes
		flush    bool  // flush after the first write
		wantGzip bool
	}{
		{"small", "gzip", 200, []int{100}, false, false},
		{"exactly the threshold", "gzip", 200, []int{gzipMinLength}, false, false},
		{"one byte over", "gzip", 200, []int{gzipMinLength + 1}, false, true},
		{"large in pieces", "gzip", 200, []int{4000, 4000, 4000, 4000, 30000}, false, true},
		{"large, client without gzip", "", 200, []int{50000}, false, false},
		{"large, gzip refused with q=0", "gzip;q=0, identity", 200, []int{50000}, false, false},
		{"large among codings", "deflate, gzip;q=0.5", 200, []int{50000}, false, true},
		{"small with a status", "gzip", 201, []int{300}, false, false},
		{"large with a status", "gzip", 201, []int{60000}, false, true},
		{"flushed small", "gzip", 200, []int{300, 300}, true, true},
		{"no body", "gzip", 204, nil, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var want strings.Builder
			e := echo.New()
			e.Use(compressResponses())
			e.GET("/", func(c echo.Context) error {
				c.Response().Header().Set("Content-Type", "text/plain")
				c.Response().WriteHeader(tc.status)
				for i, n := range tc.writes {
					b := body(n)
					want.WriteString(b)
					if _, err := c.Response().Write([]byte(b)); err != nil {
						return err
					}
					if i == 0 && tc.flush {
						c.Response().Flush()
					}
				}
				return nil
			})
			srv := httptest.NewServer(e)
			defer srv.Close()
			req, _ := http.NewRequest("GET", srv.URL, nil)
			if tc.accept != "" {
				req.Header.Set("Accept-Encoding", tc.accept)
			}
			resp, err := (&http.Transport{DisableCompression: true}).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			raw, _ := io.ReadAll(resp.Body)
			got := raw
			gzipped := resp.Header.Get("Content-Encoding") == "gzip"
			if gzipped {
				zr, err := gzip.NewReader(bytes.NewReader(raw))
				if err != nil {
					t.Fatal(err)
				}
				if got, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if resp.StatusCode != tc.status || gzipped != tc.wantGzip || string(got) != want.String() {
				t.Fatalf("status %d gzip %v, %d bytes (want %d, gzip %v, %d bytes)", resp.StatusCode, gzipped, len(got), tc.status, tc.wantGzip, want.Len())
			}
			buffered := acceptsGzip(tc.accept) && !gzipped && !tc.flush // held back, then sent as it is
			if buffered && tc.status != 204 && resp.Header.Get("Content-Length") != strconv.Itoa(want.Len()) {
				t.Errorf("Content-Length %q, want %d", resp.Header.Get("Content-Length"), want.Len())
			}
			if resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q", resp.Header.Get("Vary"))
			}
		})
	}
}

// TestLazyGzipPanic: a handler that panics after writing part of a small response sends none of
// it; the panic reaches the recovering middleware above. (The status is already committed to
// echo by then, as with any writer.)
func TestLazyGzipPanic(t *testing.T) {
	e := echo.New()
	e.Use(func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) (err error) {
			defer func() {
				if r := recover(); r != nil {
					err = c.String(http.StatusInternalServerError, "recovered")
				}
			}()
			return next(c)
		}
	})
	e.Use(compressResponses())
	e.GET("/", func(c echo.Context) error {
		c.Response().Write([]byte("partial"))
		panic("boom")
	})
	rec := httptest.NewRecorder()
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip")
	e.ServeHTTP(rec, req)
	if strings.Contains(rec.Body.String(), "partial") || !strings.Contains(rec.Body.String(), "recovered") {
		t.Fatalf("body %q: the buffered part went out, or the recovery did not", rec.Body.String())
	}
}
