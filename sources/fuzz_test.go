package sources_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// FuzzTranslate feeds filter texts through the real parser and the translator of every
// dialect. Properties: no panic; the SQL text does not depend on literal values (every literal
// is changed and the SQL must stay byte-identical, so no client text can ever be inside it);
// the placeholders match the arguments; and SQLite accepts the statement (prepares it).
// Run: go test ./sources -run '^$' -fuzz FuzzTranslate -fuzztime 30s
func FuzzTranslate(f *testing.F) {
	for _, s := range filterCases {
		f.Add(s)
	}
	for _, s := range execFilters {
		f.Add(s)
	}
	db, es, _ := openItems(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, text string) {
		e, err := odata.ParseFilter(es, text, odata.DefaultLimits)
		if err != nil {
			return
		}
		for _, d := range testDialects {
			r := readOf(es)
			r.Filter = e
			r.Limit, r.Skip = 26, 3
			q, args, err := sources.SelectSQL(d, r)
			if err != nil {
				if _, ok := odata.AsError(err); !ok {
					t.Fatalf("%s: %q: internal error %v", d.Name(), text, err)
				}
				continue
			}
			r.Filter = mutate(e)
			q2, args2, err := sources.SelectSQL(d, r)
			if err != nil {
				t.Fatalf("%s: %q: mutated literals fail: %v", d.Name(), text, err)
			}
			if q != q2 || len(args) != len(args2) {
				t.Fatalf("%s: %q: SQL depends on literal values:\n%s\n%s", d.Name(), text, q, q2)
			}
			if d.Name() == "sqlite" {
				if n := strings.Count(q, "?"); n != len(args) {
					t.Fatalf("%q: %d placeholders, %d args: %s", text, n, len(args), q)
				}
				stmt, err := db.PrepareContext(ctx, q)
				if err != nil {
					t.Fatalf("%q: SQLite rejects the translation: %v\n%s", text, err, q)
				}
				stmt.Close()
			}
		}
	})
}

// mutate returns a copy of e with every non-null literal changed to another value of its type
// (null and Boolean literals are kept: they choose the shape of the translation on purpose).
func mutate(e odata.Expr) odata.Expr {
	switch e := e.(type) {
	case *odata.Literal:
		v := e.Value
		if v.Null || v.Type == schema.EdmBoolean {
			return e
		}
		v.Text = "µ" + reverse(v.Text) + "'\"%"
		v.Int = v.Int*7 + 13
		v.Float = v.Float*3 + 0.5
		v.Time = v.Time.Add(49*time.Hour + time.Microsecond)
		return &odata.Literal{At: e.At, Value: v}
	case *odata.Unary:
		c := *e
		c.X = mutate(e.X)
		return &c
	case *odata.Binary:
		c := *e
		c.Left, c.Right = mutate(e.Left), mutate(e.Right)
		return &c
	case *odata.Call:
		c := *e
		c.Args = make([]odata.Expr, len(e.Args))
		for i, a := range e.Args {
			c.Args[i] = mutate(a)
		}
		return &c
	case *odata.In:
		c := *e
		c.X = mutate(e.X)
		c.List = make([]odata.Expr, len(e.List))
		for i, a := range e.List {
			c.List[i] = mutate(a)
		}
		return &c
	}
	return e
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// TestNoLiteralText is the fuzz property as a plain test over the golden table, so it runs on
// every go test.
func TestNoLiteralText(t *testing.T) {
	es := itemsSet()
	for _, text := range append(append([]string{}, filterCases...), execFilters...) {
		e, err := odata.ParseFilter(es, text, odata.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range testDialects {
			r := readOf(es)
			r.Filter = e
			q, _, err := sources.SelectSQL(d, r)
			if err != nil {
				t.Fatal(err)
			}
			r.Filter = mutate(e)
			if q2, _, _ := sources.SelectSQL(d, r); q2 != q {
				t.Errorf("%s %q: SQL depends on literal values", d.Name(), text)
			}
		}
	}
}
