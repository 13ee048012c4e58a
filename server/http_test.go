package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// docsServer serves one writable set "Docs" (id, body) over a memStore with n rows whose body
// is size bytes long, anonymously (explicitly allowed, as the anonymous rule demands).
func docsServer(t *testing.T, n, size int) (*Server, *memStore) {
	t.Helper()
	id := &schema.Property{Name: "id", Column: "id", Type: schema.EdmInt64, Generated: true}
	body := &schema.Property{Name: "body", Column: "body", Type: schema.EdmString, Nullable: true}
	docs := &schema.EntitySet{Name: "Docs", Writable: true, Key: []*schema.Property{id}, Properties: []*schema.Property{id, body}}
	m := &schema.Model{Namespace: "t", ContainerName: "C", EntitySets: []*schema.EntitySet{docs}}
	if err := m.Index(); err != nil {
		t.Fatal(err)
	}
	store := &memStore{set: docs}
	for i := 0; i < n; i++ {
		store.rows = append(store.rows, []odata.Value{odata.IntValue(schema.EdmInt64, int64(i+1)),
			odata.StringValue(strings.Repeat(string(rune('a'+i%26)), size))})
	}
	store.nextID = int64(n)
	cfg := config.Defaults()
	yes := true
	cfg.Auth.Anonymous = &yes
	sec, err := auth.New(t.Context(), cfg.Auth, m, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return New(cfg, m, store, slog.New(slog.NewTextHandler(io.Discard, nil)), []byte("k"), WithSecurity(sec)), store
}

func serve(srv *Server, req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	return rec
}

// TestPageByteCap: a page that would pass 7 MB ends early with a nextLink instead of breaking
// Salesforce's 8 MB response limit, and the walk still delivers every row exactly once.
func TestPageByteCap(t *testing.T) {
	const rows, size = 3000, 5000 // 15 MB in all, 2000 rows (10 MB) asked per page
	srv, _ := docsServer(t, rows, size)
	seen := map[int64]bool{}
	target, pages := "/odata/Docs", 0
	for target != "" {
		req := httptest.NewRequest("GET", target, nil)
		req.Header.Set("Prefer", "odata.maxpagesize=2000")
		rec := serve(srv, req)
		if rec.Code != 200 {
			t.Fatalf("page %d: %d %s", pages, rec.Code, rec.Body.String()[:min(200, rec.Body.Len())])
		}
		if rec.Body.Len() >= 8<<20 {
			t.Fatalf("page %d is %d bytes, over Salesforce's 8 MB", pages, rec.Body.Len())
		}
		var doc struct {
			Value []struct {
				ID int64 `json:"id"`
			} `json:"value"`
			Next string `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
			t.Fatal(err)
		}
		for _, v := range doc.Value {
			if seen[v.ID] {
				t.Fatalf("row %d delivered twice", v.ID)
			}
			seen[v.ID] = true
		}
		if pages == 0 && (doc.Next == "" || len(doc.Value) >= 2000) {
			t.Fatalf("first page: %d rows, nextLink %q; want it cut below 2000 rows by size", len(doc.Value), doc.Next)
		}
		target = strings.TrimPrefix(doc.Next, "http://example.com")
		pages++
	}
	if len(seen) != rows {
		t.Fatalf("walk delivered %d rows, want %d", len(seen), rows)
	}
}

// TestGzip: gzip request bodies are accepted (Salesforce may compress), large responses are
// compressed for clients that accept it, and small ones go out as they are.
func TestGzip(t *testing.T) {
	srv, store := docsServer(t, 200, 1000)
	var zipped bytes.Buffer
	zw := gzip.NewWriter(&zipped)
	io.WriteString(zw, `{"body":"sent compressed"}`)
	zw.Close()
	req := httptest.NewRequest("POST", "/odata/Docs", &zipped)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	if rec := serve(srv, req); rec.Code != http.StatusCreated || !strings.Contains(rec.Body.String(), "sent compressed") {
		t.Fatalf("gzip POST: %d %s", rec.Code, rec.Body.String())
	}
	if got := store.rows[len(store.rows)-1][1].Text; got != "sent compressed" {
		t.Fatalf("stored body %q", got)
	}

	for _, tc := range []struct {
		target string
		gzip   bool
	}{{"/odata/Docs?$top=1&$select=id", false}, {"/odata/Docs", true}} {
		req := httptest.NewRequest("GET", tc.target, nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec := serve(srv, req)
		if got := rec.Header().Get("Content-Encoding") == "gzip"; got != tc.gzip || rec.Code != 200 {
			t.Fatalf("%s: status %d, gzip %v, want %v", tc.target, rec.Code, got, tc.gzip)
		}
		body := rec.Body.Bytes()
		if tc.gzip {
			zr, err := gzip.NewReader(rec.Body)
			if err != nil {
				t.Fatal(err)
			}
			if body, err = io.ReadAll(zr); err != nil {
				t.Fatal(err)
			}
		}
		if !json.Valid(body) {
			t.Fatalf("%s: body is not JSON after decoding", tc.target)
		}
	}
}

// TestURLForms: trailing slashes, $format=json and Accept variants Salesforce and generic
// clients send all reach the same answer.
func TestURLForms(t *testing.T) {
	srv, _ := docsServer(t, 3, 10)
	want := serve(srv, httptest.NewRequest("GET", "/odata/Docs?$select=id", nil)).Body.String()
	for _, tc := range []struct{ target, accept string }{
		{"/odata/Docs/?$select=id", ""},
		{"/odata/Docs?$select=id&$format=json", ""},
		{"/odata/Docs?$select=id&$format=application/json;odata.metadata=minimal", ""},
		{"/odata/Docs?$select=id", "application/json;odata.metadata=minimal;odata.streaming=true"},
		{"/odata/Docs?$select=id", "*/*"},
		{"/odata/Docs?$select=id", "application/json, text/plain, */*"},
	} {
		req := httptest.NewRequest("GET", tc.target, nil)
		if tc.accept != "" {
			req.Header.Set("Accept", tc.accept)
		}
		rec := serve(srv, req)
		if rec.Code != 200 || rec.Body.String() != want {
			t.Errorf("%s (Accept %q): %d %s", tc.target, tc.accept, rec.Code, rec.Body.String())
		}
	}
}
