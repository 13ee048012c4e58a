package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	gzip "github.com/klauspost/compress/gzip"
	"io"
	"net/http/httputil"
	"strconv"
)

// The HTTP/1.1 framing shared by the load generator's two lean clients: rawTransport (one
// goroutine per connection, reading through bufio) and the event loop (eventloop_linux.go,
// which frames responses from the bytes a connection has received so far).

// appendGET appends the request the load generator sends: Salesforce's headers, the page size
// preference when maxPage > 0, gzip when asked for.
func appendGET(r []byte, host, requestURI string, maxPage int, gz bool) []byte {
	r = append(r, "GET "...)
	r = append(r, requestURI...)
	r = append(r, " HTTP/1.1\r\nHost: "...)
	r = append(r, host...)
	r = append(r, "\r\nUser-Agent: sfconnect-loadbench\r\nAccept: application/json\r\nOData-MaxVersion: 4.0\r\n"...)
	if maxPage > 0 {
		r = append(r, "Prefer: odata.maxpagesize="...)
		r = strconv.AppendInt(r, int64(maxPage), 10)
		r = append(r, "\r\n"...)
	}
	if gz {
		r = append(r, "Accept-Encoding: gzip\r\n"...)
	}
	return append(r, "\r\n"...)
}

// responseHead is what the clients need from a status line and headers.
type responseHead struct {
	status  int
	length  int64 // -1 when absent
	chunked bool
	gzip    bool
	close   bool
}

// statusLine reads the status code of an HTTP/1.1 status line (CRLF included or not).
func statusLine(line []byte) (int, error) {
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.1 ")) {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	return status, nil
}

// header records what one header line (without its CRLF) says about the framing.
func (h *responseHead) header(line []byte) error {
	name, value, ok := bytes.Cut(line, []byte(":"))
	if !ok {
		return fmt.Errorf("bad header line %q", line)
	}
	value = bytes.TrimSpace(value)
	var err error
	switch {
	case bytes.EqualFold(name, []byte("Content-Length")):
		if h.length, err = strconv.ParseInt(string(value), 10, 64); err != nil || h.length < 0 {
			return fmt.Errorf("bad Content-Length %q", value)
		}
	case bytes.EqualFold(name, []byte("Transfer-Encoding")):
		h.chunked = bytes.EqualFold(value, []byte("chunked"))
		if !h.chunked {
			return fmt.Errorf("unsupported Transfer-Encoding %q", value)
		}
	case bytes.EqualFold(name, []byte("Content-Encoding")):
		h.gzip = bytes.EqualFold(value, []byte("gzip"))
	case bytes.EqualFold(name, []byte("Connection")):
		h.close = bytes.EqualFold(value, []byte("close"))
	}
	return nil
}

var crlf = []byte("\r\n")

// frameResponse finds the response at the start of b, the bytes a connection has received so
// far. n is the length of the whole response, 0 while b holds only part of it; body is the
// message body, de-chunked into scratch's storage when the response is chunked.
func frameResponse(b, scratch []byte) (h responseHead, body []byte, n int, err error) {
	h.length = -1
	end := bytes.Index(b, []byte("\r\n\r\n"))
	if end < 0 {
		return h, nil, 0, nil
	}
	lines := b[:end]
	first, rest, _ := bytes.Cut(lines, crlf)
	if h.status, err = statusLine(first); err != nil {
		return h, nil, 0, err
	}
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, crlf)
		if err := h.header(line); err != nil {
			return h, nil, 0, err
		}
	}
	start := end + 4
	switch {
	case h.chunked:
		body, used, err := dechunk(b[start:], scratch[:0])
		if err != nil || used == 0 {
			return h, nil, 0, err
		}
		return h, body, start + used, nil
	case h.length >= 0:
		if int64(len(b)-start) < h.length {
			return h, nil, 0, nil
		}
		return h, b[start : start+int(h.length)], start + int(h.length), nil
	default:
		return h, nil, 0, errors.New("response without Content-Length or chunked encoding")
	}
}

// dechunk decodes a chunked body at the start of b into dst with the raw client's decoder
// (net/http/httputil's, plus the trailer). used is the number of bytes of b the body takes up to
// the end of its trailer section, 0 while b holds only part of it. Chunked lookups are rare (the
// server sends a length below its buffer size), so decoding again as bytes arrive is cheap enough.
func dechunk(b, dst []byte) (body []byte, used int, err error) {
	rd := bytes.NewReader(b)
	br := bufio.NewReader(rd)
	out := bytes.NewBuffer(dst)
	if _, err := out.ReadFrom(&chunkedBody{Reader: httputil.NewChunkedReader(br), br: br}); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, 0, nil // more to come
		}
		return nil, 0, err
	}
	return out.Bytes(), len(b) - rd.Len() - br.Buffered(), nil
}

// gunzip decodes a gzip-compressed body.
func gunzip(b []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("gzip header: %w", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		return nil, fmt.Errorf("gunzip: %w", err)
	}
	return out, nil
}
