package enginetest

import (
	"context"
	"database/sql"
	"strings"
	"testing"
)

// Queryer is what LargeRead reads through: a *sql.DB, *sqlx.DB or *sql.Conn.
type Queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// LargeRead runs query, which must return the rows (k, the md5 of k repeated 8 times) for
// k = 1..n in order, and checks every one: a result many times the size of the read buffers
// between the server and the driver (and TLS records, when the connection has them) arrives
// whole and in order.
func LargeRead(t testing.TB, db Queryer, query string, n int) {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), query)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := 0
	for rows.Next() {
		var k int
		var s string
		if err := rows.Scan(&k, &s); err != nil {
			t.Fatal(err)
		}
		got++
		if k != got || len(s) != 256 || strings.Trim(s, "0123456789abcdef") != "" {
			t.Fatalf("row %d: %d, %d bytes", got, k, len(s))
		}
	}
	if err := rows.Err(); err != nil || got != n {
		t.Fatalf("%d rows of %d, %v", got, n, err)
	}
}
