package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfconnect/sfconnect/sources"
)

// The walk tests follow nextLinks through a whole entity set while rows are inserted and
// deleted between its pages. Keyset skiptokens promise what offsets cannot: every row that
// exists from the start to the end of the walk is delivered exactly once, and no row twice.
// The writes run in lockstep with the pages (after each page: inserts spread over the whole
// order, deletes of rows not yet seen and already seen), so every run exercises the same
// interleaving.

// TestPagingWalkUnderConcurrentWrites walks the demo's Invoices by a non-unique column
// (amount desc), so the walk crosses ties, where the key completion of the total order decides.
func TestPagingWalkUnderConcurrentWrites(t *testing.T) {
	ts := writableDemo(t)
	h := ts.writeHeaders(t)
	const query = "/odata/Invoices?$select=invoice_id,amount&$orderby=amount%20desc&$count=true"
	inserted := 0
	ts.walkUnderWrites(t, query, "invoice_id", 250, func(string) {
		body := fmt.Sprintf(`{"invoice_id":"INV-9%05d","order_id":%d,"account_sf_id":"001000000000042AAA","amount":%d.%02d,"due_date":"2025-01-01","paid":false}`,
			inserted, 1+inserted%1000, (inserted*7919)%12000, (inserted*37)%100)
		ts.mustWrite(t, "POST", "/odata/Invoices", h, body, http.StatusCreated)
		inserted++
	}, func(id string) { ts.mustWrite(t, "DELETE", "/odata/Invoices("+id+")", h, "", http.StatusNoContent) })
}

// TestPagingWalkOnEveryEngine runs the same walk on SQLite, PostgreSQL and MariaDB over a
// table made for it, ordered by a non-unique column and a nullable one (NULL ordering and
// keyset predicates over NULLs differ most between engines).
func TestPagingWalkOnEveryEngine(t *testing.T) {
	for _, eng := range []struct{ name, env string }{
		{"sqlite", ""}, {"postgres", "SFCONNECT_TEST_POSTGRES_URL"}, {"mysql", "SFCONNECT_TEST_MYSQL_URL"},
	} {
		t.Run(eng.name, func(t *testing.T) {
			dbURL := "sqlite:" + filepath.Join(t.TempDir(), "walk.db")
			if eng.env != "" {
				if dbURL = os.Getenv(eng.env); dbURL == "" {
					t.Skipf("%s not set: run ./scripts/test.sh", eng.env)
				}
			}
			table := fmt.Sprintf("t_walk_%d", os.Getpid())
			createWalkTable(t, dbURL, table, 1500)
			cfg := filepath.Join(t.TempDir(), "walk.yaml")
			yaml := fmt.Sprintf("auth:\n  anonymous: true\ncsrf:\n  enabled: true\nentities:\n  - table: %s\n    name: Walk\n    writable: true\n", table)
			if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
				t.Fatal(err)
			}
			ts := startServer(t, map[string]string{"SFCONNECT_SECRET": "s"}, "--db", dbURL, "--config", cfg)
			h := ts.writeHeaders(t)
			next := 100000
			ts.walkUnderWrites(t, "/odata/Walk?$select=id,grp,note&$orderby=grp%20desc,note&$count=true", "id", 100, func(string) {
				note := "null"
				if next%3 != 0 {
					note = fmt.Sprintf(`"n%03d"`, next%7)
				}
				ts.mustWrite(t, "POST", "/odata/Walk", h, fmt.Sprintf(`{"id":%d,"grp":%d,"note":%s}`, next, (next*13)%50, note), http.StatusCreated)
				next++
			}, func(id string) { ts.mustWrite(t, "DELETE", "/odata/Walk("+id+")", h, "", http.StatusNoContent) })
		})
	}
}

