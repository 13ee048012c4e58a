package demo

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// tables is the demo schema. Table names are the entity set names; columns are snake_case.
// Declared types are the ones the sqlite introspection maps (DECIMAL(p,s) -> Edm.Decimal,
// TIMESTAMPTZ -> Edm.DateTimeOffset, UUID -> Edm.Guid, ...).
var tables = []string{
	`CREATE TABLE Customers (
	customer_id  INTEGER PRIMARY KEY,
	name         VARCHAR(100) NOT NULL,
	email        VARCHAR(254) NOT NULL,
	country      VARCHAR(2) NOT NULL,
	city         VARCHAR(60) NOT NULL,
	phone        VARCHAR(30) NULL,
	credit_limit DECIMAL(12,2) NOT NULL,
	is_active    BOOLEAN NOT NULL,
	created_at   TIMESTAMPTZ NOT NULL
)`,
	`CREATE TABLE Products (
	product_id   INTEGER PRIMARY KEY,
	sku          VARCHAR(16) NOT NULL UNIQUE,
	name         VARCHAR(120) NOT NULL,
	description  VARCHAR(2000) NULL,
	unit_price   DECIMAL(10,2) NOT NULL,
	weight_kg    DOUBLE NULL,
	in_stock     BOOLEAN NOT NULL,
	stock_qty    INTEGER NOT NULL,
	launched_on  DATE NULL,
	product_uuid UUID NOT NULL,
	thumbnail    BLOB NULL,
	updated_at   TIMESTAMPTZ NOT NULL
)`,
	`CREATE TABLE Orders (
	order_id     INTEGER PRIMARY KEY,
	order_number VARCHAR(12) NOT NULL UNIQUE,
	customer_id  INTEGER NOT NULL REFERENCES Customers (customer_id),
	status       VARCHAR(16) NOT NULL,
	order_date   DATE NOT NULL,
	total_amount DECIMAL(14,2) NOT NULL,
	currency     VARCHAR(3) NOT NULL,
	notes        VARCHAR(500) NULL,
	updated_at   TIMESTAMPTZ NOT NULL
)`,
	`CREATE TABLE OrderLines (
	order_id     INTEGER NOT NULL REFERENCES Orders (order_id),
	line_no      INTEGER NOT NULL,
	product_id   INTEGER NOT NULL REFERENCES Products (product_id),
	quantity     INTEGER NOT NULL,
	unit_price   DECIMAL(10,2) NOT NULL,
	discount_pct DECIMAL(5,2) NULL,
	PRIMARY KEY (order_id, line_no)
)`,
	`CREATE TABLE Shipments (
	shipment_id     INTEGER PRIMARY KEY,
	order_id        INTEGER NOT NULL REFERENCES Orders (order_id),
	carrier         VARCHAR(40) NULL,
	tracking_number VARCHAR(40) NULL,
	shipped_at      TIMESTAMPTZ NULL,
	delivered_on    DATE NULL,
	weight_kg       DOUBLE NULL
)`,
	`CREATE TABLE Invoices (
	invoice_id    VARCHAR(12) PRIMARY KEY,
	order_id      INTEGER NOT NULL REFERENCES Orders (order_id),
	account_sf_id VARCHAR(18) NOT NULL,
	amount        DECIMAL(14,2) NOT NULL,
	due_date      DATE NOT NULL,
	paid          BOOLEAN NOT NULL
)`,
}

// finishing statements run after the rows are in: building indexes once is faster than
// maintaining them row by row.
var finishing = []string{
	`CREATE INDEX orders_customer_id ON Orders (customer_id)`,
	`CREATE INDEX orders_order_date ON Orders (order_date)`,
	`CREATE INDEX orders_updated_at ON Orders (updated_at)`,
	`CREATE INDEX order_lines_product_id ON OrderLines (product_id)`,
	`CREATE INDEX shipments_order_id ON Shipments (order_id)`,
	`CREATE INDEX invoices_order_id ON Invoices (order_id)`,
	`CREATE INDEX invoices_account_sf_id ON Invoices (account_sf_id)`,
	`CREATE INDEX customers_country_city ON Customers (country, city)`,
	// A view has no key: serve skips it unless the config names one (key: [customer_id]). The
	// casts give the aggregates a declared type, so introspection can map them.
	`CREATE VIEW CustomerOrderTotals AS
	SELECT c.customer_id, c.name, CAST(count(o.order_id) AS INTEGER) AS order_count,
		CAST(coalesce(sum(o.total_amount), 0) AS DECIMAL(16,2)) AS total_amount
	FROM Customers c LEFT JOIN Orders o ON o.customer_id = c.customer_id
	GROUP BY c.customer_id, c.name`,
	`ANALYZE`,
}

// buildSteps create the demo in order: parents before children, so the rows satisfy the
// foreign keys even when the connection enforces them.
var buildSteps = []step{
	execAll(tables),
	insertCustomers,
	insertProducts,
	insertOrders,
	execAll(finishing),
}

func execAll(stmts []string) step {
	return func(ctx context.Context, tx *sql.Tx, _ *generated) error {
		for _, s := range stmts {
			if _, err := tx.ExecContext(ctx, s); err != nil {
				return fmt.Errorf("creating the demo schema (%.40s…): %w", s, err)
			}
		}
		return nil
	}
}

// batchRows is how many rows one INSERT carries: a fraction of the statements to step
// through database/sql and the driver, far below SQLite's limit on bound variables.
const batchRows = 64

// table buffers rows for one table and writes them with multi-row INSERTs. Rows reach the
// database only on flush, so callers flush parents before children and the foreign keys hold
// at every statement, as a connection enforcing them requires.
type table struct {
	ctx   context.Context
	tx    *sql.Tx
	name  string
	cols  []string
	args  []any
	stmts map[int]*sql.Stmt // by row count; closed with the transaction
}

func newTable(ctx context.Context, tx *sql.Tx, name string, cols ...string) *table {
	return &table{ctx: ctx, tx: tx, name: name, cols: cols, stmts: map[int]*sql.Stmt{}}
}

// add buffers one row's values, in column order.
func (t *table) add(row ...any) { t.args = append(t.args, row...) }

// flush writes the buffered rows.
func (t *table) flush() error {
	width := len(t.cols)
	for len(t.args) > 0 {
		n := min(len(t.args)/width, batchRows)
		stmt, err := t.stmt(n)
		if err != nil {
			return err
		}
		if _, err := stmt.ExecContext(t.ctx, t.args[:n*width]...); err != nil {
			return fmt.Errorf("inserting into %s: %w", t.name, err)
		}
		t.args = t.args[n*width:]
	}
	t.args = nil
	return nil
}

func (t *table) stmt(rows int) (*sql.Stmt, error) {
	if s := t.stmts[rows]; s != nil {
		return s, nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(t.cols)), ", ") + ")"
	q := fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", t.name, strings.Join(t.cols, ", "),
		strings.TrimSuffix(strings.Repeat(row+", ", rows), ", "))
	s, err := t.tx.PrepareContext(t.ctx, q)
	if err != nil {
		return nil, fmt.Errorf("preparing the %s insert: %w", t.name, err)
	}
	t.stmts[rows] = s
	return s, nil
}
