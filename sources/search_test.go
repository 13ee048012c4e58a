package sources_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// searchMatches is the Go reference of $search: a phrase matches when any searchable column
// contains it, ASCII case folded (as SQLite's LIKE folds); null columns contain nothing.
func searchMatches(es *schema.EntitySet, row map[*schema.Property]odata.Value, s odata.SearchExpr) bool {
	switch s := s.(type) {
	case *odata.SearchPhrase:
		for _, p := range es.Search {
			if v := row[p]; !v.Null && strings.Contains(asciiCase(v.Text, false), asciiCase(s.Text, false)) {
				return true
			}
		}
		return false
	case *odata.SearchNot:
		return !searchMatches(es, row, s.X)
	case *odata.SearchAnd:
		return searchMatches(es, row, s.Left) && searchMatches(es, row, s.Right)
	case *odata.SearchOr:
		return searchMatches(es, row, s.Left) || searchMatches(es, row, s.Right)
	}
	panic("search node")
}

func searchIDs(t testing.TB, store *sources.Store, es *schema.EntitySet, s odata.SearchExpr) []int64 {
	r := readOf(es)
	r.Fetch, r.Search = r.Fetch[:1], s
	var ids []int64
	if err := store.Rows(context.Background(), r, func(row []odata.Value) error { ids = append(ids, row[0].Int); return nil }); err != nil {
		t.Fatal(err)
	}
	return ids
}

func referenceSearch(es *schema.EntitySet, rows []map[*schema.Property]odata.Value, s odata.SearchExpr) []int64 {
	var ids []int64
	for _, row := range rows {
		if searchMatches(es, row, s) {
			ids = append(ids, row[es.Key[0]].Int)
		}
	}
	return ids
}

