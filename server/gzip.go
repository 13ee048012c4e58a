package server

import (
	"bufio"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"

	kgzip "github.com/klauspost/compress/gzip"
	"github.com/labstack/echo/v4"

	"github.com/sfconnect/sfconnect/odata"
)

// gzipMinLength: smaller responses are cheaper to send than to compress. A response that
// fits TCP's initial congestion window (10 segments, about 14 KB) arrives in one round trip
// either way, so compressing it only costs CPU on both ends; the load benchmark measured
// 15-20% of the CPU of a related-list or first-page request going to gzip at 1400 bytes
// (bench/REPORT.md). Large pages (walks, wide list views) still compress.
const gzipMinLength = 14 << 10

// compressResponses gzips responses above gzipMinLength for clients that accept it. Unlike
// echo's gzip middleware, it takes a compressor only once a response has passed the threshold:
// a compress/flate writer holds about 1 MB of tables, so taking one for every request made
// each request in flight hold a megabyte, and resetting and closing it cost CPU on responses
// that are then sent uncompressed anyway.
func compressResponses() echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			res := c.Response()
			addVaryAcceptEncoding(res.Header())
			if !acceptsGzip(headerValue(c.Request().Header, hdrAcceptEncoding)) {
				return next(c)
			}
			w := &lazyGzipWriter{ResponseWriter: res.Writer, buf: smallBuffers.Get().(*[]byte)}
			res.Writer = w
			defer func() {
				res.Writer = w.ResponseWriter
				if r := recover(); r != nil {
					w.abandon() // recoverPanics answers 500: nothing of the failed response may go out
					panic(r)
				}
				w.finish()
			}()
			return next(c)
		}
	}
}

// addVaryAcceptEncoding adds "Vary: Accept-Encoding" to h, without allocating when it is
// the first Vary value (every response of this server).
func addVaryAcceptEncoding(h http.Header) {
	if _, ok := h[hdrVary]; ok {
		h.Add(hdrVary, hdrAcceptEncoding)
		return
	}
	h[hdrVary] = varyAcceptEncoding
}

// acceptsGzip reports whether an Accept-Encoding value lists gzip (without q=0).
func acceptsGzip(accept string) bool {
	for part := range strings.SplitSeq(accept, ",") {
		coding, params, _ := strings.Cut(part, ";")
		if strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
			return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
		}
	}
	return false
}

var (
	// smallBuffers hold a response until it passes gzipMinLength.
	smallBuffers = sync.Pool{New: func() any { b := make([]byte, 0, gzipMinLength); return &b }}
	// compressors are klauspost/compress's gzip writers, a drop-in for compress/gzip that
	// compresses a 100 KB page of 500 orders in half the time (324 vs 663 µs at BestSpeed) and
	// 10% smaller; on a full walk, gzip was 40% of the server's CPU.
	compressors = sync.Pool{New: func() any { return newCompressor() }}
)

// compressor is a gzip writer with the buffer it writes through. The deflate encoder hands its
// output on every ~240 bytes; unbuffered, each of those went through net/http's response
// writer, and a 35 KB compressed page left in nine 4 KB writes to the socket (each waking the
// client), instead of two or three.
type compressor struct {
	*kgzip.Writer
	out *bufio.Writer
}

// compressedBufferSize is the compressed output gathered per write to the response.
const compressedBufferSize = 32 << 10

func newCompressor() *compressor {
	out := bufio.NewWriterSize(io.Discard, compressedBufferSize)
	zw, _ := kgzip.NewWriterLevel(out, kgzip.BestSpeed)
	return &compressor{Writer: zw, out: out}
}

// start points the compressor at w for a new gzip stream.
func (c *compressor) start(w io.Writer) {
	c.out.Reset(w)
	c.Writer.Reset(c.out)
}

// flush sends what has been compressed so far.
func (c *compressor) flush() error {
	if err := c.Writer.Flush(); err != nil {
		return err
	}
	return c.out.Flush()
}

// close ends the gzip stream, sends it and returns the compressor to the pool; without send,
// it only returns it (the response is being abandoned).
func (c *compressor) close(send bool) {
	if send {
		if c.Writer.Close() == nil {
			_ = c.out.Flush()
		}
	}
	c.out.Reset(io.Discard)
	c.Writer.Reset(c.out)
	compressors.Put(c)
}

// lazyGzipWriter buffers a response until it is longer than gzipMinLength, then compresses
// it (and everything after); a response that ends shorter goes out as it is, with its length.
type lazyGzipWriter struct {
	http.ResponseWriter
	buf  *[]byte     // pending body while undecided; nil once decided
	zw   *compressor // non-nil once compressing
	code int         // status held back while undecided
}

func (w *lazyGzipWriter) WriteHeader(code int) {
	if w.buf == nil || code < 200 || code == http.StatusNoContent || code == http.StatusNotModified {
		w.ResponseWriter.WriteHeader(code)
		return
	}
	w.code = code
}

func (w *lazyGzipWriter) Write(p []byte) (int, error) {
	switch {
	case w.zw != nil:
		return w.zw.Write(p)
	case w.buf == nil:
		return w.ResponseWriter.Write(p)
	case len(*w.buf)+len(p) <= gzipMinLength:
		*w.buf = append(*w.buf, p...)
		return len(p), nil
	}
	w.startGzip()
	if _, err := w.zw.Write(*w.buf); err != nil {
		return 0, err
	}
	w.release()
	return w.zw.Write(p)
}

func (w *lazyGzipWriter) startGzip() {
	h := w.Header()
	h.Del(echo.HeaderContentLength)
	h.Set(echo.HeaderContentEncoding, "gzip")
	w.sendHeader()
	w.zw = compressors.Get().(*compressor)
	w.zw.start(w.ResponseWriter)
}

func (w *lazyGzipWriter) sendHeader() {
	if w.code != 0 {
		w.ResponseWriter.WriteHeader(w.code)
	}
}

func (w *lazyGzipWriter) release() {
	*w.buf = (*w.buf)[:0]
	smallBuffers.Put(w.buf)
	w.buf = nil
}

// Flush commits to compression: more may follow, so the response cannot stay small.
func (w *lazyGzipWriter) Flush() {
	if w.buf != nil {
		w.startGzip()
		_, _ = w.zw.Write(*w.buf)
		w.release()
	}
	if w.zw != nil {
		_ = w.zw.flush()
	}
	_ = http.NewResponseController(w.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *lazyGzipWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// abandon returns the buffers without sending anything pending.
func (w *lazyGzipWriter) abandon() {
	if w.buf != nil {
		w.release()
	}
	if w.zw != nil {
		w.zw.close(false)
		w.zw = nil
	}
}

// finish sends what is pending: the small body as it is, or the end of the gzip stream.
func (w *lazyGzipWriter) finish() {
	if w.buf != nil {
		if len(*w.buf) > 0 {
			w.Header().Set(echo.HeaderContentLength, strconv.Itoa(len(*w.buf)))
		}
		w.sendHeader()
		if len(*w.buf) > 0 {
			_, _ = w.ResponseWriter.Write(*w.buf)
		}
		w.release()
		return
	}
	if w.zw != nil {
		w.zw.close(true)
		w.zw = nil
	}
}

// decompressRequests accepts gzip-compressed request bodies (Salesforce may send them). The
// body limit applies to the decompressed bytes, so a small bomb cannot expand past it.
func (s *Server) decompressRequests(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		enc := strings.ToLower(strings.TrimSpace(headerValue(req.Header, hdrContentEncoding)))
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
