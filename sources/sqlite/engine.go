// Package sqlite is the SQLite engine of sfconnect: it opens databases with the pure-Go
// modernc.org/sqlite driver (so CGO_ENABLED=0 builds work), reads their catalogue, and
// provides the SQLite dialect of the translator. It serves the embedded demo and any existing
// SQLite file given as sqlite:PATH.
package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/sfconnect/sfconnect/sources"
)

// Engine opens "sqlite:PATH" and "sqlite::memory:" URLs.
type Engine struct{}

var _ sources.Engine = Engine{}

// Schemes implements sources.Engine.
func (Engine) Schemes() []string { return []string{"sqlite"} }

// Dialect implements sources.Engine.
func (Engine) Dialect() sources.Dialect { return Dialect{} }

// busyTimeoutMS is how long a connection waits for another's write lock before failing.
const busyTimeoutMS = 5000

// Open implements sources.Engine. Every connection gets foreign_keys=ON (so violations are
// errors, answered 409) and a busy timeout; files use WAL so readers never wait for a writer.
// An in-memory database lives in its one connection, so the pool is limited to it. The
// settings are part of the DSN: the driver applies them once per new connection, never per
// request.
func (Engine) Open(ctx context.Context, url string, pool sources.PoolOptions) (*sqlx.DB, error) {
	path, ok := strings.CutPrefix(url, "sqlite:")
	if !ok {
		return nil, fmt.Errorf("not a sqlite: URL")
	}
	path = strings.TrimPrefix(path, "//")
	if path == "" {
		return nil, fmt.Errorf("sqlite: URL without a path (use sqlite:PATH or sqlite::memory:)")
	}
	path, extra, _ := strings.Cut(path, "?")
	memory := path == ":memory:"
	params := []string{
		"_pragma=foreign_keys(1)",
		fmt.Sprintf("_pragma=busy_timeout(%d)", busyTimeoutMS),
	}
	if !memory {
		params = append(params, "_pragma=journal_mode(WAL)", "_pragma=synchronous(NORMAL)")
	}
	if extra != "" {
		params = append(params, extra)
	}
	db, err := sqlx.Open("sqlite", path+"?"+strings.Join(params, "&"))
	if err != nil {
		return nil, fmt.Errorf("opening sqlite database: %w", err)
	}
	configurePool(db, pool, memory)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to sqlite database: %w", err)
	}
	return db, nil
}

func configurePool(db *sqlx.DB, pool sources.PoolOptions, memory bool) {
	if memory {
		db.SetMaxOpenConns(1)
		db.SetMaxIdleConns(1)
		db.SetConnMaxLifetime(0)
		return
	}
	if pool.MaxOpenConns > 0 {
		db.SetMaxOpenConns(pool.MaxOpenConns)
	}
	idle := pool.MaxIdleConns
	if idle <= 0 {
		idle = max(pool.MaxOpenConns, 2)
	}
	db.SetMaxIdleConns(idle)
	if pool.ConnMaxLifetimeS > 0 {
		db.SetConnMaxLifetime(time.Duration(pool.ConnMaxLifetimeS) * time.Second)
	}
}
