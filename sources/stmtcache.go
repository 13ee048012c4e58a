package sources

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"
)

// stmtCache keeps prepared statements for the reads the store runs, keyed by SQL text. The
// translator's SQL depends only on the shape of a query, never on its literal values (the
// fuzz tests prove it), so a service sees few distinct statements and each is parsed and
// planned once per connection instead of once per request. The cache is bounded: beyond max
// statements, new shapes run unprepared. Entries are never evicted, so a statement is never
// closed while another request uses it.
type stmtCache struct {
	mu  sync.RWMutex
	m   map[string]*cachedStmt
	max int
}

// cachedStmt is a prepared read with what the store learnt about its cost.
type cachedStmt struct {
	*sql.Stmt
	// watch counts the executions still to run cancellable (see Store.read): 1 for a new
	// statement, slowWatch again after every slow execution.
	watch atomic.Int32
}

// slowWatch is how many executions after a slow one run cancellable again: one outlier (a
// cold cache, a lock wait) costs a hundred watched executions, and a statement that is often
// slow stays watched.
var slowWatch int32 = 100

// defaultStmtCache bounds the statements kept per store: more than the shapes a Salesforce
// org sends, well below server limits on prepared statements (MySQL: 16382 per server).
const defaultStmtCache = 256

func newStmtCache(max int) *stmtCache { return &stmtCache{m: map[string]*cachedStmt{}, max: max} }

// get returns the prepared statement for query, preparing it when there is room; nil means
// run the query unprepared (cache full or disabled, or preparing failed: the unprepared run
// then reports the error the usual way).
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) *cachedStmt {
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
	prepared, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prev, ok := c.m[query]; ok { // prepared concurrently: keep one
		prepared.Close()
		return prev
	}
	if len(c.m) >= c.max {
		prepared.Close()
		return nil
	}
	st = &cachedStmt{Stmt: prepared}
	st.watch.Store(1)
	c.m[query] = st
	return st
}

// read runs a read through the statement cache and hands its rows to fn, which must consume
// them before returning.
//
// Cancelling a statement when its request ends costs two goroutines per statement
// (database/sql's Rows watcher and the driver's cancel watcher), and each goroutine started
// wakes an idle scheduler thread: on a one-row lookup through lib/pq that was a tenth to a
// third of the server's CPU (bench/REPORT.md). It only pays for statements that run long
// enough to be worth cancelling. So once DetachFastReads is on, a prepared statement that has
// always finished within the bound runs with the request's values but without its
// cancellation; the database's own statement timeout still ends it. A client that hangs up
// then costs at most that statement's usual few milliseconds of database time. Its first
// execution, and the slowWatch executions after any that took longer, stay cancellable.
func (s *Store) read(ctx context.Context, query string, args []any, fn func(*sql.Rows) error) error {
	st := s.stmts.get(ctx, s.db.DB, query)
	if st == nil {
		rows, err := s.db.QueryContext(ctx, query, args...)
		return consume(rows, err, fn)
	}
	if s.fastRead <= 0 {
		rows, err := st.QueryContext(ctx, args...)
		return consume(rows, err, fn)
	}
	if err := ctx.Err(); err != nil {
		return err // detached or not, a request that has ended reads nothing
	}
	watched := st.watch.Load() > 0
	runCtx := ctx
	if !watched {
		runCtx = context.WithoutCancel(ctx)
	}
	start := time.Now()
	rows, err := st.QueryContext(runCtx, args...)
	err = consume(rows, err, fn)
	switch {
	case time.Since(start) > s.fastRead:
		st.watch.Store(slowWatch)
	case watched:
		st.watch.Add(-1) // concurrent decrements may go below 0: that only means detached
	}
	return err
}

func consume(rows *sql.Rows, err error, fn func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	if err := fn(rows); err != nil {
		return err
	}
	if err := rows.Close(); err != nil {
		return err
	}
	return rows.Err()
}

// DetachFastReads lets prepared reads that have always finished within bound run without
// watching for their request's cancellation (see read); 0 turns it off. Only turn it on when
// the database enforces a statement timeout no longer than the request deadline, so that a
// read that does turn slow is still ended in time. Call it before serving.
func (s *Store) DetachFastReads(bound time.Duration) { s.fastRead = bound }

// SetStatementCache sets how many distinct read statements the store keeps prepared (0 turns
// preparing off, e.g. behind a PgBouncer in transaction mode). Call it before serving.
func (s *Store) SetStatementCache(n int) { s.stmts = newStmtCache(n) }
