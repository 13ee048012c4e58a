package server

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// memStore is an in-memory Store that really evaluates the filters, search, keyset and paging
// it is handed (for the small expression subset these tests use), so the security tests can
// prove what a caller sees rather than only what the store was asked.
type memStore struct {
	mu     sync.Mutex
	set    *schema.EntitySet
	rows   [][]odata.Value // aligned with set.Properties
	nextID int64
	reads  []*odata.Read
	writes []*odata.Write
	// block, when set, makes Rows wait on it after signalling entered (concurrency tests).
	entered chan struct{}
	block   chan struct{}
	// waitForDeadline makes Rows block until the request context ends (deadline tests).
	waitForDeadline bool
}

var _ Store = (*memStore)(nil)

func (m *memStore) match(r *odata.Read, row []odata.Value) bool {
	if r.Filter != nil && !truthy(m.eval(r.Filter, row)) {
		return false
	}
	return r.Search == nil || m.search(r.Search, row)
}

func (m *memStore) selected(r *odata.Read) [][]odata.Value {
	var out [][]odata.Value
	if r.Set != m.set {
		return nil // other sets are empty
	}
	for _, row := range m.rows {
		if m.match(r, row) {
			out = append(out, row)
		}
	}
	slices.SortStableFunc(out, func(a, b []odata.Value) int { return m.compareOrder(r.OrderBy, a, b) })
	if r.After != nil {
		after := out[:0:0]
		for _, row := range out {
			if m.compareToAfter(r.OrderBy, row, r.After) > 0 {
				after = append(after, row)
			}
		}
		out = after
	}
	out = out[min(r.Skip, len(out)):]
	if r.Limit > 0 && len(out) > r.Limit {
		out = out[:r.Limit]
	}
	return out
}

func (m *memStore) Count(ctx context.Context, r *odata.Read) (int64, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.reads = append(m.reads, r)
	n := int64(0)
	if r.Set != m.set {
		return 0, nil
	}
	for _, row := range m.rows {
		if m.match(r, row) {
			n++
		}
	}
	return n, nil
}

func (m *memStore) Rows(ctx context.Context, r *odata.Read, fn func(row []odata.Value) error) error {
	if m.block != nil {
		m.entered <- struct{}{}
		<-m.block
	}
	if m.waitForDeadline {
		<-ctx.Done()
		return fmt.Errorf("querying %s: %w", r.Set.Name, ctx.Err())
	}
	m.mu.Lock()
	m.reads = append(m.reads, r)
	rows := m.selected(r)
	m.mu.Unlock()
	for _, row := range rows {
		out := make([]odata.Value, len(r.Fetch))
		for i, e := range r.Fetch {
			out[i] = m.eval(e, row)
		}
		if err := fn(out); err != nil {
			return err
		}
	}
	return nil
}

// Write enforces Guard as the Store contract says: 404 outside it, 403 when the result leaves it.
func (m *memStore) Write(ctx context.Context, w *odata.Write) ([]odata.Value, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.writes = append(m.writes, w)
	guard := &odata.Read{Filter: w.Guard}
	outside := odata.Errorf(http.StatusForbidden, "RowFilter", "the row would be outside your row filter")
	if w.Kind == odata.WriteCreate {
		row := make([]odata.Value, len(m.set.Properties))
		for i, p := range m.set.Properties {
			row[i] = odata.Value{Type: p.Type, Null: true}
		}
		m.nextID++
		row[0] = odata.IntValue(schema.EdmInt64, m.nextID)
		m.assign(row, w.Values)
		if !m.match(guard, row) {
			return nil, outside
		}
		m.rows = append(m.rows, row)
		return []odata.Value{row[0]}, nil
	}
	for i, row := range m.rows {
		if row[0].Int != w.Key[0].Int {
			continue
		}
		if !m.match(guard, row) {
			break
		}
		if w.Kind == odata.WriteDelete {
			m.rows = slices.Delete(m.rows, i, i+1)
			return w.Key, nil
		}
		updated := slices.Clone(row)
		m.assign(updated, w.Values)
		if !m.match(guard, updated) {
			return nil, outside
		}
		m.rows[i] = updated
		return w.Key, nil
	}
	return nil, odata.NotFound("no %s with this key", m.set.Name)
}