func TestExecSearch(t *testing.T) {
	db, es, rows := openItems(t)
	store := sources.NewStore(db, sqlite.Dialect{})
	p := func(s string) odata.SearchExpr { return &odata.SearchPhrase{Text: s} }
	cases := []odata.SearchExpr{
		p("acme"), p("ACME corp"), p("%"), p("_"), p(`\`), p("50%_off"), p("a_b"), p("*"), p("?"), p("[x]"),
		p("Zoë"), p("ZOË"), p("日本"), p("O'Neil"), p(" "), p("nn"), p("no such thing"),
		&odata.SearchNot{X: p("acme")},
		&odata.SearchAnd{Left: p("a"), Right: p("n")},
		&odata.SearchOr{Left: p("zz"), Right: &odata.SearchNot{X: p("n")}},
		&odata.SearchNot{X: &odata.SearchAnd{Left: p("a"), Right: &odata.SearchNot{X: p("b")}}},
	}
	for _, s := range cases {
		got, want := searchIDs(t, store, es, s), referenceSearch(es, rows, s)
		if !slices.Equal(got, want) {
			t.Errorf("%#v:\n  sqlite %v\n  go     %v", s, got, want)
		}
	}
	empty := *es
	empty.Search = nil
	if got := searchIDs(t, store, &empty, p("acme")); len(got) != 0 {
		t.Errorf("a set without searchable columns matched %v", got)
	}
	if got := searchIDs(t, store, &empty, &odata.SearchNot{X: p("acme")}); len(got) != len(rows) {
		t.Errorf("NOT on a set without searchable columns matched %d of %d", len(got), len(rows))
	}
}

// FuzzSearchPhrase checks LIKE escaping differentially: for any phrase, SQLite and the Go
// reference select the same rows.
// Run: go test ./sources -run '^$' -fuzz FuzzSearchPhrase -fuzztime 30s
func FuzzSearchPhrase(f *testing.F) {
	for _, s := range append(testNames, `\%`, `%\`, `\_`, "a%c", "A_B", "ACM", "[*]", "\x00", "a\x00") {
		f.Add(s)
	}
	db, es, rows := openItems(f)
	store := sources.NewStore(db, sqlite.Dialect{})
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		s := &odata.SearchPhrase{Text: text}
		if got, want := searchIDs(t, store, es, s), referenceSearch(es, rows, s); !slices.Equal(got, want) {
			t.Fatalf("%q: sqlite %v, go %v", text, got, want)
		}
	})
}

// FuzzMatchLiteral checks GLOB escaping of contains/startswith/endswith differentially against
// strings.Contains/HasPrefix/HasSuffix, case-sensitive, on the NOCASE column and a plain one.
// Run: go test ./sources -run '^$' -fuzz FuzzMatchLiteral -fuzztime 30s
func FuzzMatchLiteral(f *testing.F) {
	for _, s := range append(testNames, "*", "?", "[", "]", "[a-z]", "[!a]", "a*b", "cme", "CME", "\x00", "\x00b") {
		f.Add(s)
	}
	db, es, rows := openItems(f)
	store := sources.NewStore(db, sqlite.Dialect{})
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		for _, name := range []string{"contains", "startswith", "endswith"} {
			for _, col := range []string{"Name", "Note"} {
				e := &odata.Call{Name: name, T: schema.EdmBoolean,
					Args: []odata.Expr{ref(es, col), &odata.Literal{Value: odata.StringValue(text)}}}
				r := readOf(es)
				r.Fetch, r.Filter = r.Fetch[:1], e
				var got, want []int64
				if err := store.Rows(context.Background(), r, func(row []odata.Value) error { got = append(got, row[0].Int); return nil }); err != nil {
					t.Fatal(err)
				}
				for _, row := range rows {
					if v := eval(e, row); !v.Null && v.Bool {
						want = append(want, row[es.Key[0]].Int)
					}
				}
				if !slices.Equal(got, want) {
					t.Fatalf("%s(%s,%q): sqlite %v, go %v", name, col, text, got, want)
				}
			}
		}
	})
}

// FuzzSearchText runs $search texts through the real parser and compares SQLite's rows with
// the Go reference; the SQL must not change when every phrase does.
// Run: go test ./sources -run '^$' -fuzz FuzzSearchText -fuzztime 30s
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"acme", `"acme corp"`, "acme-x", "a AND n", "zz OR NOT n", `NOT ("a" "b")`, "50%_off", `"\\"`, "O'Neil"} {
		f.Add(s)
	}
	db, es, rows := openItems(f)
	store := sources.NewStore(db, sqlite.Dialect{})
	f.Fuzz(func(t *testing.T, text string) {
		s, err := odata.ParseSearch(text, odata.DefaultLimits)
		if err != nil || !utf8.ValidString(text) {
			return
		}
		if got, want := searchIDs(t, store, es, s), referenceSearch(es, rows, s); !slices.Equal(got, want) {
			t.Fatalf("%q: sqlite %v, go %v", text, got, want)
		}
		r := readOf(es)
		r.Search = s
		q1, _, _ := sources.SelectSQL(sqlite.Dialect{}, r)
		r.Search = mutateSearch(s)
		if q2, _, _ := sources.SelectSQL(sqlite.Dialect{}, r); q1 != q2 {
			t.Fatalf("%q: SQL depends on the phrase", text)
		}
	})
}

func mutateSearch(s odata.SearchExpr) odata.SearchExpr {
	switch s := s.(type) {
	case *odata.SearchPhrase:
		return &odata.SearchPhrase{Text: "µ%" + reverse(s.Text) + "'"}
	case *odata.SearchNot:
		return &odata.SearchNot{X: mutateSearch(s.X)}
	case *odata.SearchAnd:
		return &odata.SearchAnd{Left: mutateSearch(s.Left), Right: mutateSearch(s.Right)}
	case *odata.SearchOr:
		return &odata.SearchOr{Left: mutateSearch(s.Left), Right: mutateSearch(s.Right)}
	}
	return s
}

// TestMatchNUL: SQLite reads GLOB and LIKE patterns as C strings, so a NUL character in the
// text would cut the pattern short and match far too much; such texts are matched byte-wise.
func TestMatchNUL(t *testing.T) {
	db, es, _ := openItems(t)
	if _, err := db.Exec(`UPDATE items SET name = ? WHERE id = 1`, "ab\x00cd"); err != nil {
		t.Fatal(err)
	}
	store := sources.NewStore(db, sqlite.Dialect{})
	cases := []struct {
		name, text string
		want       []int64
	}{
		{"contains", "\x00", []int64{1}}, {"contains", "b\x00c", []int64{1}}, {"contains", "b\x00x", nil},
		{"startswith", "ab\x00", []int64{1}}, {"startswith", "b\x00", nil},
		{"endswith", "\x00cd", []int64{1}}, {"endswith", "\x00c", nil},
	}
	for _, c := range cases {
		e := &odata.Call{Name: c.name, T: schema.EdmBoolean, Args: []odata.Expr{ref(es, "Name"), &odata.Literal{Value: odata.StringValue(c.text)}}}
		r := readOf(es)
		r.Fetch, r.Filter = r.Fetch[:1], e
		var got []int64
		if err := store.Rows(context.Background(), r, func(row []odata.Value) error { got = append(got, row[0].Int); return nil }); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s(Name,%q) = %v, want %v", c.name, c.text, got, c.want)
		}
	}
	if got := searchIDs(t, store, es, &odata.SearchPhrase{Text: "B\x00C"}); !slices.Equal(got, []int64{1}) {
		t.Errorf("$search with NUL: %v", got)
	}
}
