package sources

import (
	"fmt"
	"strconv"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// SelectSQL translates a planned read into one parameterised SELECT:
//
//	SELECT <fetch> FROM <table> [WHERE (<filter>) AND (<search>) AND (<keyset>)]
//	ORDER BY <total order> [LIMIT/OFFSET]
//
// Every literal, pattern, keyset value, limit and offset is a bind argument.
func SelectSQL(d Dialect, r *odata.Read) (string, []any, error) {
	if len(r.Fetch) == 0 {
		return "", nil, fmt.Errorf("translating a read of %s: nothing to fetch", r.Set.Name)
	}
	w := newSQLWriter(d)
	w.str("SELECT ")
	for i, e := range r.Fetch {
		w.comma(i)
		if err := w.value(e); err != nil {
			return "", nil, err
		}
	}
	w.str(" FROM ")
	w.table(r.Set.Table)
	if err := w.where(r, true); err != nil {
		return "", nil, err
	}
	if err := w.orderBy(r.OrderBy); err != nil {
		return "", nil, err
	}
	w.limitOffset(r.Limit, r.Skip)
	if w.err != nil {
		return "", nil, w.err
	}
	return w.String(), w.args, nil
}

// CountSQL translates the count of a read: the rows matching its filter and search, before
// keyset, skip and limit.
func CountSQL(d Dialect, r *odata.Read) (string, []any, error) {
	w := newSQLWriter(d)
	w.str("SELECT COUNT(*) FROM ")
	w.table(r.Set.Table)
	if err := w.where(r, false); err != nil {
		return "", nil, err
	}
	if w.err != nil {
		return "", nil, w.err
	}
	return w.String(), w.args, nil
}

// where writes the WHERE clause: filter, search and (when keyset is set) the keyset predicate,
// each parenthesised and ANDed.
func (w *sqlWriter) where(r *odata.Read, keyset bool) error {
	parts := 0
	next := func() {
		if parts == 0 {
			w.str(" WHERE (")
		} else {
			w.str(" AND (")
		}
		parts++
	}
	if r.Filter != nil {
		next()
		if err := w.cond(r.Filter, isTrue); err != nil {
			return err
		}
		w.str(")")
	}
	if r.Search != nil {
		next()
		if err := w.search(r.Set, r.Search, false); err != nil {
			return err
		}
		w.str(")")
	}
	if keyset && r.After != nil {
		next()
		if err := w.keyset(r.OrderBy, r.After); err != nil {
			return err
		}
		w.str(")")
	}
	return nil
}

// orderBy writes the total order. NULL sorts lowest on every engine; the dialect's clause for
// that is added only to keys that may be null, so a NOT NULL key matches a plain index.
func (w *sqlWriter) orderBy(order []odata.OrderItem) error {
	for i, it := range order {
		if i == 0 {
			w.str(" ORDER BY ")
		} else {
			w.str(", ")
		}
		if err := w.value(it.Expr); err != nil {
			return err
		}
		if it.Desc {
			w.str(" DESC")
		}
		if mayBeNull(it.Expr) {
			w.str(w.d.NullsLowest(it.Desc))
		}
	}
	return nil
}

func (w *sqlWriter) limitOffset(limit, skip int) {
	if limit <= 0 && skip <= 0 {
		return
	}
	tmpl := w.d.LimitOffset(limit > 0, skip > 0)
	// The limit is written as a number, the offset bound. With a bound LIMIT, PostgreSQL's
	// generic plan for a prepared statement assumes it returns a tenth of the table, costs far
	// more than the custom plan, and so is never chosen: every execution of a list view or a
	// keyset page was planned again (pg_prepared_statements: 0 generic, every one custom),
	// which made a nextLink page cost 1.8 times the first. The limit is the page size (+1) or
	// $top, an integer the server computed, never client text; a few distinct values exist.
	// The offset stays bound: $skip takes any value, and each would be a new statement.
	writeLimit := func() error { w.str(strconv.Itoa(limit)); return nil }
	bindSkip := func() error { w.bind(odata.IntValue(schema.EdmInt64, int64(skip))); return nil }
	if err := w.expand(tmpl, writeLimit, bindSkip); err != nil && w.err == nil {
		w.err = err
	}
}
