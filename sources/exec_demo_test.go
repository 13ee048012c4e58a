package sources_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/demo"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// demoFilters are the filters Salesforce and people send, over the demo's real data: names with
// accents, quotes and case variants, nullable phones, money, dates and instants.
var demoFilters = map[string][]string{
	"Customers": {
		"country eq 'US'", "country eq 'us'", "country ne 'US' and is_active", "startswith(name,'O''') eq true",
		"contains(name,'Acme') eq true or contains(email,'Acme') eq true", "contains(tolower(name),'acme')",
		"contains(name,'ü')", "endswith(email,'.example.com') eq false", "phone eq null", "phone ne null and country eq 'DE'",
		"credit_limit ge 10000 and credit_limit lt 25000.5", "credit_limit eq 1500", "customer_id in (1,42,4999,5001)",
		"length(city) gt 8", "indexof(name,'-') eq 4", "substring(name,0,4) eq 'Jean'", "toupper(city) eq 'LYON'",
		"year(created_at) eq 2015 and month(created_at) le 3", "created_at lt 2016-01-01T00:00:00Z",
		"created_at ge 2019-06-01", "not (is_active) or credit_limit eq 0", "customer_id mod 97 eq 3",
		"trim(city) ne city", "concat(country,city) eq 'FRLyon'",
	},
	"Orders": {
		"customer_id eq 42", "status eq 'shipped' and total_amount gt 1000", "total_amount ge 12.5 and total_amount le 13",
		"order_date ge 2024-01-01 and order_date lt 2024-02-01", "updated_at gt 2024-06-01T00:00:00Z",
		"notes ne null", "contains(notes,'%')", "contains(notes,'_')", "order_number eq 'ORD-0000009'",
		"order_id eq 7L or substringof('ORD-0000009',order_number)", "day(order_date) eq 29 and month(order_date) eq 2",
		"currency in ('EUR','GBP') and total_amount mul 2 gt 5000", "round(total_amount) eq 13",
	},
}

// TestExecFiltersOnDemo runs filters over the embedded demo database and compares the rows
// SQLite returns with the rows the Go reference selects from the same data.
func TestExecFiltersOnDemo(t *testing.T) {
	ctx := context.Background()
	db, err := sqlite.Engine{}.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "demo.db"), sources.PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := demo.Create(ctx, db); err != nil {
		t.Fatal(err)
	}
	tables, err := sqlite.Engine{}.Introspect(ctx, db, sources.IntrospectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	model, _, err := sources.BuildModel(tables, config.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	store := sources.NewStore(db, sqlite.Dialect{})
	selective, total := 0, 0
	for setName, filters := range demoFilters {
		es, ok := model.EntitySet(setName)
		if !ok {
			t.Fatalf("the demo has no %s", setName)
		}
		rows := readAll(t, store, es)
		for _, f := range filters {
			e, err := odata.ParseFilter(es, f, odata.DefaultLimits)
			if err != nil {
				t.Errorf("%s: parsing %q: %v", setName, f, err)
				continue
			}
			r := readOf(es)
			r.Fetch, r.Filter = r.Fetch[:0], e
			r.Fetch = append(r.Fetch, &odata.PropertyRef{Prop: es.Key[0]})
			var got, want []int64
			if err := store.Rows(ctx, r, func(row []odata.Value) error { got = append(got, row[0].Int); return nil }); err != nil {
				t.Errorf("%s: %s: %v", setName, f, err)
				continue
			}
			for _, row := range rows {
				if v := eval(e, row); !v.Null && v.Bool {
					want = append(want, row[es.Key[0]].Int)
				}
			}
			if !slices.Equal(got, want) {
				t.Errorf("%s: %s: sqlite %d rows, go %d rows (first %v vs %v)", setName, f, len(got), len(want), head(got), head(want))
			}
			total++
			if len(want) > 0 && len(want) < len(rows) {
				selective++
			}
		}
	}
	// The table must discriminate: nearly every filter selects some rows but not all.
	if selective < total-2 {
		t.Errorf("only %d of %d filters select a proper subset of the demo", selective, total)
	}
}

// readAll reads every row of es in key order, as the reference evaluator's input.
func readAll(t *testing.T, store *sources.Store, es *schema.EntitySet) []map[*schema.Property]odata.Value {
	t.Helper()
	var rows []map[*schema.Property]odata.Value
	err := store.Rows(context.Background(), readOf(es), func(row []odata.Value) error {
		m := make(map[*schema.Property]odata.Value, len(row))
		for i, p := range es.Properties {
			m[p] = row[i]
		}
		rows = append(rows, m)
		return nil
	})
	if err != nil || len(rows) == 0 {
		t.Fatalf("reading %s: %d rows, %v", es.Name, len(rows), err)
	}
	return rows
}

func head(ids []int64) []int64 { return ids[:min(len(ids), 5)] }
