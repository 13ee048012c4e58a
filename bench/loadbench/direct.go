package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// stmt is one SQL statement with its bind arguments.
type stmt struct {
	SQL  string
	Args []any
}

// dbRequest is what sfconnect sends to the database for one HTTP request: the count (when
// $count=true) and the page read, in that order.
type dbRequest struct {
	Count *stmt
	Page  stmt
}

// planner produces the exact SQL sfconnect runs, by calling the same functions the server
// calls (option parsing and binding, page planning, the translator with the PostgreSQL
// dialect), with the same model, limits and page sizes. Nothing is retyped.
type planner struct {
	model   *schema.Model
	dialect sources.Dialect
	limits  odata.Limits
	paging  config.Paging
}

func newPlanner(model *schema.Model, d sources.Dialect, cfg config.Config) *planner {
	lim := odata.DefaultLimits
	lim.MaxTop, lim.MaxFilterLength = cfg.Limits.MaxTop, cfg.Limits.MaxFilterLength
	lim.MaxNodes, lim.MaxDepth = cfg.Limits.MaxNodes, cfg.Limits.MaxDepth
	return &planner{model: model, dialect: d, limits: lim, paging: cfg.Paging}
}

// plan returns the database request of variant v of q, continuing after the given order
// values (nil for a first page).
func (p *planner) plan(q *query, v int, after []odata.Value) (*dbRequest, *odata.Page, error) {
	set, ok := p.model.EntitySet(q.Set)
	if !ok {
		return nil, nil, fmt.Errorf("entity set %s is not in the model", q.Set)
	}
	opts, err := odata.SplitOptions(q.Options(v))
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", q.ID, err)
	}
	parsed, err := odata.ParseQuery(set, opts, p.limits)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", q.ID, err)
	}
	size := p.paging.PageSize
	if q.MaxPage > 0 {
		size = min(q.MaxPage, p.paging.MaxPageSize)
	}
	page := odata.PlanPage(set, parsed, size, after)
	r := &dbRequest{}
	if parsed.Count {
		text, args, err := sources.CountSQL(p.dialect, page.Read)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: translating the count: %w", q.ID, err)
		}
		r.Count = &stmt{text, args}
	}
	if page.Size > 0 {
		text, args, err := sources.SelectSQL(p.dialect, page.Read)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: translating the page: %w", q.ID, err)
		}
		r.Page = stmt{text, args}
	}
	return r, page, nil
}

// afterRow converts the order-key values of a JSON row (as sfconnect wrote it) into the typed
// values a keyset page continues after.
func afterRow(page *odata.Page, row map[string]any) ([]odata.Value, error) {
	var vals []odata.Value
	for _, it := range page.Read.OrderBy {
		ref, ok := it.Expr.(*odata.PropertyRef)
		if !ok {
			return nil, fmt.Errorf("order key is not a property")
		}
		raw, present := row[ref.Prop.Name]
		if !present {
			return nil, fmt.Errorf("row has no %s (select it)", ref.Prop.Name)
		}
		v, err := jsonValue(ref.Prop.Type, raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", ref.Prop.Name, err)
		}
		vals = append(vals, v)
	}
	return vals, nil
}

func jsonValue(t schema.EdmType, raw any) (odata.Value, error) {
	v := odata.Value{Type: t}
	if raw == nil {
		v.Null = true
		return v, nil
	}
	text := fmt.Sprint(raw)
	if n, ok := raw.(json.Number); ok {
		text = n.String()
	}
	var err error
	switch {
	case t.IsIntegral():
		v.Int, err = strconv.ParseInt(text, 10, 64)
	case t == schema.EdmDate:
		v.Time, err = time.Parse("2006-01-02", text)
	case t == schema.EdmDateTimeOffset:
		v.Time, err = time.Parse(time.RFC3339Nano, text)
	case t == schema.EdmDouble || t == schema.EdmSingle:
		v.Float, err = strconv.ParseFloat(text, 64)
	default:
		v.Text = text
	}
	return v, err
}

// directRunner executes database requests through the same driver and pool settings as
// sfconnect, reading every column of every row (as raw bytes: the cheapest read the driver
// offers). It is the limit sfconnect is compared with.
//
// With prepared set, statements are prepared once per text and reused (one round trip per
// execution instead of lib/pq's two for an unprepared query with arguments): not what
// sfconnect does, shown as the headroom a prepared-statement store could reach.
type directRunner struct {
	db       *sqlx.DB
	prepared bool

	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func (d *directRunner) query(ctx context.Context, s *stmt) (*sql.Rows, error) {
	if !d.prepared {
		return d.db.QueryContext(ctx, s.SQL, s.Args...)
	}
	d.mu.Lock()
	ps, ok := d.stmts[s.SQL]
	if !ok {
		var err error
		if ps, err = d.db.PrepareContext(ctx, s.SQL); err != nil {
			d.mu.Unlock()
			return nil, err
		}
		if d.stmts == nil {
			d.stmts = map[string]*sql.Stmt{}
		}
		d.stmts[s.SQL] = ps
	}
	d.mu.Unlock()
	return ps.QueryContext(ctx, s.Args...)
}

func (d *directRunner) close() {
	for _, s := range d.stmts {
		s.Close()
	}
}

func (d *directRunner) exec(ctx context.Context, r *dbRequest) (int, error) {
	if r.Count != nil {
		rows, err := d.query(ctx, r.Count)
		if err != nil {
			return 0, fmt.Errorf("counting: %w", err)
		}
		var n int64
		for rows.Next() {
			err = rows.Scan(&n)
		}
		if err == nil {
			err = rows.Err()
		}
		rows.Close()
		if err != nil {
			return 0, fmt.Errorf("counting: %w", err)
		}
	}
	if r.Page.SQL == "" {
		return 0, nil
	}
	rows, err := d.query(ctx, &r.Page)
	if err != nil {
		return 0, fmt.Errorf("querying: %w", err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	raw := make([]sql.RawBytes, len(cols))
	dest := make([]any, len(cols))
	for i := range raw {
		dest[i] = &raw[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, fmt.Errorf("reading: %w", err)
		}
		n++
	}
	return n, rows.Err()
}

// explain runs EXPLAIN ANALYZE for a statement: the plan shape (which index) and the pure
// database execution time, for the report.
func (d *directRunner) explain(ctx context.Context, s stmt) (string, error) {
	rows, err := d.db.QueryContext(ctx, "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF, TIMING OFF) "+s.SQL, s.Args...)
	if err != nil {
		return "", fmt.Errorf("explaining: %w", err)
	}
	defer rows.Close()
	var out string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return "", err
		}
		out += line + "\n"
	}
	return out, rows.Err()
}
