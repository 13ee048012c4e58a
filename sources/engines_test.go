package sources_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/mysql"
	"github.com/sfconnect/sfconnect/sources/postgres"
)

// serverEngines are the engines whose translator output runs against real servers (started by
// scripts/test.sh): the same filters, the same Go reference, the same rows as on SQLite.
var serverEngines = []struct {
	name, env string
	engine    sources.Engine
	// ddl creates the items table %s; string columns other than name compare and sort by code
	// point (so ORDER BY matches the Go reference), name keeps the engine's default collation
	// (case-insensitive on MySQL) to prove that eq stays exact.
	ddl string
}{
	{"postgres", "SFCONNECT_TEST_POSTGRES_URL", postgres.Engine{}, `CREATE TABLE %s (
		"id" bigint PRIMARY KEY, "name" text, "code" varchar(20) COLLATE "C" NOT NULL, "qty" integer,
		"rank" integer NOT NULL, "price" numeric(10,2), "score" double precision, "active" boolean, "born" date,
		"created" timestamptz NOT NULL, "updated" timestamptz, "ref" uuid, "at" time, "note" text COLLATE "C")`},
	{"mysql", "SFCONNECT_TEST_MYSQL_URL", mysql.Engine{}, "CREATE TABLE %s (" +
		"`id` BIGINT PRIMARY KEY, `name` VARCHAR(100), `code` VARCHAR(20) COLLATE utf8mb4_bin NOT NULL, `qty` INT, " +
		"`rank` INT NOT NULL, `price` DECIMAL(10,2), `score` DOUBLE, `active` BOOLEAN, `born` DATE, " +
		"`created` DATETIME(6) NOT NULL, `updated` DATETIME(6), `ref` CHAR(36), `at` TIME, `note` TEXT COLLATE utf8mb4_bin" +
		") CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"},
}

// openServerItems creates a uniquely named items table on the engine's server, fills it with
// itemRows through the dialect's Arg, and drops it when the test ends.
func openServerItems(t *testing.T, i int) (*sqlx.DB, sources.Dialect, *schema.EntitySet, []map[*schema.Property]odata.Value) {
	se := serverEngines[i]
	url := os.Getenv(se.env)
	if url == "" {
		t.Skipf("%s not set: run ./scripts/test.sh", se.env)
	}
	ctx := context.Background()
	db, err := se.engine.Open(ctx, url, sources.PoolOptions{MaxOpenConns: 4, StatementTimeoutMS: 30000})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	d := se.engine.Dialect()
	es := itemsSet()
	es.Table.Name = fmt.Sprintf("t_items_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6)
	if _, err := db.ExecContext(ctx, fmt.Sprintf(se.ddl, d.QuoteIdent(es.Table.Name))); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(ctx, "DROP TABLE "+d.QuoteIdent(es.Table.Name)); err != nil {
			t.Errorf("dropping %s: %v", es.Table.Name, err)
		}
	})
	rows := itemRows(es)
	cols := make([]string, len(es.Properties))
	marks := make([]string, len(es.Properties))
	for i, p := range es.Properties {
		cols[i], marks[i] = d.QuoteIdent(p.Column), d.Placeholder(i+1)
	}
	insert := "INSERT INTO " + d.QuoteIdent(es.Table.Name) + " (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
	for _, row := range rows {
		args := make([]any, len(es.Properties))
		for i, p := range es.Properties {
			args[i] = d.Arg(row[p])
		}
		if _, err := db.ExecContext(ctx, insert, args...); err != nil {
			t.Fatal(err)
		}
	}
	return db, d, es, rows
}

// TestServerFilters runs every execFilters filter on PostgreSQL and MySQL/MariaDB and compares
// the ids and the count with the Go reference.
func TestServerFilters(t *testing.T) {
	for i, se := range serverEngines {
		t.Run(se.name, func(t *testing.T) {
			db, d, es, rows := openServerItems(t, i)
			store := sources.NewStore(db, d)
			ctx := context.Background()
			for _, f := range execFilters {
				e, err := odata.ParseFilter(es, f, odata.DefaultLimits)
				if err != nil {
					t.Fatalf("parsing %q: %v", f, err)
				}
				r := readOf(es)
				r.Fetch, r.Filter = r.Fetch[:1], e
				var got []int64
				err = store.Rows(ctx, r, func(row []odata.Value) error { got = append(got, row[0].Int); return nil })
				if err != nil {
					q, args, _ := sources.SelectSQL(d, r)
					t.Errorf("%s: %v\n  %s %v", f, err, q, args)
					continue
				}
				var want []int64
				for _, row := range rows {
					if v := eval(e, row); !v.Null && v.Bool {
						want = append(want, row[es.Key[0]].Int)
					}
				}
				if !slices.Equal(got, want) {
					q, args, _ := sources.SelectSQL(d, r)
					t.Errorf("%s:\n  %s %v\n  go %v\n  %s %v", f, se.name, got, want, q, args)
				}
				if n, err := store.Count(ctx, r); err != nil || n != int64(len(want)) {
					t.Errorf("%s: count %d, %v; want %d", f, n, err, len(want))
				}
			}
		})
	}
}

