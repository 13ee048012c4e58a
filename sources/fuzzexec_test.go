package sources_test

import (
	"context"
	"slices"
	"testing"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// FuzzExecFilter is differential: random filters run on SQLite and through the Go reference
// over the same rows must select the same rows. Filters the reference does not model (a
// function it lacks) are skipped.
// Run: go test ./sources -run '^$' -fuzz FuzzExecFilter -fuzztime 60s
func FuzzExecFilter(f *testing.F) {
	for _, s := range execFilters {
		f.Add(s)
	}
	db, es, rows := openItems(f)
	store := sources.NewStore(db, sqlite.Dialect{})
	f.Fuzz(func(t *testing.T, text string) {
		e, err := odata.ParseFilter(es, text, odata.DefaultLimits)
		if err != nil || !validText(e) {
			return
		}
		want, ok := referenceFilter(e, rows, es)
		if !ok {
			return
		}
		r := readOf(es)
		r.Fetch, r.Filter = r.Fetch[:1], e
		var got []int64
		if err := store.Rows(context.Background(), r, func(row []odata.Value) error { got = append(got, row[0].Int); return nil }); err != nil {
			if _, ok := odata.AsError(err); ok {
				return
			}
			t.Fatalf("%q: %v", text, err)
		}
		if !slices.Equal(got, want) {
			q, args, _ := sources.SelectSQL(sqlite.Dialect{}, r)
			t.Fatalf("%q:\n sqlite %v\n go     %v\n %s %v", text, got, want, q, args)
		}
	})
}

func referenceFilter(e odata.Expr, rows []map[*schema.Property]odata.Value, es *schema.EntitySet) (ids []int64, ok bool) {
	defer func() {
		if recover() != nil {
			ids, ok = nil, false
		}
	}()
	for _, row := range rows {
		if v := eval(e, row); !v.Null && v.Bool {
			ids = append(ids, row[es.Key[0]].Int)
		}
	}
	return ids, true
}

// validText reports whether every string literal of e is valid UTF-8: a lone byte such as
// %84 is not a string OData can mean, and SQLite matches characters where Go matches bytes.
func validText(e odata.Expr) bool {
	switch e := e.(type) {
	case *odata.Literal:
		return e.Value.Type != schema.EdmString || utf8.ValidString(e.Value.Text)
	case *odata.Unary:
		return validText(e.X)
	case *odata.Binary:
		return validText(e.Left) && validText(e.Right)
	case *odata.Call:
		for _, a := range e.Args {
			if !validText(a) {
				return false
			}
		}
	case *odata.In:
		for _, a := range append([]odata.Expr{e.X}, e.List...) {
			if !validText(a) {
				return false
			}
		}
	}
	return true
}
