package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"math/rand/v2"
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

// countingWriter is a ResponseWriter that counts the writes reaching it.
type countingWriter struct {
	*httptest.ResponseRecorder
	writes int
}

func (w *countingWriter) Write(p []byte) (int, error) {
	w.writes++
	return w.ResponseRecorder.Write(p)
}

// TestLazyGzipWritesInLargePieces: the compressed stream reaches the response in pieces of
// compressedBufferSize (the encoder's own ~240-byte outputs are gathered), a Flush sends what
// was compressed so far, and the whole stream decodes to what was written.
func TestLazyGzipWritesInLargePieces(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	page := make([]byte, 400<<10)
	for i := range page {
		page[i] = "0123456789abcdef"[rng.IntN(16)] // compresses about 2:1
	}
	cw := &countingWriter{ResponseRecorder: httptest.NewRecorder()}
	w := &lazyGzipWriter{ResponseWriter: cw, buf: smallBuffers.Get().(*[]byte)}
	if _, err := w.Write(page[:1000]); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	zr, err := gzip.NewReader(bytes.NewReader(cw.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 1000)
	if _, err := io.ReadFull(zr, head); err != nil || !bytes.Equal(head, page[:1000]) {
		t.Fatalf("after Flush the client cannot read what was written: %v", err)
	}
	for off := 1000; off < len(page); off += 4096 {
		if _, err := w.Write(page[off:min(off+4096, len(page))]); err != nil {
			t.Fatal(err)
		}
	}
	w.finish()
	got, err := gzip.NewReader(bytes.NewReader(cw.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	all, err := io.ReadAll(got)
	if err != nil || !bytes.Equal(all, page) {
		t.Fatalf("decoded %d bytes, %v; want the %d written", len(all), err, len(page))
	}
	if max := cw.Body.Len()/compressedBufferSize + 3; cw.writes > max {
		t.Errorf("%d writes for %d compressed bytes, want at most %d", cw.writes, cw.Body.Len(), max)
	}
}
