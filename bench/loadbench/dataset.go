package main

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// datasetVersion names the data set; bump it when the generator changes so old clusters are
// rebuilt instead of silently measured with other data.
const datasetVersion = "orders-1m-customers-100k-v1"

// Row counts of the data set.
const (
	nOrders    = 1_000_000
	nCustomers = 100_000
)

// datasetIndexes are the indexes a DBA adds for this workload, beyond the primary keys:
//   - orders (order_date DESC, id): matches Q1's emitted ORDER BY order_date DESC, id ASC
//     exactly (order_date is NOT NULL, so no NULLS clause is emitted), so the first page and
//     keyset pages are index range scans; it also serves order_date range filters.
//   - orders (customer_id): Q2's related list (about 10 orders per customer).
//   - customers name/email gin_trgm_ops: Q3's contains() and $search substring matching, when
//     the translator emits LIKE/ILIKE (the trigram index serves both).
var datasetIndexes = []string{
	`CREATE INDEX orders_order_date_id_idx ON orders (order_date DESC, id)`,
	`CREATE INDEX orders_customer_id_idx ON orders (customer_id)`,
	`CREATE INDEX customers_name_trgm_idx ON customers USING gin (name gin_trgm_ops)`,
	`CREATE INDEX customers_email_trgm_idx ON customers USING gin (email gin_trgm_ops)`,
}

// datasetDDL creates the tables. Values are derived from md5 of the row id, so every run
// builds the same rows; order dates grow with the id (with a little jitter), as in a real
// order table, which keeps deep pages in date order physically close.
var datasetDDL = []string{
	`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
	`DROP TABLE IF EXISTS orders, customers`,
	`DROP SCHEMA IF EXISTS bench_meta CASCADE`,
	`CREATE TABLE customers (
		id integer PRIMARY KEY,
		name varchar(100) NOT NULL,
		email varchar(200) NOT NULL,
		country varchar(2) NOT NULL,
		created_at timestamptz NOT NULL)`,
	`CREATE TABLE orders (
		id integer PRIMARY KEY,
		order_number varchar(20) NOT NULL,
		customer_id integer NOT NULL,
		status varchar(16) NOT NULL,
		total_amount numeric(14,2) NOT NULL,
		currency varchar(3) NOT NULL,
		order_date date NOT NULL,
		updated_at timestamptz NOT NULL,
		notes text)`,
}

// h(m, i) reads the i-th 24-bit field of the hex md5 m as an integer.
const customersInsert = `
WITH r AS (
	SELECT id, md5('c' || id) AS m FROM generate_series(1, $1::int) AS id
), f AS (
	SELECT id,
		('x' || substr(m, 1, 6))::bit(24)::int AS f1,
		('x' || substr(m, 7, 6))::bit(24)::int AS f2,
		('x' || substr(m, 13, 6))::bit(24)::int AS f3,
		('x' || substr(m, 19, 6))::bit(24)::int AS f4,
		('x' || substr(m, 25, 6))::bit(24)::int AS f5
	FROM r
), n AS (
	SELECT id, f4, f5,
		(ARRAY['Anna','Ben','Clara','David','Emma','Felix','Grace','Hugo','Ida','Jonas','Karin','Liam',
		       'Maria','Noah','Olivia','Paul','Quinn','Rosa','Sven','Tara','Uwe','Vera','Walter','Xenia',
		       'Yusuf','Zoe','Aaron','Bianca','Carl','Diana','Erik','Fatima','Georg','Hannah','Ivan','Julia'])[1 + f1 % 36] AS first,
		(ARRAY['Smith','Miller','Johnson','Brown','Garcia','Martin','Bernard','Dubois','Schmidt','Schneider',
		       'Fischer','Weber','Meyer','Wagner','Becker','Hoffmann','Rossi','Russo','Ferrari','Esposito',
		       'Bianchi','Romano','Nowak','Kowalski','Novak','Svoboda','Jensen','Nielsen','Hansen','Larsen',
		       'Andersson','Johansson','Karlsson','Nilsson','Virtanen','Korhonen','Murphy','Kelly','Walsh',
		       'OBrien','Silva','Santos','Ferreira','Pereira','Costa','Oliveira','Yilmaz','Kaya','Demir',
		       'Sahin','Tanaka','Suzuki','Takahashi','Watanabe','Kim','Lee','Park','Chen','Wang','Li'])[1 + f2 % 60] AS last,
		(ARRAY['example.com','mail.example','corp.example','acme.example','globex.example',
		       'initech.example','umbrella.example','stark.example'])[1 + f3 % 8] AS domain
	FROM f
)
INSERT INTO customers (id, name, email, country, created_at)
SELECT id, first || ' ' || last,
	lower(first) || '.' || lower(last) || id || '@' || domain,
	(ARRAY['DE','FR','IT','ES','GB','NL','SE','PL','US','JP'])[1 + f4 % 10],
	timestamptz '2015-01-01 00:00:00+00' + (f5 % 300000000) * interval '1 second'
FROM n`

const ordersInsert = `
WITH r AS (
	SELECT id, md5('o' || id) AS m FROM generate_series(1, $1::int) AS id
), f AS (
	SELECT id,
		('x' || substr(m, 1, 6))::bit(24)::int AS f1,
		('x' || substr(m, 7, 6))::bit(24)::int AS f2,
		('x' || substr(m, 13, 6))::bit(24)::int AS f3,
		('x' || substr(m, 19, 6))::bit(24)::int AS f4,
		('x' || substr(m, 25, 6))::bit(24)::int AS f5
	FROM r
), d AS (
	SELECT id, f1, f2, f3, f4, f5,
		date '2016-01-01' + ((id - 1)::bigint * 3650 / $1::int)::int + f5 % 3 AS order_date
	FROM f
)
INSERT INTO orders (id, order_number, customer_id, status, total_amount, currency, order_date, updated_at, notes)
SELECT id,
	'SO-' || lpad(id::text, 7, '0'),
	1 + f1 % $2::int,
	CASE WHEN f2 % 100 < 5 THEN 'Draft' WHEN f2 % 100 < 20 THEN 'Open' WHEN f2 % 100 < 60 THEN 'Shipped'
	     WHEN f2 % 100 < 95 THEN 'Invoiced' ELSE 'Cancelled' END,
	((f3 % 5000000) + 100)::numeric / 100,
	(ARRAY['EUR','USD','GBP','CHF'])[1 + f4 % 4],
	order_date,
	order_date + time '08:00' + (f4 % 1000000) * interval '1 second',
	CASE WHEN f5 % 10 < 7 THEN NULL ELSE 'Deliver to dock ' || (f5 % 20) || ', call ahead' END
FROM d`

// datasetReady reports whether the database already holds this version of the data set.
func datasetReady(ctx context.Context, db *sql.DB) (bool, error) {
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT to_regclass('bench_meta.dataset') IS NOT NULL`).Scan(&exists); err != nil {
		return false, fmt.Errorf("checking the data set marker: %w", err)
	}
	if !exists {
		return false, nil
	}
	var v sql.NullString
	if err := db.QueryRowContext(ctx, `SELECT max(version) FROM bench_meta.dataset`).Scan(&v); err != nil {
		return false, fmt.Errorf("reading the data set marker: %w", err)
	}
	return v.Valid && v.String == datasetVersion, nil
}

