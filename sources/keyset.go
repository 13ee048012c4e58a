package sources

import (
	"fmt"

	"github.com/sfconnect/sfconnect/odata"
)

// keyset writes the predicate selecting the rows strictly after the tuple after in the total
// order, NULL lowest (first ascending, last descending), in the expanded form
//
//	k0 >= ? AND (k0 > ? OR (k0 = ? AND k1 > ?) OR (k0 = ? AND k1 = ? AND k2 > ?))
//
// The leading bound repeats what the disjunction implies so that the planner can start an
// index range scan on the first order key; the disjunction is exact for any mix of directions
// and for NULL values. Row-value comparisons ((k0, k1) > (?, ?)) are not used: they are only
// right when every key has the same direction and none is nullable, and MySQL plans them
// poorly. Comparisons here use the column's own collation, never the exact string comparison
// of $filter, because they must agree with how ORDER BY sorts.
func (w *sqlWriter) keyset(order []odata.OrderItem, after []odata.Value) error {
	if len(after) != len(order) {
		return fmt.Errorf("translating keyset: %d values for %d order keys", len(after), len(order))
	}
	var terms []int
	for i, it := range order {
		if !(it.Desc && after[i].Null) { // nothing sorts after NULL descending
			terms = append(terms, i)
		}
	}
	if len(terms) == 0 {
		w.str(sqlFalse)
		return nil
	}
	lead := len(terms) > 1 || terms[0] > 0
	if lead && w.leadBound(order[0], after[0]) {
		w.str(" AND ")
	}
	if len(terms) > 1 {
		w.str("(")
	}
	for n, i := range terms {
		if n > 0 {
			w.str(" OR ")
		}
		if i > 0 {
			w.str("(")
		}
		for j := 0; j < i; j++ {
			if err := w.keyEqual(order[j].Expr, after[j]); err != nil {
				return err
			}
			w.str(" AND ")
		}
		if err := w.keyAfter(order[i], after[i]); err != nil {
			return err
		}
		if i > 0 {
			w.str(")")
		}
	}
	if len(terms) > 1 {
		w.str(")")
	}
	return w.err
}

// leadBound writes the bound on the first key implied by the keyset predicate, reporting
// false when there is none (ascending after NULL: every row qualifies).
func (w *sqlWriter) leadBound(it odata.OrderItem, v odata.Value) bool {
	switch {
	case !it.Desc && v.Null:
		return false
	case it.Desc && v.Null:
		w.isNull(it.Expr, true)
	case !it.Desc:
		w.keyCmp(it.Expr, " >= ", v)
	case mayBeNull(it.Expr):
		w.str("(")
		w.keyCmp(it.Expr, " <= ", v)
		w.str(" OR ")
		w.isNull(it.Expr, true)
		w.str(")")
	default:
		w.keyCmp(it.Expr, " <= ", v)
	}
	return true
}

func (w *sqlWriter) keyEqual(e odata.Expr, v odata.Value) error {
	if v.Null {
		w.isNull(e, true)
	} else {
		w.keyCmp(e, " = ", v)
	}
	return w.err
}

// keyAfter writes "strictly after v" for one key.
func (w *sqlWriter) keyAfter(it odata.OrderItem, v odata.Value) error {
	switch {
	case v.Null: // ascending: any value is after NULL
		w.isNull(it.Expr, false)
	case !it.Desc:
		w.keyCmp(it.Expr, " > ", v)
	case mayBeNull(it.Expr): // descending: smaller values, then the NULLs
		w.str("(")
		w.keyCmp(it.Expr, " < ", v)
		w.str(" OR ")
		w.isNull(it.Expr, true)
		w.str(")")
	default:
		w.keyCmp(it.Expr, " < ", v)
	}
	return w.err
}

func (w *sqlWriter) keyCmp(e odata.Expr, op string, v odata.Value) {
	if err := w.value(e); err != nil && w.err == nil {
		w.err = err
	}
	w.str(op)
	w.bind(v)
}
