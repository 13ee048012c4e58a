package demo

import (
	"database/sql"
	"strings"
	"testing"
	"unicode"
)

// TestDemoProperties checks what the HTTP scenarios of cmd/sfconnect (read_test.go,
// salesforce_test.go) and the README's tour rely on, straight in SQL.
func TestDemoProperties(t *testing.T) {
	db := sharedDemo(t)
	ts := `'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9]Z'`
	date := `'[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'`
	cases := []struct {
		name, query string
		min, max    int64
	}{
		{"customers", "SELECT count(*) FROM Customers", numCustomers, numCustomers},
		{"products", "SELECT count(*) FROM Products", numProducts, numProducts},
		{"orders", "SELECT count(*) FROM Orders", numOrders, numOrders},
		{"order lines", "SELECT count(*) FROM OrderLines", 2 * numOrders, 3 * numOrders},
		{"shipments", "SELECT count(*) FROM Shipments", numOrders * 8 / 10, numOrders},
		{"invoices", "SELECT count(*) FROM Invoices", numOrders * 8 / 10, numOrders},
		{"Acme names", "SELECT count(*) FROM Customers WHERE instr(name, 'Acme') > 0", 25, 1000},
		{"acme e-mails", "SELECT count(*) FROM Customers WHERE instr(email, 'acme') > 0", 25, 1000},
		{"Jean-Luc", "SELECT count(*) FROM Customers WHERE instr(name, 'Jean-Luc') > 0", 10, 1000},
		{"JEAN-LUC in capitals", "SELECT count(*) FROM Customers WHERE instr(name, 'JEAN-LUC') > 0", 1, 100},
		{"names starting with O'", "SELECT count(*) FROM Customers WHERE substr(name, 1, 2) = 'O'''", 25, 1000},
		{"Zoë", "SELECT count(*) FROM Customers WHERE instr(name, 'Zoë') > 0", 1, 1000},
		{"Müller", "SELECT count(*) FROM Customers WHERE instr(name, 'Müller') > 0", 1, 1000},
		{"Łukasz", "SELECT count(*) FROM Customers WHERE instr(name, 'Łukasz') > 0", 1, 1000},
		{"東京", "SELECT count(*) FROM Customers WHERE city = '東京'", 1, 1000},
		{"US customers", "SELECT count(*) FROM Customers WHERE country = 'US'", 26, numCustomers},
		{"null phones", "SELECT count(*) FROM Customers WHERE phone IS NULL", 1, numCustomers / 4},
		{"inactive customers", "SELECT count(*) FROM Customers WHERE is_active = 0", 1, numCustomers / 4},
		{"customer 42's orders", "SELECT count(*) FROM Orders WHERE customer_id = 42", 5, 100},
		{"customer 42's invoices", "SELECT count(*) FROM Invoices WHERE account_sf_id = '001000000000042AAA'", 3, 100},
		{"invoice account ids", `SELECT count(*) FROM Invoices i JOIN Orders o USING (order_id)
			WHERE i.account_sf_id <> printf('001%012dAAA', o.customer_id) OR length(i.account_sf_id) <> 18`, 0, 0},
		{"first order and invoice", `SELECT count(*) FROM Orders o, Invoices i
			WHERE o.order_id = 1 AND o.order_number = 'ORD-0000001' AND i.invoice_id = 'INV-000001'`, 1, 1},
		{"orders between 12.50 and 13", "SELECT count(*) FROM Orders WHERE total_amount BETWEEN 12.5 AND 13", 5, 1000},
		{"order totals are the sum of their lines", `SELECT count(*) FROM Orders o WHERE abs(o.total_amount -
			(SELECT sum(l.quantity * l.unit_price * (1 - coalesce(l.discount_pct, 0) / 100.0)) FROM OrderLines l
			 WHERE l.order_id = o.order_id)) > 0.006 * (SELECT count(*) FROM OrderLines l WHERE l.order_id = o.order_id)`, 0, 0},
		{"orders without lines", "SELECT count(*) FROM Orders o WHERE NOT EXISTS (SELECT 1 FROM OrderLines l WHERE l.order_id = o.order_id)", 0, 0},
		{"order days", "SELECT count(DISTINCT order_date) FROM Orders WHERE order_date BETWEEN '2023-01-01' AND '2025-12-31'", 1096, 1096},
		{"January 2024 orders", "SELECT count(*) FROM Orders WHERE order_date >= '2024-01-01' AND order_date < '2024-02-01'", 500, 2000},
		{"orders updated after June 2024", "SELECT count(*) FROM Orders WHERE updated_at > '2024-06-01T00:00:00.000000Z'", 1000, numOrders},
		{"ORD-0000009 for substringof", "SELECT count(*) FROM Orders WHERE instr(order_number, 'ORD-0000009') > 0", 1, 1},
		{"notes with LIKE metacharacters", `SELECT count(*) FROM Orders WHERE notes LIKE '%\%%' ESCAPE '\' OR notes LIKE '%\_%' ESCAPE '\'`, 1, numOrders},
		{"statuses", "SELECT count(DISTINCT status) FROM Orders", 6, 6},
		{"long descriptions", "SELECT count(*) FROM Products WHERE length(description) > 255", 10, numProducts},
		{"descriptions within 2000", "SELECT count(*) FROM Products WHERE length(description) > 2000", 0, 0},
		{"null descriptions", "SELECT count(*) FROM Products WHERE description IS NULL", 1, numProducts},
		{"null weights", "SELECT count(*) FROM Products WHERE weight_kg IS NULL", 1, numProducts},
		{"null launch dates", "SELECT count(*) FROM Products WHERE launched_on IS NULL", 1, numProducts},
		{"GIF thumbnails", "SELECT count(*) FROM Products WHERE substr(thumbnail, 1, 6) = CAST('GIF89a' AS BLOB) AND length(thumbnail) < 64", 50, numProducts},
		{"null thumbnails", "SELECT count(*) FROM Products WHERE thumbnail IS NULL", 1, numProducts},
		{"unique uuids", "SELECT count(DISTINCT product_uuid) FROM Products", numProducts, numProducts},
		{"lower-case uuids", `SELECT count(*) FROM Products WHERE product_uuid GLOB
			'[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f]-4[0-9a-f][0-9a-f][0-9a-f]-[89ab][0-9a-f][0-9a-f][0-9a-f]-[0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]'`, numProducts, numProducts},
		{"timestamp format", `SELECT (SELECT count(*) FROM Customers WHERE created_at NOT GLOB ` + ts + `)
			+ (SELECT count(*) FROM Products WHERE updated_at NOT GLOB ` + ts + `)
			+ (SELECT count(*) FROM Orders WHERE updated_at NOT GLOB ` + ts + `)
			+ (SELECT count(*) FROM Shipments WHERE shipped_at NOT GLOB ` + ts + `)`, 0, 0},
		{"date format", `SELECT (SELECT count(*) FROM Orders WHERE order_date NOT GLOB ` + date + `)
			+ (SELECT count(*) FROM Products WHERE launched_on NOT GLOB ` + date + `)
			+ (SELECT count(*) FROM Shipments WHERE delivered_on NOT GLOB ` + date + `)
			+ (SELECT count(*) FROM Invoices WHERE due_date NOT GLOB ` + date + `)`, 0, 0},
		{"booleans are 0/1", `SELECT (SELECT count(*) FROM Customers WHERE is_active NOT IN (0, 1) OR typeof(is_active) <> 'integer')
			+ (SELECT count(*) FROM Products WHERE in_stock NOT IN (0, 1)) + (SELECT count(*) FROM Invoices WHERE paid NOT IN (0, 1))`, 0, 0},
		{"money is numeric", `SELECT count(*) FROM Orders WHERE typeof(total_amount) NOT IN ('integer', 'real')
			OR total_amount * 100 - round(total_amount * 100) NOT BETWEEN -0.0001 AND 0.0001`, 0, 0},
		{"shipped after ordered", "SELECT count(*) FROM Shipments s JOIN Orders o USING (order_id) WHERE s.shipped_at < o.order_date", 0, 0},
		{"delivered after shipped", "SELECT count(*) FROM Shipments WHERE delivered_on < substr(shipped_at, 1, 10)", 0, 0},
		{"indexes", `SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name IN ('orders_customer_id',
			'orders_order_date', 'invoices_account_sf_id', 'order_lines_product_id', 'shipments_order_id')`, 5, 5},
		{"the view", "SELECT count(*) FROM sqlite_master WHERE type = 'view' AND name = 'CustomerOrderTotals'", 1, 1},
		{"view totals", "SELECT sum(order_count) FROM CustomerOrderTotals", numOrders, numOrders},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var n int64
			if err := db.QueryRow(c.query).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n < c.min || n > c.max {
				t.Errorf("%d, want %d..%d", n, c.min, c.max)
			}
		})
	}
	t.Run("foreign keys", func(t *testing.T) { foreignKeysHold(t, db) })
	t.Run("first shipments show nulls", func(t *testing.T) { firstShipmentsHaveNulls(t, db) })
	t.Run("case variants", func(t *testing.T) { caseVariants(t, db) })
}