// createDataset builds the tables, rows, indexes and statistics, then writes the marker last,
// so an interrupted build is rebuilt next time.
type sqlStep struct {
	what, sql string
	args      []any
}

// datasetSteps is the whole build in order; the marker is written last, so an interrupted
// build is rebuilt next time.
func datasetSteps() []sqlStep {
	var steps []sqlStep
	for _, s := range datasetDDL {
		steps = append(steps, sqlStep{"ddl", s, nil})
	}
	steps = append(steps, sqlStep{"customers", customersInsert, []any{nCustomers}},
		sqlStep{"orders", ordersInsert, []any{nOrders, nCustomers}})
	for _, ix := range datasetIndexes {
		steps = append(steps, sqlStep{"index", ix, nil})
	}
	return append(steps,
		sqlStep{"foreign key", `ALTER TABLE orders ADD CONSTRAINT orders_customer_fk FOREIGN KEY (customer_id) REFERENCES customers (id)`, nil},
		sqlStep{"vacuum", `VACUUM (ANALYZE) customers`, nil},
		sqlStep{"vacuum", `VACUUM (ANALYZE) orders`, nil},
		sqlStep{"marker", `CREATE SCHEMA bench_meta`, nil},
		sqlStep{"marker", `CREATE TABLE bench_meta.dataset (version text NOT NULL, created_at timestamptz NOT NULL DEFAULT now())`, nil},
		sqlStep{"marker", `INSERT INTO bench_meta.dataset (version) VALUES ($1)`, []any{datasetVersion}})
}

// createDataset builds the tables, rows, indexes and statistics.
func createDataset(ctx context.Context, db *sql.DB, logf func(string, ...any)) error {
	start := time.Now()
	for _, s := range datasetSteps() {
		t := time.Now()
		if _, err := db.ExecContext(ctx, s.sql, s.args...); err != nil {
			return fmt.Errorf("creating the data set (%s): %w", s.what, err)
		}
		if s.what != "ddl" && s.what != "marker" {
			logf("  %-12s %6.1fs", s.what, time.Since(t).Seconds())
		}
	}
	logf("data set created in %.1fs", time.Since(start).Seconds())
	return nil
}
