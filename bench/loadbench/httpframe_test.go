package main

import (
	"bytes"
	"compress/gzip"
	"strconv"
	"strings"
	"testing"
)

// TestFrameResponse feeds each response to frameResponse one byte more at a time, as a socket
// may deliver it: every proper prefix is incomplete (or, for a broken response, an error once
// the head is in), the whole response is framed exactly, and what follows it is not taken.
func TestFrameResponse(t *testing.T) {
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	zw.Write([]byte(`{"value":[]}`))
	zw.Close()
	cases := []struct {
		name, resp, body string
		status           int
		gzip, close      bool
		wantErr          string
	}{
		{name: "content-length", resp: "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello", body: "hello", status: 200},
		{name: "empty body", resp: "HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n", status: 204},
		{name: "header case and spaces", resp: "HTTP/1.1 200 OK\r\ncontent-length:   3 \r\nX-A: b\r\n\r\nabc", body: "abc", status: 200},
		{name: "chunked", resp: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nA;ext=1\r\n, world!!!\r\n0\r\n\r\n", body: "hello, world!!!", status: 200},
		{name: "chunked with trailer", resp: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Trailer: 1\r\n\r\n", body: "abc", status: 200},
		{name: "gzip", resp: "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: " + strconv.Itoa(zipped.Len()) + "\r\n\r\n" + zipped.String(), body: zipped.String(), status: 200, gzip: true},
		{name: "connection close", resp: "HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno", body: "no", status: 400, close: true},
		{name: "no framing", resp: "HTTP/1.1 200 OK\r\n\r\nabc", wantErr: "without Content-Length"},
		{name: "bad status line", resp: "HTTP/1.0 200 OK\r\nContent-Length: 0\r\n\r\n", wantErr: "bad status line"},
		{name: "bad length", resp: "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n", wantErr: "bad Content-Length"},
		{name: "bad chunk size", resp: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", wantErr: "invalid byte in chunk length"},
		{name: "chunk without CRLF", resp: "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n", wantErr: "malformed chunked encoding"},
	}
	const next = "HTTP/1.1 200 OK\r\n" // the start of a following response
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			full := tc.resp + next
			for l := 0; l <= len(full); l++ {
				h, body, n, err := frameResponse([]byte(full[:l]), nil)
				if err != nil {
					if tc.wantErr == "" || !strings.Contains(err.Error(), tc.wantErr) {
						t.Fatalf("prefix of %d bytes: error %v, want %q", l, err, tc.wantErr)
					}
					return
				}
				if l < len(tc.resp) {
					if n != 0 {
						t.Fatalf("prefix of %d of %d bytes framed as %d", l, len(tc.resp), n)
					}
					continue
				}
				if tc.wantErr != "" {
					t.Fatalf("no error, want %q", tc.wantErr)
				}
				if n != len(tc.resp) || string(body) != tc.body || h.status != tc.status || h.gzip != tc.gzip || h.close != tc.close {
					t.Fatalf("with %d bytes: n %d (want %d), body %q, head %+v", l, n, len(tc.resp), body, h)
				}
			}
			if tc.wantErr != "" {
				t.Fatalf("no error, want %q", tc.wantErr)
			}
		})
	}
}

// TestAppendGET: the request the lean clients send.
func TestAppendGET(t *testing.T) {
	got := string(appendGET(nil, "127.0.0.1:8080", "/odata/orders?$top=1", 26, true))
	want := "GET /odata/orders?$top=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: sfconnect-loadbench\r\n" +
		"Accept: application/json\r\nOData-MaxVersion: 4.0\r\nPrefer: odata.maxpagesize=26\r\nAccept-Encoding: gzip\r\n\r\n"
	if got != want {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
