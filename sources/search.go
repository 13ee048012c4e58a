package sources

import (
	"fmt"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// search writes $search (or its negation when neg is set): a phrase matches a row when any of
// the set's searchable columns contains it, ignoring case; a null column contains nothing.
// A set without searchable columns matches no phrase. AND, OR and NOT combine as in boolean
// logic (a row either matches a phrase or not; there is no null), pushed down by De Morgan so
// every phrase is a plain disjunction of pattern tests.
func (w *sqlWriter) search(set *schema.EntitySet, e odata.SearchExpr, neg bool) error {
	switch e := e.(type) {
	case *odata.SearchPhrase:
		w.phrase(set.Search, e.Text, neg)
		return nil
	case *odata.SearchNot:
		return w.search(set, e.X, !neg)
	case *odata.SearchAnd:
		return w.searchPair(set, e.Left, e.Right, neg, " AND ", " OR ")
	case *odata.SearchOr:
		return w.searchPair(set, e.Left, e.Right, neg, " OR ", " AND ")
	}
	return fmt.Errorf("translating $search: unknown node %T", e)
}

func (w *sqlWriter) searchPair(set *schema.EntitySet, l, r odata.SearchExpr, neg bool, join, negJoin string) error {
	if neg {
		join = negJoin
	}
	w.str("(")
	if err := w.search(set, l, neg); err != nil {
		return err
	}
	w.str(join)
	if err := w.search(set, r, neg); err != nil {
		return err
	}
	w.str(")")
	return nil
}

// phrase writes (c1 LIKE ? OR c2 LIKE ? ...), or when negated
// ((c1 IS NULL OR NOT (c1 LIKE ?)) AND ...), with the dialect's case-insensitive match.
func (w *sqlWriter) phrase(cols []*schema.Property, text string, neg bool) {
	if len(cols) == 0 {
		if neg {
			w.str(sqlTrue)
		} else {
			w.str(sqlFalse)
		}
		return
	}
	tmpl, pattern := w.d.Match(MatchContains, text, true)
	w.str("(")
	for i, p := range cols {
		switch {
		case i == 0:
		case neg:
			w.str(" AND ")
		default:
			w.str(" OR ")
		}
		ref := &odata.PropertyRef{Prop: p}
		test := func() {
			err := w.expand(tmpl, w.valueOf(ref), func() error { w.bind(odata.StringValue(pattern)); return nil })
			if err != nil && w.err == nil {
				w.err = err
			}
		}
		if !neg {
			test()
			continue
		}
		if p.Nullable {
			w.str("(")
			w.ident(p.Column)
			w.str(" IS NULL OR ")
		}
		w.str("NOT (")
		test()
		w.str(")")
		if p.Nullable {
			w.str(")")
		}
	}
	w.str(")")
}