func (m *memStore) assign(row []odata.Value, vals []odata.Assignment) {
	for _, a := range vals {
		row[slices.Index(m.set.Properties, a.Prop)] = a.Value
	}
}

func truthy(v odata.Value) bool { return !v.Null && v.Type == schema.EdmBoolean && v.Bool }

func (m *memStore) eval(e odata.Expr, row []odata.Value) odata.Value {
	switch e := e.(type) {
	case *odata.Literal:
		return e.Value
	case *odata.PropertyRef:
		return row[slices.Index(m.set.Properties, e.Prop)]
	case *odata.Unary:
		v := m.eval(e.X, row)
		if e.Op == odata.OpNot && !v.Null {
			return odata.BoolValue(!v.Bool)
		}
		return v
	case *odata.Call:
		a, b := m.eval(e.Args[0], row), m.eval(e.Args[1], row)
		if a.Null || b.Null {
			return odata.Value{Type: schema.EdmBoolean, Null: true}
		}
		switch e.Name {
		case "contains":
			return odata.BoolValue(strings.Contains(a.Text, b.Text))
		case "startswith":
			return odata.BoolValue(strings.HasPrefix(a.Text, b.Text))
		}
	case *odata.Binary:
		l, r := m.eval(e.Left, row), m.eval(e.Right, row)
		switch e.Op {
		case odata.OpAnd:
			return odata.BoolValue(truthy(l) && truthy(r))
		case odata.OpOr:
			return odata.BoolValue(truthy(l) || truthy(r))
		}
		if l.Null || r.Null {
			return odata.BoolValue(e.Op == odata.OpEq && l.Null && r.Null || e.Op == odata.OpNe && l.Null != r.Null)
		}
		c := compareValues(l, r)
		switch e.Op {
		case odata.OpEq:
			return odata.BoolValue(c == 0)
		case odata.OpNe:
			return odata.BoolValue(c != 0)
		case odata.OpGt:
			return odata.BoolValue(c > 0)
		case odata.OpGe:
			return odata.BoolValue(c >= 0)
		case odata.OpLt:
			return odata.BoolValue(c < 0)
		case odata.OpLe:
			return odata.BoolValue(c <= 0)
		}
	case *odata.In:
		x := m.eval(e.X, row)
		for _, it := range e.List {
			if v := m.eval(it, row); !v.Null && !x.Null && compareValues(x, v) == 0 {
				return odata.BoolValue(true)
			}
		}
		return odata.BoolValue(false)
	}
	panic("memStore cannot evaluate " + exprText(e))
}

func compareValues(a, b odata.Value) int {
	switch {
	case a.Null && b.Null:
		return 0
	case a.Null:
		return -1
	case b.Null:
		return 1
	case a.Type.IsIntegral():
		return cmp.Compare(a.Int, b.Int)
	case a.Type == schema.EdmBoolean:
		return cmp.Compare(boolInt(a.Bool), boolInt(b.Bool))
	}
	return strings.Compare(a.Text, b.Text)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (m *memStore) compareOrder(order []odata.OrderItem, a, b []odata.Value) int {
	for _, it := range order {
		c := compareValues(m.eval(it.Expr, a), m.eval(it.Expr, b))
		if it.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func (m *memStore) compareToAfter(order []odata.OrderItem, row, after []odata.Value) int {
	for i, it := range order {
		c := compareValues(m.eval(it.Expr, row), after[i])
		if it.Desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

func (m *memStore) search(s odata.SearchExpr, row []odata.Value) bool {
	switch s := s.(type) {
	case *odata.SearchPhrase:
		for _, p := range m.set.Search {
			v := row[slices.Index(m.set.Properties, p)]
			if !v.Null && strings.Contains(strings.ToLower(v.Text), strings.ToLower(s.Text)) {
				return true
			}
		}
		return false
	case *odata.SearchAnd:
		return m.search(s.Left, row) && m.search(s.Right, row)
	case *odata.SearchOr:
		return m.search(s.Left, row) || m.search(s.Right, row)
	case *odata.SearchNot:
		return !m.search(s.X, row)
	}
	return false
}
