package sources

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements for the reads the store runs, keyed by SQL text. The
// translator's SQL depends only on the shape of a query, never on its literal values (the
// fuzz tests prove it), so a service sees few distinct statements and each is parsed and
// planned once per connection instead of once per request. The cache is bounded: beyond max
// statements, new shapes run unprepared. Entries are never evicted, so a statement is never
// closed while another request uses it.
type stmtCache struct {
	mu  sync.RWMutex
	m   map[string]*sql.Stmt
	max int
}

// defaultStmtCache bounds the statements kept per store: more than the shapes a Salesforce
// org sends, well below server limits on prepared statements (MySQL: 16382 per server).
const defaultStmtCache = 256

func newStmtCache(max int) *stmtCache { return &stmtCache{m: map[string]*sql.Stmt{}, max: max} }

// get returns the prepared statement for query, preparing it when there is room; nil means
// run the query unprepared (cache full or disabled, or preparing failed: the unprepared run
// then reports the error the usual way).
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) *sql.Stmt {
	if c == nil || c.max <= 0 {
		return nil
	}
	c.mu.RLock()
	st, ok := c.m[query]
	full := len(c.m) >= c.max
	c.mu.RUnlock()
	if ok || full {
		return st
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[query]; ok { // prepared concurrently: keep one
		st.Close()
		return prev
	}
	if len(c.m) >= c.max {
		st.Close()
		return nil
	}
	c.m[query] = st
	return st
}

// query runs a read through the statement cache.
func (s *Store) query(ctx context.Context, query string, args []any) (*sql.Rows, error) {
	if st := s.stmts.get(ctx, s.db.DB, query); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return s.db.QueryContext(ctx, query, args...)
}

func (s *Store) queryRow(ctx context.Context, query string, args []any) *sql.Row {
	if st := s.stmts.get(ctx, s.db.DB, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return s.db.QueryRowContext(ctx, query, args...)
}

// SetStatementCache sets how many distinct read statements the store keeps prepared (0 turns
// preparing off, e.g. behind a PgBouncer in transaction mode). Call it before serving.
func (s *Store) SetStatementCache(n int) { s.stmts = newStmtCache(n) }
