package sources

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// Store runs planned reads against one database. Reads map the database errors a client can
// act on (a statement timeout, a value the column type rejects, a busy SQLite file) to
// *odata.Error as writes do; anything else stays an internal error.
type Store struct {
	db    *sqlx.DB
	d     Dialect
	stmts *stmtCache
	// fastRead > 0: prepared reads that always finished within it run detached from their
	// request's cancellation (DetachFastReads).
	fastRead time.Duration
}

// NewStore returns a store for db speaking dialect d, preparing up to 256 distinct read
// statements (see SetStatementCache).
func NewStore(db *sqlx.DB, d Dialect) *Store {
	return &Store{db: db, d: d, stmts: newStmtCache(defaultStmtCache)}
}

// Count returns the number of rows matching r's filter and search (paging ignored).
func (s *Store) Count(ctx context.Context, r *odata.Read) (int64, error) {
	query, args, err := CountSQL(s.d, r)
	if err != nil {
		return 0, err
	}
	return s.count(ctx, r.Set.Name, query, args)
}

func (s *Store) count(ctx context.Context, set, query string, args []any) (int64, error) {
	var n int64
	err := s.read(ctx, query, args, func(rows *sql.Rows) error {
		if !rows.Next() {
			if err := rows.Err(); err != nil {
				return err
			}
			return sql.ErrNoRows
		}
		return rows.Scan(&n)
	})
	if err != nil {
		return 0, s.clientError(fmt.Errorf("counting %s: %w", set, err))
	}
	return n, nil
}

// Rows streams the rows of r to fn, one at a time. The slice passed to fn is reused for the
// next row: fn must copy what it keeps. Returning an error from fn stops the read.
func (s *Store) Rows(ctx context.Context, r *odata.Read, fn func(row []odata.Value) error) error {
	query, args, err := SelectSQL(s.d, r)
	if err != nil {
		return err
	}
	row := make([]odata.Value, len(r.Fetch))
	dest := make([]any, len(r.Fetch))
	cells := make([]cell, len(r.Fetch)) // pointers in dest: a cell value would be boxed, one allocation per column
	for i, e := range r.Fetch {
		cells[i] = cell{v: &row[i], t: e.Type(), scale: scaleOf(e)}
		dest[i] = &cells[i]
	}
	var stop error // fn's error, or a value this store cannot convert: returned as is
	err = s.read(ctx, query, args, func(rows *sql.Rows) error {
		for rows.Next() {
			if err := rows.Scan(dest...); err != nil {
				stop = fmt.Errorf("reading %s: %w", r.Set.Name, err)
				return stop
			}
			if err := fn(row); err != nil {
				stop = err
				return err
			}
		}
		return nil
	})
	if stop != nil {
		return stop
	}
	if err != nil {
		return s.clientError(fmt.Errorf("reading %s: %w", r.Set.Name, err))
	}
	return nil
}

func scaleOf(e odata.Expr) int {
	if ref, ok := e.(*odata.PropertyRef); ok && ref.Prop.Type == schema.EdmDecimal {
		return ref.Prop.Scale
	}
	return 0
}
