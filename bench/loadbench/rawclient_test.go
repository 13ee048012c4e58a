package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestRawClient drives the raw client against net/http's server with every body framing the
// server can choose, and checks it returns exactly what net/http's client returns.
func TestRawClient(t *testing.T) {
	big := strings.Repeat(`{"id":1,"name":"x"},`, 5000)
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body := r.URL.Query().Get("body")
		if body == "big" {
			body = big
		}
		if r.Header.Get("Prefer") != "" {
			w.Header().Set("X-Prefer", r.Header.Get("Prefer"))
		}
		switch r.URL.Path {
		case "/status":
			w.WriteHeader(http.StatusBadRequest)
		case "/close":
			w.Header().Set("Connection", "close")
		case "/chunked":
			for i := range body {
				w.Write([]byte{body[i]})
				if i%4000 == 0 {
					w.(http.Flusher).Flush()
				}
			}
			return
		case "/gzip":
			if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
				t.Error("gzip not asked for")
			}
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write([]byte(body))
			zw.Close()
			return
		case "/prefer":
			body = r.Header.Get("Prefer") + " " + r.Header.Get("Odata-Maxversion") + " " + r.URL.RawQuery
		}
		w.Write([]byte(body))
	}))
	ts.Start()
	defer ts.Close()

	cases := []struct {
		name, path string
		maxPage    int
		want       string
		wantErr    string
	}{
		{"content-length", "/plain?body=hello", 0, "hello", ""},
		{"empty", "/plain?body=", 0, "", ""},
		{"big content-length", "/plain?body=big", 0, big, ""},
		{"chunked", "/chunked?body=big", 0, big, ""},
		{"gzip", "/gzip?body=big", 0, big, ""},
		{"gzip small", "/gzip?body=abc", 0, "abc", ""},
		{"headers and query", "/prefer?a=1&b=%20x", 26, "odata.maxpagesize=26 4.0 a=1&b=%20x", ""},
		{"status", "/status?body=", 0, "", "status 400"},
		{"connection close", "/close?body=bye", 0, "bye", ""},
		{"after close", "/plain?body=again", 0, "again", ""},
	}
	hc := newHTTPClient("raw", 1, true)
	var buf bytes.Buffer
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for range 3 { // the same connection again: framing left nothing behind
				got, err := hc.get(context.Background(), ts.URL+tc.path, tc.maxPage, &buf)
				if tc.wantErr != "" {
					if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
						t.Fatalf("error %v, want %q", err, tc.wantErr)
					}
					continue
				}
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tc.want {
					t.Fatalf("body %.80q (%d bytes), want %.80q (%d bytes)", got, len(got), tc.want, len(tc.want))
				}
			}
		})
	}
	if n := len(hc.raw.idle[strings.TrimPrefix(ts.URL, "http://")]); n != 1 {
		t.Errorf("%d idle connections after sequential requests, want 1", n)
	}
}

// TestRawClientStaleConnection: a GET on an idle connection the server has closed meanwhile
// (its idle timeout during a long run) is sent again on a new connection instead of failing.
func TestRawClientStaleConnection(t *testing.T) {
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok")) }))
	defer ts.Close()
	hc := newHTTPClient("raw", 1, false)
	var buf bytes.Buffer
	for i := range 3 {
		if got, err := hc.get(context.Background(), ts.URL+"/x", 0, &buf); err != nil || string(got) != "ok" {
			t.Fatalf("request %d: %q, %v", i, got, err)
		}
		ts.CloseClientConnections() // the pooled connection goes stale
	}
}
