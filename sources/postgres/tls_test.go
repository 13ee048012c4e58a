package postgres

import (
	"context"
	"testing"

	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/internal/enginetest"
)

// TestLargeReads reads a result far larger than the connection's read buffer, over plain TCP
// and over TLS (verify-full against the test server's certificate, as ./scripts/test.sh sets
// it up): every byte arrives, and the TLS connection is encrypted.
func TestLargeReads(t *testing.T) {
	for _, tc := range []struct{ name, env string }{{"tcp", envURL}, {"tls", "SFCONNECT_TEST_POSTGRES_TLS_URL"}} {
		t.Run(tc.name, func(t *testing.T) {
			db := enginetest.Open(t, tc.env, Engine{}, sources.PoolOptions{MaxOpenConns: 2, StatementTimeoutMS: 10000})
			ctx := context.Background()
			var ssl bool
			if err := db.QueryRowContext(ctx, `SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()`).Scan(&ssl); err != nil {
				t.Fatal(err)
			}
			if ssl != (tc.name == "tls") {
				t.Fatalf("pg_stat_ssl.ssl = %v on the %s connection", ssl, tc.name)
			}
			enginetest.LargeRead(t, db, `SELECT i, repeat(md5(i::text), 8) FROM generate_series(1, 20000) AS i ORDER BY i`, 20000)
		})
	}
}
