package sources_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// itemsDDL matches itemsSet; name is declared NOCASE to prove that eq stays exact.
const itemsDDL = `CREATE TABLE items (
	id INTEGER PRIMARY KEY, name TEXT COLLATE NOCASE, code VARCHAR(20) NOT NULL, qty INTEGER,
	rank INTEGER NOT NULL, price DECIMAL(10,2), score DOUBLE, active BOOLEAN, born DATE,
	created TIMESTAMPTZ NOT NULL, updated TIMESTAMPTZ, ref UUID, at TIME, note TEXT)`

var testNames = []string{"Acme", "acme", "ACME Corp", "O'Neil", "Zoë", "ÄBC", "日本語", "50%_off", "a_b", `back\slash`,
	"star*", "q?", "[x]", "", " padded ", "a ", "abc", "b", "Acme%", "m", "zz", "é"}

// itemRows builds deterministic rows with nulls in every nullable column, boundaries and
// every metacharacter in the text.
func itemRows(es *schema.EntitySet) []map[*schema.Property]odata.Value {
	var rows []map[*schema.Property]odata.Value
	base := time.Date(2024, 2, 28, 22, 59, 58, 0, time.UTC)
	for i := 0; i < 66; i++ {
		row := map[*schema.Property]odata.Value{}
		set := func(name string, v odata.Value, nullEvery int) {
			p := prop(es, name)
			if nullEvery > 0 && i%nullEvery == nullEvery-1 {
				v = odata.Value{Type: p.Type, Null: true}
			}
			v.Type = p.Type
			row[p] = v
		}
		set("ID", odata.IntValue(0, int64(i+1)), 0)
		set("Name", odata.StringValue(testNames[i%len(testNames)]), 7)
		set("Code", odata.StringValue(testNames[(i*5+3)%len(testNames)]), 0)
		set("Qty", odata.IntValue(0, int64(i%9-3)), 5)
		set("Rank", odata.IntValue(0, int64((i*7)%11-5)), 0)
		set("Price", odata.DecimalValue(fmt.Sprintf("%d.%02d", i%13, (i*37)%100)), 6)
		set("Score", odata.DoubleValue(float64(i%10)/4-0.75), 4)
		set("Active", odata.BoolValue(i%3 == 0), 5)
		set("Born", odata.TimeValue(0, time.Date(1999+i%4, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)), 8)
		set("Created", odata.TimeValue(0, base.Add(time.Duration(i)*97*time.Minute+time.Duration(i*123457)*time.Microsecond)), 0)
		set("Updated", odata.TimeValue(0, base.Add(-time.Duration(i)*13*time.Hour).In(time.FixedZone("", -5*3600))), 3)
		set("Ref", odata.Value{Text: fmt.Sprintf("0a1b2c3d-0000-4000-8000-%012x", i%5)}, 4)
		set("At", odata.Value{Text: fmt.Sprintf("%02d:%02d:00", (i*5)%24, (i*17)%60)}, 6)
		set("Note", odata.StringValue(strings.Repeat("n", i%4)+testNames[(i+11)%len(testNames)]), 2)
		rows = append(rows, row)
	}
	return rows
}

