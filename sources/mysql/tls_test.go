package mysql

import (
	"context"
	"testing"

	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/internal/enginetest"
)

// TestLargeReads reads 20,000 rows over plain TCP and over TLS (tls=true with ssl-ca naming the
// test server's self-signed certificate, as ./scripts/test.sh sets it up, so the server is
// verified): every row arrives, and the TLS session is encrypted.
func TestLargeReads(t *testing.T) {
	for _, tc := range []struct{ name, env string }{{"tcp", envURL}, {"tls", "SFCONNECT_TEST_MYSQL_TLS_URL"}} {
		t.Run(tc.name, func(t *testing.T) {
			db := enginetest.Open(t, tc.env, Engine{}, sources.PoolOptions{MaxOpenConns: 2, StatementTimeoutMS: 10000})
			ctx := context.Background()
			conn, err := db.Conn(ctx) // the status and the read on one session
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			var name, cipher string
			if err := conn.QueryRowContext(ctx, `SHOW SESSION STATUS LIKE 'Ssl_cipher'`).Scan(&name, &cipher); err != nil {
				t.Fatal(err)
			}
			if tc.name == "tls" && cipher == "" {
				t.Fatal("the TLS URL's session is not encrypted")
			}
			// 200 x 100 rows: recursion deeper than 1,000 needs a session setting (MariaDB's
			// max_recursive_iterations, MySQL's cte_max_recursion_depth).
			enginetest.LargeRead(t, conn, `WITH RECURSIVE d(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM d WHERE i < 199)
				SELECT a.i * 100 + b.i + 1 AS n, REPEAT(MD5(a.i * 100 + b.i + 1), 8) FROM d a JOIN d b ON b.i < 100 ORDER BY n`, 20000)
		})
	}
}