// TestServerRoundTrip reads every row back: text byte for byte, decimals with their scale,
// instants equal (and served in UTC), dates, times and GUIDs as written.
func TestServerRoundTrip(t *testing.T) {
	for i, se := range serverEngines {
		t.Run(se.name, func(t *testing.T) {
			db, d, es, rows := openServerItems(t, i)
			n := 0
			err := sources.NewStore(db, d).Rows(context.Background(), readOf(es), func(got []odata.Value) error {
				for j, p := range es.Properties {
					want := rows[n][p]
					if !sameValue(got[j], want) {
						t.Errorf("row %d %s: got %+v, want %+v", n+1, p.Name, got[j], want)
					}
					if p.Type == schema.EdmDateTimeOffset && !got[j].Null && got[j].Time.Format("Z07:00") != "Z" {
						t.Errorf("row %d %s: served with offset %s, want UTC", n+1, p.Name, got[j].Time.Format("Z07:00"))
					}
				}
				n++
				return nil
			})
			if err != nil || n != len(rows) {
				t.Fatalf("read %d rows of %d: %v", n, len(rows), err)
			}
		})
	}
}

// TestServerKeysetWalk walks the table page by page on each server; every row must arrive
// once, in the reference order (NULL lowest on every engine). Orders on name follow the
// server's collation, which the Go reference does not model: there the unpaged read is the
// reference.
func TestServerKeysetWalk(t *testing.T) {
	cases := []struct {
		orderby, filter string
		collated        bool // ordered by name, in the server's (case-insensitive on MySQL) collation
	}{
		{"ID", "", false}, {"ID desc", "", false}, {"Code", "", false}, {"Code desc", "", false},
		{"Qty desc,Code", "", false}, {"Active,Born desc,Price", "", false}, {"Active desc,Score,Note desc", "", false},
		{"Updated desc,Ref", "", false}, {"Created desc", "", false}, {"At,Code desc", "Qty ne 0", false},
		{"length(Note),Code desc", "contains(Note,'n')", false}, {"Ref desc,Qty,Born", "", false},
		{"Name", "", true}, {"Name desc", "", true}, {"tolower(Name) desc,Code", "", true}, {"Name,Qty desc", "", true},
	}
	for i, se := range serverEngines {
		t.Run(se.name, func(t *testing.T) {
			db, d, es, rows := openServerItems(t, i)
			store := sources.NewStore(db, d)
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
				want := referenceOrder(es, rows, order, filter)
				if c.collated {
					// The server's collation decides the order: one unpaged read is the reference,
					// and the paged walk must deliver exactly it (no row lost or repeated).
					want = walk(t, store, es, &odata.Query{OrderBy: order, Filter: filter, Top: -1}, len(rows)+1)
					if len(want) != len(rows) {
						t.Fatalf("%s: unpaged read returned %d rows of %d", c.orderby, len(want), len(rows))
					}
				}
				for _, size := range []int{1, 7} {
					got := walk(t, store, es, &odata.Query{OrderBy: order, Filter: filter, Top: -1}, size)
					if !slices.Equal(got, want) {
						t.Errorf("%s: $orderby=%s $filter=%s, pages of %d:\n  walk %v\n  want %v", se.name, c.orderby, c.filter, size, got, want)
					}
				}
			}
		})
	}
}

// TestServerSearch checks $search phrases on each server against a case-insensitive (ASCII)
// reference over the searchable columns; terms are ASCII because MySQL's general_ci also
// ignores accents, which the reference does not.
func TestServerSearch(t *testing.T) {
	terms := []string{"acme", "CME", "o'neil", "%", "_", `\`, "!", "n", "zz", "corp", "xyz"}
	for i, se := range serverEngines {
		t.Run(se.name, func(t *testing.T) {
			db, d, es, rows := openServerItems(t, i)
			store := sources.NewStore(db, d)
			for _, term := range terms {
				for _, neg := range []bool{false, true} {
					r := readOf(es)
					r.Fetch = r.Fetch[:1]
					r.Search = &odata.SearchPhrase{Text: term}
					if neg {
						r.Search = &odata.SearchNot{X: r.Search}
					}
					var got []int64
					if err := store.Rows(context.Background(), r, func(row []odata.Value) error { got = append(got, row[0].Int); return nil }); err != nil {
						t.Fatalf("%s: %v", term, err)
					}
					var want []int64
					for _, row := range rows {
						hit := false
						for _, p := range es.Search {
							v := row[p]
							hit = hit || !v.Null && strings.Contains(asciiCase(v.Text, false), asciiCase(term, false))
						}
						if hit != neg {
							want = append(want, row[es.Key[0]].Int)
						}
					}
					if !slices.Equal(got, want) {
						q, args, _ := sources.SelectSQL(d, r)
						t.Errorf("$search=%s (not: %v):\n  %s %v\n  go %v\n  %s %v", term, neg, se.name, got, want, q, args)
					}
				}
			}
		})
	}
}