func foreignKeysHold(t *testing.T, db *sql.DB) {
	rows, err := db.Query("PRAGMA foreign_key_check")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			t.Fatal(err)
		}
		t.Errorf("%s row %v has no %s parent", table, rowid, parent)
	}
	var fks int
	if err := db.QueryRow("SELECT count(*) FROM pragma_foreign_key_list('OrderLines')").Scan(&fks); err != nil || fks != 2 {
		t.Errorf("OrderLines declares %d foreign keys (%v), want 2", fks, err)
	}
}

// firstShipmentsHaveNulls: the read scenario "shipments_nulls" reads $top=5.
func firstShipmentsHaveNulls(t *testing.T, db *sql.DB) {
	var carriers, tracking, shipped, delivered, weights int
	err := db.QueryRow(`SELECT count(carrier), count(tracking_number), count(shipped_at), count(delivered_on), count(weight_kg)
		FROM (SELECT * FROM Shipments ORDER BY shipment_id LIMIT 5)`).Scan(&carriers, &tracking, &shipped, &delivered, &weights)
	if err != nil {
		t.Fatal(err)
	}
	for name, n := range map[string]int{"carrier": carriers, "tracking_number": tracking, "shipped_at": shipped, "delivered_on": delivered} {
		if n == 0 || n == 5 {
			t.Errorf("%s: %d of the first 5 shipments set, want some null and some not", name, n)
		}
	}
}

// caseVariants: data entry left some names in capitals or lower case, which case-sensitive
// eq and case-insensitive $search must tell apart.
func caseVariants(t *testing.T, db *sql.DB) {
	rows, err := db.Query("SELECT name FROM Customers")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var upper, lower, mixed int
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			t.Fatal(err)
		}
		hasUpper := strings.IndexFunc(name, unicode.IsUpper) >= 0
		hasLower := strings.IndexFunc(name, unicode.IsLower) >= 0
		switch {
		case hasUpper && hasLower:
			mixed++
		case hasUpper:
			upper++
		case hasLower:
			lower++
		}
	}
	if upper == 0 || lower == 0 || mixed < numCustomers/2 {
		t.Errorf("%d capitalised, %d lower-case, %d mixed names; want some of each, mostly mixed", upper, lower, mixed)
	}
}