// openItems creates an in-memory SQLite database holding itemRows, inserted with the
// dialect's own argument conversion (the storage conventions).
func openItems(t testing.TB) (*sqlx.DB, *schema.EntitySet, []map[*schema.Property]odata.Value) {
	t.Helper()
	ctx := context.Background()
	db, err := sqlite.Engine{}.Open(ctx, "sqlite::memory:", sources.PoolOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.ExecContext(ctx, itemsDDL); err != nil {
		t.Fatal(err)
	}
	es := itemsSet()
	rows := itemRows(es)
	d := sqlite.Dialect{}
	cols := make([]string, len(es.Properties))
	marks := make([]string, len(es.Properties))
	for i, p := range es.Properties {
		cols[i], marks[i] = d.QuoteIdent(p.Column), "?"
	}
	insert := "INSERT INTO items (" + strings.Join(cols, ", ") + ") VALUES (" + strings.Join(marks, ", ") + ")"
	for _, row := range rows {
		args := make([]any, len(es.Properties))
		for i, p := range es.Properties {
			args[i] = d.Arg(row[p])
		}
		if _, err := db.ExecContext(ctx, insert, args...); err != nil {
			t.Fatal(err)
		}
	}
	return db, es, rows
}

// execFilters run on SQLite and through the Go reference; results must be the same rows.
var execFilters = []string{
	"Name eq 'Acme'", "Name eq 'acme'", "Name ne 'Acme'", "Name eq 'Zoë'", "Name eq 'O''Neil'", "Name eq ''",
	"Name eq 'a'", "Name eq 'a '", "Name gt 'b'", "Name lt 'Acme'", "Name eq null", "Name ne null",
	"not (Name eq 'Acme')", "Name eq Note", "Name ne Note", "not (Name ne Note)", "Name in ('Acme','b',null)",
	"not (Name in ('Acme','b'))", "Code in ('Acme','acme')",
	"not (Name in ('Acme',null))", "Qty in (null)", "not (Qty in (null,1))",
	"contains(Name,'%') eq true", "contains(Name,'_') eq true", "contains(Name,'\\') eq true",
	"contains(Name,'*') eq true", "contains(Name,'?') eq true", "contains(Name,'[') eq true",
	"contains(Name,'cme') eq true", "contains(Name,'CME') eq true", "contains(Name,'x') eq false",
	"contains(Name,'c') ne true", "not contains(Name,'c')", "startswith(Name,'A') eq true", "startswith(Name,'a') eq true",
	"startswith(Name,'') eq true", "endswith(Name,' ') eq true", "endswith(Name,'me') eq false",
	"contains(Note,Name)", "startswith(Note,Name) eq true", "endswith(Note,Name) eq false",
	"substringof('cme',Name)", "contains(tolower(Name),'acme')", "tolower(Name) eq 'acme'", "toupper(Code) eq 'ACME'",
	"length(Name) eq 3", "length(Name) gt 4", "indexof(Name,'m') eq 2", "indexof(Name,'語') eq 2",
	"substring(Name,1) eq 'cme'", "substring(Name,1,2) eq 'cm'", "substring(Name,0,1) eq 'Z'", "trim(Name) eq 'padded'",
	"concat(Name,Code) eq 'AcmeAcme'", "concat(Name,'!') eq 'b!'",
	"Qty gt 2", "Qty ge 2", "Qty lt 0", "Qty le -3", "Qty ne 0", "not (Qty gt 2)", "not (Qty le 0)",
	"Qty eq Rank", "Qty ne Rank", "Qty lt Rank", "not (Qty lt Rank)", "Qty in (1,2,3)", "not (Qty in (1,2))",
	"Qty add 1 eq Rank", "Qty sub Rank gt 0", "Rank mul 2 lt -4", "Rank div 2 eq 1", "Rank div 2 eq -1",
	"Rank mod 3 eq 1", "Rank mod 3 eq -1", "-Rank gt 3", "Rank divby 2 gt 1.2", "Qty div 0 eq 1",
	"Price gt 5", "Price ge 5.5", "Price eq 1.37", "Price lt 2.5M", "Price mul 2 gt 20", "round(Price) eq 3", "floor(Price) eq 3",
	"ceiling(Price) eq 4", "Price div 2 gt 3", "Price mod 2 gt 1",
	"Score gt 0.5", "Score le -0.25", "Score eq 0", "floor(Score) eq 1", "ceiling(Score) eq 0",
	"Active", "not Active", "Active eq true", "Active eq false", "Active ne true", "Active ne false", "Active eq null",
	"Born lt 2001-01-01", "Born ge 2000-06-01", "year(Born) eq 2000", "month(Born) eq 12", "day(Born) eq 1",
	"Created gt 2024-03-01T00:00:00Z", "Created lt 2024-03-01T02:00:00+02:00", "Created ge 2024-02-28T22:59:58Z",
	"year(Created) eq 2024", "month(Created) eq 3", "day(Created) eq 29", "hour(Created) eq 23", "minute(Created) ge 30",
	"second(Created) eq 58", "date(Created) eq 2024-02-29", "Created lt now()",
	"Updated lt 2024-01-01T00:00:00Z", "Updated eq null", "hour(Updated) eq 17", "date(Updated) eq 2024-02-25",
	"Ref eq 0a1b2c3d-0000-4000-8000-000000000002", "Ref ne 0A1B2C3D-0000-4000-8000-000000000002", "Ref eq null",
	"At gt 12:00:00", "At le 08:30:00", "At eq null",
	"(Qty gt 1 or Qty lt -1) and not (Name eq 'Acme' or Code eq 'b')",
	"not (Qty gt 1 and Name eq 'acme')", "not (Qty gt 1 or Name eq 'acme')",
	"(contains(Name,'c') and Active) eq false", "(contains(Name,'c') or Active) ne true",
	"not (contains(Name,'c') and Active)", "not (contains(Name,'c') or not Active)",
	"(Qty gt 1) eq Active", "Active ne (Qty gt 1)",
	"true", "false", "not false",
}

// TestExecFilters compares, for every filter, the ids SQLite returns with the ids the Go
// reference selects from the same rows.
func TestExecFilters(t *testing.T) {
	db, es, rows := openItems(t)
	store := sources.NewStore(db, sqlite.Dialect{})
	ctx := context.Background()
	nonEmpty := 0
	for _, f := range execFilters {
		e, err := odata.ParseFilter(es, f, odata.DefaultLimits)
		if err != nil {
			t.Errorf("parsing %q: %v", f, err)
			continue
		}
		r := readOf(es)
		r.Fetch, r.Filter = r.Fetch[:1], e
		var got []int64
		err = store.Rows(ctx, r, func(row []odata.Value) error { got = append(got, row[0].Int); return nil })
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		var want []int64
		for _, row := range rows {
			if v := eval(e, row); !v.Null && v.Bool {
				want = append(want, row[es.Key[0]].Int)
			}
		}
		if !slices.Equal(got, want) {
			q, args, _ := sources.SelectSQL(sqlite.Dialect{}, r)
			t.Errorf("%s:\n  sqlite %v\n  go     %v\n  %s %v", f, got, want, q, args)
		}
		n, err := store.Count(ctx, r)
		if err != nil || n != int64(len(want)) {
			t.Errorf("%s: count %d, %v; want %d", f, n, err, len(want))
		}
		if len(want) > 0 && len(want) < len(rows) {
			nonEmpty++
		}
	}
	// The table must discriminate: most filters select some rows but not all.
	if nonEmpty < len(execFilters)*2/3 {
		t.Errorf("only %d of %d filters select a proper subset; the data does not exercise them", nonEmpty, len(execFilters))
	}
}

// TestRoundTrip reads every stored row back through the scanner: values matched with eq come
// back identical (text byte for byte, decimals with their scale, instants equal).
func TestRoundTrip(t *testing.T) {
	db, es, rows := openItems(t)
	store := sources.NewStore(db, sqlite.Dialect{})
	i := 0
	err := store.Rows(context.Background(), readOf(es), func(got []odata.Value) error {
		for j, p := range es.Properties {
			want := rows[i][p]
			if !sameValue(got[j], want) {
				t.Errorf("row %d %s: got %+v, want %+v", i+1, p.Name, got[j], want)
			}
		}
		i++
		return nil
	})
	if err != nil || i != len(rows) {
		t.Fatalf("read %d rows of %d: %v", i, len(rows), err)
	}
}

func sameValue(a, b odata.Value) bool {
	if a.Null || b.Null {
		return a.Null == b.Null
	}
	switch a.Type {
	case schema.EdmDate, schema.EdmDateTimeOffset:
		return a.Time.Equal(b.Time)
	}
	return a == b
}

// TestFetchExpressions fetches computed expressions (values and Boolean predicates) and
// compares each cell with the Go reference.
func TestFetchExpressions(t *testing.T) {
	db, es, rows := openItems(t)
	store := sources.NewStore(db, sqlite.Dialect{})
	parse := func(s string) odata.Expr {
		e, err := odata.ParseFilter(es, s, odata.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	var exprs []odata.Expr
	for _, s := range []string{"contains(Name,'c')", "Qty gt 0", "not (Name eq 'b')", "Active"} {
		exprs = append(exprs, parse(s))
	}
	for _, s := range []string{"length(Name) eq 0", "Qty add Rank eq 0", "year(Created) eq 2024", "substring(Name,1) eq 'x'", "Rank mod 3 eq 0", "Price mul 2 eq 1"} {
		exprs = append(exprs, parse(s).(*odata.Binary).Left)
	}
	r := readOf(es)
	r.Fetch = append(r.Fetch[:1], exprs...)
	i := 0
	err := store.Rows(context.Background(), r, func(got []odata.Value) error {
		for j, e := range exprs {
			want, g := eval(e, rows[i]), got[j+1]
			if g.Null != want.Null || (!g.Null && compareValues(g, want) != 0) {
				t.Errorf("row %d, fetch %d: got %+v, want %+v", i+1, j, g, want)
			}
		}
		i++
		return nil
	})
	if err != nil || i != len(rows) {
		t.Fatalf("%d rows: %v", i, err)
	}
}
