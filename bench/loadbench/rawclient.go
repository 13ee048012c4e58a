package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	gzip "github.com/klauspost/compress/gzip"
	"io"
	"net"
	"net/http/httputil"
	"net/url"
	"sync"
	"time"
)

// rawTransport is a minimal HTTP/1.1 keep-alive client for the load generator: one request
// per connection at a time, the request written in one write, the response parsed from a
// buffered reader (Content-Length or chunked, gzip when the server compressed). It exists
// because the load generator shares the two cores with the server and the database, and
// net/http's client costs about 55 µs of CPU per request there (two goroutines per
// connection, header maps, a channel hand-off per response): more than half of what the
// server itself spends on a one-row lookup. In production that cost is Salesforce's, on
// Salesforce's machines. The responses are checked exactly as with net/http.
type rawTransport struct {
	gzip bool
	mu   sync.Mutex
	idle map[string][]*rawConn // host:port -> idle connections
}

type rawConn struct {
	c   net.Conn
	br  *bufio.Reader
	req []byte
	gz  *gzip.Reader
}

func newRawTransport(gzip bool) *rawTransport {
	return &rawTransport{gzip: gzip, idle: map[string][]*rawConn{}}
}

// conn returns an idle connection to host (reused true) or a new one.
func (t *rawTransport) conn(ctx context.Context, host string) (c *rawConn, reused bool, err error) {
	t.mu.Lock()
	if l := t.idle[host]; len(l) > 0 {
		c := l[len(l)-1]
		t.idle[host] = l[:len(l)-1]
		t.mu.Unlock()
		return c, true, nil
	}
	t.mu.Unlock()
	var d net.Dialer
	nc, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return nil, false, err
	}
	return &rawConn{c: nc, br: bufio.NewReaderSize(nc, 64<<10)}, false, nil
}

func (t *rawTransport) put(host string, c *rawConn) {
	t.mu.Lock()
	t.idle[host] = append(t.idle[host], c)
	t.mu.Unlock()
}

// get fetches rawURL into buf. A connection that saw an error or "Connection: close" is not
// reused. A GET that fails on a reused connection before any of its response arrived (the
// server closed the idle connection meanwhile: its idle timeout, a restart) is sent again on a
// new one, as net/http's client does.
func (t *rawTransport) get(ctx context.Context, rawURL string, maxPage int, buf *bytes.Buffer) (int, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, err
	}
	if u.Scheme != "http" {
		return 0, fmt.Errorf("raw client: only http URLs, got %q", rawURL)
	}
	for {
		c, reused, err := t.conn(ctx, u.Host)
		if err != nil {
			return 0, err
		}
		status, keep, err := c.roundTrip(ctx, u, maxPage, t.gzip, buf)
		if err != nil || !keep {
			c.c.Close()
			if err != nil && reused && status == 0 && ctx.Err() == nil {
				continue
			}
			return status, err
		}
		t.put(u.Host, c)
		return status, nil
	}
}

func (c *rawConn) roundTrip(ctx context.Context, u *url.URL, maxPage int, gz bool, buf *bytes.Buffer) (status int, keep bool, err error) {
	dl, ok := ctx.Deadline()
	if !ok {
		dl = time.Now().Add(120 * time.Second) // net/http client's timeout in this bench
	}
	if err := c.c.SetDeadline(dl); err != nil {
		return 0, false, err
	}
	r := appendGET(c.req[:0], u.Host, u.RequestURI(), maxPage, gz)
	c.req = r
	if _, err := c.c.Write(r); err != nil {
		return 0, false, err
	}
	h, err := readHead(c.br)
	if err != nil {
		return 0, false, err
	}
	buf.Reset()
	if err := c.readBody(h, buf); err != nil {
		return h.status, false, err
	}
	return h.status, !h.close, nil
}

func readHead(br *bufio.Reader) (responseHead, error) {
	h := responseHead{length: -1}
	line, err := br.ReadSlice('\n')
	if err != nil {
		return h, fmt.Errorf("reading the status line: %w", err)
	}
	if h.status, err = statusLine(line); err != nil {
		return h, err
	}
	for {
		line, err := br.ReadSlice('\n')
		if err != nil {
			return h, fmt.Errorf("reading the headers: %w", err)
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			return h, nil
		}
		if err := h.header(line); err != nil {
			return h, err
		}
	}
}

func (c *rawConn) readBody(h responseHead, buf *bytes.Buffer) error {
	var body io.Reader
	switch {
	case h.chunked:
		body = &chunkedBody{Reader: httputil.NewChunkedReader(c.br), br: c.br}
	case h.length >= 0:
		body = io.LimitReader(c.br, h.length)
	default:
		return errors.New("response without Content-Length or chunked encoding")
	}
	if h.gzip {
		if c.gz == nil {
			zr, err := gzip.NewReader(body)
			if err != nil {
				return fmt.Errorf("gzip header: %w", err)
			}
			c.gz = zr
		} else if err := c.gz.Reset(body); err != nil {
			return fmt.Errorf("gzip header: %w", err)
		}
		c.gz.Multistream(false)
		if _, err := buf.ReadFrom(c.gz); err != nil {
			return fmt.Errorf("gunzip: %w", err)
		}
		_, err := io.Copy(io.Discard, body) // the gzip trailer's end and the last chunk
		return err
	}
	n, err := buf.ReadFrom(body)
	if err == nil && !h.chunked && n != h.length {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// chunkedBody is net/http/httputil's chunked decoder plus the end of the message it leaves
// unread: the trailer section (empty here), so the connection is ready for the next response.
type chunkedBody struct {
	io.Reader
	br   *bufio.Reader
	done bool
}

func (b *chunkedBody) Read(p []byte) (int, error) {
	if b.done {
		return 0, io.EOF
	}
	n, err := b.Reader.Read(p)
	if err == io.EOF {
		b.done = true
		for { // trailer lines up to the empty one
			line, rerr := b.br.ReadSlice('\n')
			if rerr == io.EOF {
				rerr = io.ErrUnexpectedEOF // the message ended inside its trailer
			}
			if rerr != nil {
				return n, rerr
			}
			if len(bytes.TrimRight(line, "\r\n")) == 0 {
				break
			}
		}
	}
	return n, err
}
