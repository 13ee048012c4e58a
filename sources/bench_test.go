package sources_test

import (
	"context"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// BenchmarkSelectSQL translates typical Salesforce reads: a list view page with $select,
// $orderby and a keyset continuation, a related list, and the search-as-filter shape.
func BenchmarkSelectSQL(b *testing.B) {
	es := itemsSet()
	shapes := []struct{ name, filter, orderby string }{
		{"listview", "", "Created desc"},
		{"related", "Code eq '001xx000003DGb2AAG'", ""},
		{"search", "contains(Name,'Acme') eq true or contains(Note,'Acme') eq true", ""},
	}
	for _, s := range shapes {
		q := &odata.Query{Top: -1}
		if s.filter != "" {
			q.Filter, _ = odata.ParseFilter(es, s.filter, odata.DefaultLimits)
		}
		if s.orderby != "" {
			q.OrderBy, _ = odata.ParseOrderBy(es, s.orderby, odata.DefaultLimits)
		}
		q.Select = []*schema.Property{prop(es, "Name"), prop(es, "Code"), prop(es, "Qty"), prop(es, "Created")}
		page := odata.PlanPage(es, q, 25, nil)
		if s.orderby != "" {
			page.Read.After = []odata.Value{odata.TimeValue(schema.EdmDateTimeOffset, time.Now()), odata.IntValue(schema.EdmInt64, 9)}
		}
		d := sqlite.Dialect{}
		b.Run(s.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, _, err := sources.SelectSQL(d, page.Read); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkRows scans rows of every column type from an in-memory SQLite table through
// Store.Rows (driver + conversion to typed values), reporting rows per second.
func BenchmarkRows(b *testing.B) {
	db, es, _ := openItems(b)
	ctx := context.Background()
	// Grow the table to 20,000 rows by copying the fixture rows.
	for {
		var n int
		if err := db.QueryRowContext(ctx, "SELECT count(*) FROM items").Scan(&n); err != nil {
			b.Fatal(err)
		}
		if n >= 20000 {
			break
		}
		if _, err := db.ExecContext(ctx, `INSERT INTO items (name, code, qty, rank, price, score, active, born, created, updated, ref, at, note)
			SELECT name, code, qty, rank, price, score, active, born, created, updated, ref, at, note FROM items`); err != nil {
			b.Fatal(err)
		}
	}
	store := sources.NewStore(db, sqlite.Dialect{})
	unprepared := sources.NewStore(db, sqlite.Dialect{})
	unprepared.SetStatementCache(0)
	for _, c := range []struct {
		name  string
		store *sources.Store
		limit int
	}{{"page26", store, 26}, {"page26_unprepared", unprepared, 26}, {"page2000", store, 2000}} {
		r := readOf(es)
		r.Limit = c.limit
		store := c.store
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			rows := 0
			for b.Loop() {
				err := store.Rows(ctx, r, func([]odata.Value) error { rows++; return nil })
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
		})
	}
}
