package main

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
)

// benchDBURL is the bench data set's database; tests that need it skip without it.
func benchDBURL(t *testing.T) string {
	u := os.Getenv("SFCONNECT_BENCH_DB_URL")
	if u == "" {
		t.Skip("SFCONNECT_BENCH_DB_URL not set: run `go run ./bench/loadbench -setup-only -keep-pg` and point it at the sfbench database")
	}
	return u
}

func TestDirectRunnerReadsCountThenPage(t *testing.T) {
	db, err := sqlx.Open("postgres", benchDBURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	d := &directRunner{db: db}
	ctx := context.Background()
	r := &dbRequest{
		Count: &stmt{`SELECT count(*) FROM "orders" WHERE "customer_id" = $1`, []any{int64(42)}},
		Page:  stmt{`SELECT "id", "order_date", "total_amount", "notes" FROM "orders" WHERE "customer_id" = $1 ORDER BY "id" LIMIT 501`, []any{int64(42)}},
	}
	n, err := d.exec(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	var want int
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM orders WHERE customer_id = 42`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	if n != want || n == 0 {
		t.Fatalf("read %d rows, the table has %d for customer 42", n, want)
	}
	ex, err := d.explain(ctx, r.Page)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(ex, "orders_customer_id_idx") || !strings.Contains(ex, "Execution Time") {
		t.Fatalf("plan does not use the customer index:\n%s", ex)
	}
	prep := &directRunner{db: db, prepared: true}
	defer prep.close()
	for _, runner := range []*directRunner{d, prep} {
		s := closedLoop(ctx, 4, 50*time.Millisecond, 300*time.Millisecond, directOp(runner, []*dbRequest{r}))
		if s.Errors != 0 || s.Requests == 0 || s.Rows != int64(want*s.Requests) {
			t.Fatalf("direct loop (prepared %v): %+v", runner.prepared, s)
		}
	}
	if len(prep.stmts) != 2 {
		t.Fatalf("prepared %d statements, want the count and the page once each", len(prep.stmts))
	}
}

func TestDatasetIsDeterministic(t *testing.T) {
	db, err := sqlx.Open("postgres", benchDBURL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var orders, customers, cust42 int
	var sum, name1 string
	q := `SELECT (SELECT count(*) FROM orders), (SELECT count(*) FROM customers),
		(SELECT sum(total_amount)::text FROM orders), (SELECT name FROM customers WHERE id = 1),
		(SELECT count(*) FROM orders WHERE customer_id = 42)`
	if err := db.QueryRow(q).Scan(&orders, &customers, &sum, &name1, &cust42); err != nil {
		t.Fatal(err)
	}
	// These are the values of datasetVersion; a generator change must bump the version.
	if orders != nOrders || customers != nCustomers || sum != "23276975120.56" || name1 != "Ben Yilmaz" {
		t.Fatalf("data set differs from %s: %d orders, %d customers, sum %s, customer 1 %q", datasetVersion, orders, customers, sum, name1)
	}
}

// The planner builds the model from the bench database and yields the SQL the server runs:
// the list view's order must match the (order_date DESC, id) index exactly, with no NULLS
// clause on these NOT NULL columns (the trap that turns an index scan into a sort).
func TestPlannerUsesTheIndexOrder(t *testing.T) {
	u := benchDBURL(t)
	cfg, err := parseServerConfig(u, 0)
	if err != nil {
		t.Fatal(err)
	}
	db, pl, err := openPlanner(context.Background(), u, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	byID := map[string]*query{}
	for _, q := range workload() {
		byID[q.ID] = q
	}
	r, _, err := pl.plan(byID["Q1"], 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count == nil || !strings.Contains(r.Page.SQL, `ORDER BY "order_date" DESC, "id" LIMIT`) || strings.Contains(r.Page.SQL, "NULLS") {
		t.Fatalf("Q1 SQL %q (count %v)", r.Page.SQL, r.Count)
	}
	r, _, err = pl.plan(byID["Q4"], 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Page.SQL, `"id" = $1`) || r.Page.Args[0] != int64(orderN(3)) {
		t.Fatalf("Q4 SQL %q args %v", r.Page.SQL, r.Page.Args)
	}
	deep := &query{ID: "Q5n", Set: "orders", Variants: 1, MaxPage: 26, Options: byID["Q5f"].Options,
		afterRow: map[string]any{"id": json.Number("99455"), "order_date": "2016-12-31"}}
	r, err = deep.planDeep(pl)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(r.Page.SQL, `"id" > $`) || r.Page.Args[len(r.Page.Args)-1] != int64(27) {
		t.Fatalf("Q5n keyset SQL %q args %v", r.Page.SQL, r.Page.Args)
	}
}
