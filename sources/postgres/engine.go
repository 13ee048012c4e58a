package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/sfconnect/sfconnect/sources"
)

// Engine opens and introspects PostgreSQL databases.
type Engine struct{}

var _ sources.Engine = Engine{}

// Schemes are the URL schemes lib/pq understands.
func (Engine) Schemes() []string { return []string{"postgres", "postgresql"} }

// Dialect is PostgreSQL's SQL dialect.
func (Engine) Dialect() sources.Dialect { return Dialect{} }

// Open connects with the URL's own parameters (sslmode, sslrootcert, ...) passed through to
// lib/pq, plus the per-connection settings sfconnect needs, and checks the connection.
func (Engine) Open(ctx context.Context, rawURL string, pool sources.PoolOptions) (*sqlx.DB, error) {
	dsn, err := connString(rawURL, pool)
	if err != nil {
		return nil, err
	}
	connector, err := pq.NewConnector(dsn)
	if err != nil {
		return nil, fmt.Errorf("opening postgres: %w", err)
	}
	connector.Dialer(readBufferedDialer{})
	db := sqlx.NewDb(sql.OpenDB(connector), "postgres")
	applyPool(db, pool)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to postgres: %w", err)
	}
	return db, nil
}

// connString adds, unless the URL already sets them, the run-time parameters every connection
// starts with: statement_timeout (the configured bound, enforced by the server), TimeZone=UTC
// (timestamptz values come back in UTC, so every engine answers alike) and an application
// name for pg_stat_activity. They are sent once, in the startup packet. It also turns on
// lib/pq's binary_parameters (a driver setting, not sent to the server).
func connString(rawURL string, pool sources.PoolOptions) (string, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "", fmt.Errorf("parsing the postgres URL: %w", err)
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return "", fmt.Errorf("not a postgres URL (scheme %q)", u.Scheme)
	}
	q := u.Query()
	setDefault := func(key, value string) {
		for k := range q {
			if strings.EqualFold(k, key) {
				return
			}
		}
		q.Set(key, value)
	}
	if pool.StatementTimeoutMS > 0 {
		setDefault("statement_timeout", strconv.Itoa(pool.StatementTimeoutMS))
	}
	setDefault("TimeZone", "UTC")
	setDefault("fallback_application_name", "sfconnect")
	// One round trip per parameterised query (Parse, Bind, Execute together) instead of two:
	// lib/pq then sends []byte arguments in binary, which only Edm.Binary (bytea) values are.
	setDefault("binary_parameters", "yes")
	u.RawQuery = q.Encode()
	return u.String(), nil
}

func applyPool(db *sqlx.DB, pool sources.PoolOptions) {
	if pool.MaxOpenConns > 0 {
		db.SetMaxOpenConns(pool.MaxOpenConns)
	}
	if pool.MaxIdleConns > 0 {
		db.SetMaxIdleConns(pool.MaxIdleConns)
	}
	if pool.ConnMaxLifetimeS > 0 {
		db.SetConnMaxLifetime(time.Duration(pool.ConnMaxLifetimeS) * time.Second)
	}
}

// BoundedReads is the statement_timeout every connection starts with (Open sends it in the
// startup packet), unless the URL names statement_timeout itself (then 0: not vouched for).
func (Engine) BoundedReads(rawURL string, pool sources.PoolOptions) time.Duration {
	return sources.TimeoutUnlessURLSets(rawURL, pool, "statement_timeout")
}

// SameHost reports whether the URL's server is on this host (host parameter or URL host:
// loopback, localhost, a socket directory, or none: lib/pq then dials localhost).
func (Engine) SameHost(rawURL string) bool { return sources.URLOnThisHost(rawURL, "host") }