// createWalkTable creates table with n rows: grp has many ties, note is null in a third of the
// rows; the table is dropped when the test ends.
func createWalkTable(t *testing.T, dbURL, table string, n int) {
	t.Helper()
	ctx := context.Background()
	db, _, err := sources.Open(ctx, dbURL, sources.PoolOptions{MaxOpenConns: 1}, engines()...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db.ExecContext(ctx, "DROP TABLE IF EXISTS "+table) //nolint:errcheck // best effort
		db.Close()
	})
	for _, stmt := range []string{"DROP TABLE IF EXISTS " + table,
		"CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, grp INTEGER NOT NULL, note VARCHAR(40))"} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	for start := 1; start <= n; start += 500 {
		var values []string
		for i := start; i < start+500 && i <= n; i++ {
			note := "NULL"
			if i%3 != 0 {
				note = fmt.Sprintf("'n%03d'", i%7)
			}
			values = append(values, fmt.Sprintf("(%d, %d, %s)", i, (i*37)%50, note))
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO "+table+" (id, grp, note) VALUES "+strings.Join(values, ", ")); err != nil {
			t.Fatalf("filling %s: %v", table, err)
		}
	}
}

// walkUnderWrites walks query once to learn the rows, then again with insert() run twice and
// two rows of the first walk deleted (one far ahead of the cursor, one behind it) after every
// page, and checks that every surviving row came exactly once and nothing came twice. idField
// is the key property; ids are compared as their JSON text, which is also their key literal.
func (ts *testServer) walkUnderWrites(t *testing.T, query, idField string, pageSize int, insert func(string), remove func(string)) {
	t.Helper()
	before, _ := ts.walk(t, query, idField, pageSize, nil)
	if len(before) < 5*pageSize {
		t.Fatalf("%d rows; the walk needs several pages", len(before))
	}
	deleted := map[string]bool{}
	_, seen := ts.walk(t, query, idField, pageSize, func(page int) {
		insert(query)
		insert(query)
		for _, at := range []int{len(before) - 1 - page*5, page * 5} {
			if id := before[at]; !deleted[id] {
				deleted[id] = true
				remove(id)
			}
		}
	})
	missing := 0
	for _, id := range before {
		if !deleted[id] && seen[id] == 0 {
			if missing++; missing <= 5 {
				t.Errorf("row %s existed throughout the walk but was never delivered", id)
			}
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("row %s delivered %d times", id, n)
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d rows that existed throughout the walk were skipped", missing, len(before)-len(deleted))
	}
	if len(deleted) < 8 {
		t.Fatalf("only %d deletes happened during the walk", len(deleted))
	}
}

// walk follows the nextLinks of query in pages of pageSize, calling between(page) after each
// page that has a successor, and returns the ids in delivery order and how often each came.
func (ts *testServer) walk(t *testing.T, query, idField string, pageSize int, between func(page int)) ([]string, map[string]int) {
	t.Helper()
	var order []string
	seen := map[string]int{}
	prefer := map[string]string{"Prefer": fmt.Sprintf("odata.maxpagesize=%d", pageSize)}
	next := query
	for page := 0; next != ""; page++ {
		r := ts.do(t, http.MethodGet, next, prefer, "")
		if r.status != 200 {
			t.Fatalf("page %d: status %d: %s", page, r.status, clip(r.body))
		}
		var body struct {
			Value    []map[string]json.RawMessage `json:"value"`
			NextLink string                       `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		for _, row := range body.Value {
			id := strings.ReplaceAll(string(row[idField]), `"`, "'")
			seen[id]++
			order = append(order, id)
		}
		next = strings.TrimPrefix(body.NextLink, ts.base)
		if next != "" && between != nil {
			between(page)
		}
	}
	return order, seen
}

func (ts *testServer) writeHeaders(t *testing.T) map[string]string {
	t.Helper()
	token := ts.do(t, "GET", "/odata/", map[string]string{"X-CSRF-Token": "Fetch"}, "").header.Get("X-CSRF-Token")
	return map[string]string{"Content-Type": "application/json", "X-CSRF-Token": token}
}

func (ts *testServer) mustWrite(t *testing.T, method, path string, h map[string]string, body string, status int) {
	t.Helper()
	if r := ts.do(t, method, path, h, body); r.status != status {
		t.Fatalf("%s %s: %d %s", method, path, r.status, clip(r.body))
	}
}
