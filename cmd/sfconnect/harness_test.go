package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite golden files")

// testServer is one real sfconnect process-in-a-goroutine, started through run() exactly as
// main does, listening on a free loopback port.
type testServer struct {
	base   string
	cancel context.CancelFunc
	done   chan error
	logs   *syncBuffer
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// startServer runs `sfconnect serve args...` with env and waits until it listens.
func startServer(t testing.TB, env map[string]string, args ...string) *testServer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ts := &testServer{cancel: cancel, done: make(chan error, 1), logs: &syncBuffer{}}
	ready := make(chan string, 1)
	getenv := func(k string) string { return env[k] }
	go func() {
		ts.done <- serve(ctx, append([]string{"--listen", "127.0.0.1:0"}, args...), getenv, io.Discard, ts.logs,
			func(addr string) { ready <- addr })
	}()
	select {
	case addr := <-ready:
		ts.base = "http://" + addr
	case err := <-ts.done:
		cancel()
		t.Fatalf("server did not start: %v\n%s", err, ts.logs)
	case <-time.After(120 * time.Second):
		cancel()
		t.Fatalf("server did not start within 120s\n%s", ts.logs)
	}
	t.Cleanup(ts.stop)
	return ts
}

func (ts *testServer) stop() {
	ts.cancel()
	select {
	case <-ts.done:
	case <-time.After(15 * time.Second):
	}
}

// demoEnv points the demo database at a directory shared by the package's tests, so it is
// created once per test run.
func demoEnv(t testing.TB) map[string]string {
	t.Helper()
	return map[string]string{"SFCONNECT_DEMO_PATH": filepath.Join(sharedDir(t), "demo.db"), "SFCONNECT_SECRET": "test-secret"}
}

var (
	sharedOnce sync.Once
	sharedPath string
)

func sharedDir(t testing.TB) string {
	sharedOnce.Do(func() {
		dir, err := os.MkdirTemp("", "sfconnect-test-")
		if err != nil {
			t.Fatal(err)
		}
		sharedPath = dir
	})
	return sharedPath
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if sharedPath != "" {
		os.RemoveAll(sharedPath)
	}
	os.Exit(code)
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func (ts *testServer) do(t testing.TB, method, path string, header map[string]string, body string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, ts.base+path, rd)
	if err != nil {
		t.Fatalf("building request %s %s: %v", method, path, err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading %s %s: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

// golden compares got with testdata/<name>, rewriting it under -update. The server's address
// is replaced by HOST so goldens do not depend on the port.
func golden(t *testing.T, ts *testServer, name string, got []byte) {
	t.Helper()
	got = bytes.ReplaceAll(got, []byte(strings.TrimPrefix(ts.base, "http://")), []byte("HOST"))
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("reading golden %s: %v (run go test -update)", path, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden (run go test -update to accept):\n got: %s\nwant: %s", name, clip(got), clip(want))
	}
}

func clip(b []byte) string {
	if len(b) > 600 {
		return fmt.Sprintf("%s… (%d bytes)", b[:600], len(b))
	}
	return string(b)
}
