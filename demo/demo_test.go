package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite"
)

// serve.go passes the *sqlx.DB the sqlite engine opens.
var _ DB = (*sqlx.DB)(nil)

// openDB opens a fresh database file enforcing foreign keys, so creation order mistakes fail.
func openDB(t testing.TB) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "demo.db")+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db
}

// created returns a fresh demo database.
func created(t *testing.T) *sql.DB {
	t.Helper()
	db := openDB(t)
	ok, err := Create(context.Background(), db)
	if err != nil || !ok {
		t.Fatalf("Create = %v, %v; want true, nil", ok, err)
	}
	return db
}

// shared is one demo database for the tests that only read it (creating one takes a second
// or more on a busy machine).
var shared struct {
	once sync.Once
	dir  string
	db   *sql.DB
	err  error
}

func sharedDemo(t *testing.T) *sql.DB {
	t.Helper()
	shared.once.Do(func() {
		if shared.dir, shared.err = os.MkdirTemp("", "demo-test-"); shared.err != nil {
			return
		}
		dsn := "file:" + filepath.Join(shared.dir, "demo.db") + "?_pragma=foreign_keys(1)"
		if shared.db, shared.err = sql.Open("sqlite", dsn); shared.err != nil {
			return
		}
		shared.db.SetMaxOpenConns(1)
		var ok bool
		if ok, shared.err = Create(context.Background(), shared.db); shared.err == nil && !ok {
			shared.err = errors.New("Create reported an existing demo in a fresh database")
		}
	})
	if shared.err != nil {
		t.Fatalf("creating the shared demo: %v", shared.err)
	}
	return shared.db
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if shared.db != nil {
		shared.db.Close()
	}
	if shared.dir != "" {
		os.RemoveAll(shared.dir)
	}
	os.Exit(code)
}

// keyOrder is each table with the columns that order its rows totally.
var keyOrder = []struct{ table, order string }{
	{"Customers", "customer_id"}, {"Products", "product_id"}, {"Orders", "order_id"},
	{"OrderLines", "order_id, line_no"}, {"Shipments", "shipment_id"}, {"Invoices", "invoice_id"},
	{"CustomerOrderTotals", "customer_id"},
}

// hashData hashes every table's rows in key order, with each value's storage class, plus
// the schema text, so any change to what is stored changes the hash.
func hashData(t *testing.T, db *sql.DB) string {
	t.Helper()
	h := sha256.New()
	rows, err := db.Query("SELECT type, name, coalesce(sql, '') FROM sqlite_master ORDER BY name")
	if err != nil {
		t.Fatal(err)
	}
	hashRows(t, h, rows)
	for _, k := range keyOrder {
		rows, err := db.Query(fmt.Sprintf("SELECT * FROM %s ORDER BY %s", k.table, k.order))
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "table %s\n", k.table)
		hashRows(t, h, rows)
	}
	return hex.EncodeToString(h.Sum(nil))
}

func hashRows(t *testing.T, h interface{ Write([]byte) (int, error) }, rows *sql.Rows) {
	t.Helper()
	defer rows.Close()
	cols, _ := rows.Columns()
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			fmt.Fprintf(h, "%T:%v|", v, v)
		}
		fmt.Fprintln(h)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
}

func TestCreateIsIdempotent(t *testing.T) {
	db := sharedDemo(t)
	before := hashData(t, db)
	ok, err := Create(context.Background(), db)
	if err != nil || ok {
		t.Fatalf("second Create = %v, %v; want false, nil", ok, err)
	}
	if after := hashData(t, db); after != before {
		t.Fatalf("second Create changed the data: %s -> %s", before, after)
	}
}

func TestCreateIsDeterministic(t *testing.T) {
	a, b := hashData(t, sharedDemo(t)), hashData(t, created(t))
	if a != b {
		t.Fatalf("two fresh demo databases differ: %s vs %s", a, b)
	}
}

// TestInterruptedCreateLeavesNothing: a creation that fails at its very end (as a crash
// would) leaves no tables and no marker; the next Create builds the demo.
func TestInterruptedCreateLeavesNothing(t *testing.T) {
	db := openDB(t)
	boom := errors.New("boom")
	steps := append(append([]step{}, buildSteps...), func(context.Context, *sql.Tx, *generated) error { return boom })
	if ok, err := create(context.Background(), db, steps); !errors.Is(err, boom) || ok {
		t.Fatalf("create = %v, %v; want false, boom", ok, err)
	}
	var objects, version int
	if err := db.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&objects); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		t.Fatal(err)
	}
	if objects != 0 || version != 0 {
		t.Fatalf("after a failed creation: %d schema objects, user_version %d; want 0, 0", objects, version)
	}
	if ok, err := Create(context.Background(), db); err != nil || !ok {
		t.Fatalf("Create after the failure = %v, %v; want true, nil", ok, err)
	}
}

func TestCreateRefusesOtherDatabases(t *testing.T) {
	for name, setup := range map[string]string{
		"a table":            "CREATE TABLE erp (id INTEGER PRIMARY KEY)",
		"an index-less view": "CREATE VIEW v AS SELECT 1 AS x",
		"another version":    "PRAGMA user_version = 7",
	} {
		t.Run(name, func(t *testing.T) {
			db := openDB(t)
			if _, err := db.Exec(setup); err != nil {
				t.Fatal(err)
			}
			ok, err := Create(context.Background(), db)
			if !errors.Is(err, errForeign) || ok {
				t.Fatalf("Create = %v, %v; want false, %v", ok, err, errForeign)
			}
			var n int
			if err := db.QueryRow("SELECT count(*) FROM sqlite_master WHERE name = 'Customers'").Scan(&n); err != nil || n != 0 {
				t.Fatalf("demo tables were added to a foreign database (%d, %v)", n, err)
			}
		})
	}
}

func BenchmarkCreate(b *testing.B) {
	for b.Loop() {
		b.StopTimer()
		db := openDB(b)
		b.StartTimer()
		if ok, err := Create(context.Background(), db); err != nil || !ok {
			b.Fatalf("Create = %v, %v", ok, err)
		}
	}
}

var update = flag.Bool("update", false, "rewrite testdata/data.sha256")

// TestDataIsPinned: the data hash is recorded in testdata/data.sha256, so a change to the
// generator that alters rows is noticed — and comes with a Version bump (go test -update).
func TestDataIsPinned(t *testing.T) {
	got := hashData(t, sharedDemo(t))
	path := filepath.Join("testdata", "data.sha256")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(fmt.Sprintf("%s version %s\n", got, Version)), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./demo -run TestDataIsPinned -update)", err)
	}
	if g := fmt.Sprintf("%s version %s\n", got, Version); g != string(want) {
		t.Fatalf("the demo data changed: %q, pinned %q; if intended, bump Version and run go test ./demo -run TestDataIsPinned -update", g, want)
	}
}
