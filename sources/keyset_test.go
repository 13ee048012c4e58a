package sources_test

import (
	"context"
	"slices"
	"testing"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// TestKeysetWalk walks whole tables page by page the way the server does (PlanPage, then
// After = the order values of the last delivered row) and checks that every row arrives
// exactly once, in the order the Go reference sorts them: NULL lowest, directions mixed,
// nullable keys, expression keys, filters.
func TestKeysetWalk(t *testing.T) {
	db, es, rows := openItems(t)
	store := sources.NewStore(db, sqlite.Dialect{})
	cases := []struct{ orderby, filter string }{
		{"ID", ""},
		{"ID desc", ""},
		{"Name", ""},
		{"Name desc", ""},
		{"Qty desc,Name", ""},
		{"Active,Born desc,Price", ""},
		{"Active desc,Score,Note desc", ""},
		{"tolower(Name) desc", ""},
		{"Updated desc,Ref", ""},
		{"Created desc", ""},
		{"At,Code desc", "Qty ne 0"},
		{"length(Note),Name desc", "contains(Note,'n')"},
		{"Ref desc,Qty,Born", ""},
		{"contains(Name,'c') desc,Qty gt 0,Name", ""},
		{"Active desc,year(Updated),Score desc", "Rank ge -3"},
	}
	for _, c := range cases {
		order, err := odata.ParseOrderBy(es, c.orderby, odata.DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", c.orderby, err)
		}
		var filter odata.Expr
		if c.filter != "" {
			if filter, err = odata.ParseFilter(es, c.filter, odata.DefaultLimits); err != nil {
				t.Fatal(err)
			}
		}
		for _, size := range []int{1, 4, 7} {
			got := walk(t, store, es, &odata.Query{OrderBy: order, Filter: filter, Top: -1}, size)
			want := referenceOrder(es, rows, order, filter)
			if len(want) < 10 {
				t.Fatalf("%s: only %d rows; the walk proves little", c.orderby, len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("$orderby=%s $filter=%s, pages of %d:\n  walk %v\n  want %v", c.orderby, c.filter, size, got, want)
			}
		}
	}
}

// walk reads every page until one comes back without a probe row.
func walk(t *testing.T, store *sources.Store, es *schema.EntitySet, q *odata.Query, size int) []int64 {
	t.Helper()
	var ids []int64
	var after []odata.Value
	for pages := 0; ; pages++ {
		if pages > 1000 {
			t.Fatal("walk does not end")
		}
		page := odata.PlanPage(es, q, size, after)
		n := 0
		var last []odata.Value
		err := store.Rows(context.Background(), page.Read, func(row []odata.Value) error {
			if n == page.Size {
				n++ // the probe row: more pages follow
				return nil
			}
			n++
			ids = append(ids, row[page.Out[0]].Int)
			last = page.OrderValues(row)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if n <= page.Size {
			return ids
		}
		after = last
	}
}

// isNoCase reports the column declared COLLATE NOCASE in itemsDDL: ORDER BY sorts it in the
// column's collation (ASCII case folded), and so must keyset paging.
func isNoCase(e odata.Expr) bool {
	ref, ok := e.(*odata.PropertyRef)
	return ok && ref.Prop.Column == "name"
}

// referenceOrder filters and sorts the rows in Go: NULL lowest, then the key.
func referenceOrder(es *schema.EntitySet, rows []map[*schema.Property]odata.Value, order []odata.OrderItem, filter odata.Expr) []int64 {
	var sel []map[*schema.Property]odata.Value
	for _, r := range rows {
		if filter == nil {
			sel = append(sel, r)
		} else if v := eval(filter, r); !v.Null && v.Bool {
			sel = append(sel, r)
		}
	}
	key := es.Key[0]
	slices.SortStableFunc(sel, func(a, b map[*schema.Property]odata.Value) int {
		for _, it := range order {
			x, y := eval(it.Expr, a), eval(it.Expr, b)
			c := 0
			switch {
			case x.Null && y.Null:
			case x.Null:
				c = -1
			case y.Null:
				c = 1
			case isNoCase(it.Expr):
				c = compareValues(odata.StringValue(asciiCase(x.Text, false)), odata.StringValue(asciiCase(y.Text, false)))
			default:
				c = compareValues(x, y)
			}
			if it.Desc {
				c = -c
			}
			if c != 0 {
				return c
			}
		}
		return compareValues(a[key], b[key])
	})
	ids := make([]int64, len(sel))
	for i, r := range sel {
		ids[i] = r[key].Int
	}
	return ids
}
