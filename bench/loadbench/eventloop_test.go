//go:build linux

package main

import (
	"compress/gzip"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestEventLoop runs the event loop against net/http's server with each framing and failure
// the server can produce, and checks what it counts: timed requests, rows of the checked
// sample, errors with their cause, and the connections it keeps.
func TestEventLoop(t *testing.T) {
	var conns atomic.Int32
	var mu sync.Mutex
	seen := map[int]int{} // variant -> requests
	ts := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, _ := strconv.Atoi(r.URL.Query().Get("v"))
		mu.Lock()
		seen[v]++
		n := seen[v]
		mu.Unlock()
		path := strings.TrimSuffix(r.URL.Path, "/x") // the loop requests base + "/" + set
		id := v
		if path == "/wrong" {
			id = v + 1
		}
		body := fmt.Sprintf(`{"value":[{"id":%d,"pad":"%s"}]}`, id, strings.Repeat("x", 300))
		switch path {
		case "/status":
			http.Error(w, "boom", http.StatusInternalServerError)
			return
		case "/close":
			if n%3 == 0 {
				w.Header().Set("Connection", "close")
			}
		case "/chunked":
			for i := range len(body) {
				w.Write([]byte{body[i]})
				if i%100 == 0 {
					w.(http.Flusher).Flush() // chunks arrive in separate reads
					time.Sleep(100 * time.Microsecond)
				}
			}
			return
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			zw := gzip.NewWriter(w)
			zw.Write([]byte(body))
			zw.Close()
			return
		}
		w.Write([]byte(body))
	}))
	ts.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			conns.Add(1)
		}
	}
	ts.Start()
	defer ts.Close()

	const variants = 5
	q := &query{ID: "T", Set: "x", Variants: variants,
		Options: func(v int) string { return "v=" + strconv.Itoa(v) },
		Check: func(v int, r *odataResponse) error {
			if len(r.Value) != 1 {
				return fmt.Errorf("want 1 row, got %d", len(r.Value))
			}
			return fieldIs(r.Value[0], "id", v)
		}}
	cases := []struct {
		path      string
		wantConns func(int32) bool
		wantErr   string
	}{
		{"/plain", func(n int32) bool { return n == 3 }, ""},
		{"/chunked", func(n int32) bool { return n == 3 }, ""},
		{"/gzip", func(n int32) bool { return n == 3 }, ""},
		{"/close", func(n int32) bool { return n > 3 }, ""},
		{"/status", nil, "status 500"},
		{"/wrong", nil, "T variant"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			conns.Store(0)
			mu.Lock()
			clear(seen)
			mu.Unlock()
			l, err := newEventLoop(ts.URL+tc.path, q, true)
			if err != nil {
				t.Fatal(err)
			}
			s := l.run(context.Background(), 3, 30*time.Millisecond, 250*time.Millisecond)
			if tc.wantErr != "" {
				if s.Errors == 0 || !strings.Contains(s.FirstErr, tc.wantErr) {
					t.Fatalf("errors %d (%q), want some with %q", s.Errors, s.FirstErr, tc.wantErr)
				}
				return
			}
			if s.Errors != 0 || s.Requests < 10 || s.Issued < s.Requests || s.Rows == 0 || s.P50 <= 0 || s.Window != 250*time.Millisecond {
				t.Fatalf("stats %+v", s)
			}
			mu.Lock()
			total := 0
			for v := range variants {
				if seen[v] == 0 {
					t.Errorf("variant %d never requested", v)
				}
				total += seen[v]
			}
			mu.Unlock()
			if total != s.Issued {
				t.Errorf("server answered %d requests, the loop issued %d", total, s.Issued)
			}
			if got := conns.Load(); !tc.wantConns(got) {
				t.Errorf("%d connections", got)
			}
		})
	}
}

// TestEventLoopServerGone: a server that goes away fails the requests in flight and ends the
// window instead of hanging.
func TestEventLoopServerGone(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			c.Close() // hang up on every request
		}
	}()
	defer ln.Close()
	q := &query{ID: "T", Set: "x", Variants: 1, Options: func(int) string { return "" }, Check: func(int, *odataResponse) error { return nil }}
	l, err := newEventLoop("http://"+ln.Addr().String(), q, false)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	s := l.run(context.Background(), 2, 0, 100*time.Millisecond)
	if s.Errors == 0 || s.Requests != 0 || !strings.Contains(s.FirstErr, "closed") && !strings.Contains(s.FirstErr, "reset") {
		t.Fatalf("stats %+v", s)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %s", d)
	}
}
