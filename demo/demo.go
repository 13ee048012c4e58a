package demo

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/crc32"
)

// Version names the generated data. It is part of the cached demo file name, so bump it
// whenever the schema or the data changes: an older cached file is then left alone instead of
// being served with rows the goldens no longer expect.
const Version = "2"

// DB is what Create needs of a database handle; *sql.DB and *sqlx.DB satisfy it.
type DB interface {
	BeginTx(ctx context.Context, opts *sql.TxOptions) (*sql.Tx, error)
}

var _ DB = (*sql.DB)(nil)

// Create builds the demo schema and data in db, an SQLite database, unless they are already
// there; it reports whether it created them. Everything happens in one transaction and the
// completion marker (PRAGMA user_version) is written inside it, so a creation interrupted by a
// crash leaves an empty database that the next call fills, never a half-filled one taken as
// complete. A database that holds anything else is refused rather than mixed with demo tables.
//
// Storage follows the sqlite dialect's conventions: dates are TEXT 'YYYY-MM-DD', timestamps
// TEXT UTC 'YYYY-MM-DDTHH:MM:SS.ffffffZ', booleans INTEGER 0/1, decimals NUMERIC, GUIDs
// lower-case TEXT, binaries BLOB.
func Create(ctx context.Context, db DB) (bool, error) {
	return create(ctx, db, buildSteps)
}

// step is one stage of the creation, run inside the transaction.
type step func(ctx context.Context, tx *sql.Tx, g *generated) error

func create(ctx context.Context, db DB, steps []step) (created bool, err error) {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("beginning the demo transaction: %w", err)
	}
	defer func() {
		if !created {
			_ = tx.Rollback() // after a failed Commit this is ErrTxDone, harmless
		}
	}()
	done, err := present(ctx, tx)
	if err != nil || done {
		return false, err
	}
	g := &generated{}
	for _, s := range steps {
		if err := s(ctx, tx, g); err != nil {
			return false, err
		}
	}
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", marker())); err != nil {
		return false, fmt.Errorf("marking the demo complete: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("committing the demo: %w", err)
	}
	return true, nil
}

// marker is the user_version of a complete demo database of this Version.
func marker() int32 {
	m := int32(crc32.ChecksumIEEE([]byte("sfconnect demo "+Version)) & 0x7fffffff)
	if m == 0 {
		m = 1
	}
	return m
}

// errForeign refuses databases that are not (only) the demo.
var errForeign = errors.New("the database is not an sfconnect demo database")

// present reports whether the complete demo is already in the database.
func present(ctx context.Context, tx *sql.Tx) (bool, error) {
	var v int64
	if err := tx.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return false, fmt.Errorf("reading the demo marker: %w", err)
	}
	switch v {
	case int64(marker()):
		return true, nil
	case 0:
	default:
		return false, fmt.Errorf("%w (user_version %d; demo version %s expects %d)", errForeign, v, Version, marker())
	}
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite\_%' ESCAPE '\'`).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("listing the database objects: %w", err)
	}
	if n > 0 {
		return false, fmt.Errorf("%w: it already holds %d tables, views or indexes", errForeign, n)
	}
	return false, nil
}
