package enginetest

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// roundTripValues are the awkward values of t_roundtrip: a decimal with more digits than a
// double holds, an instant with a non-UTC offset and microseconds, a leap day, text with
// every quoting hazard and 4-byte UTF-8, bytes that are not UTF-8.
func roundTripValues(t testing.TB, es *schema.EntitySet, instantCol string) []odata.Assignment {
	at := time.Date(2024, 2, 29, 23, 30, 15, 123456000, time.FixedZone("+05:30", 5*3600+1800))
	return []odata.Assignment{
		Assign(t, es, "amount", odata.Value{Text: "-12345678901234.123456"}),
		Assign(t, es, "at", odata.Value{Time: at}),
		Assign(t, es, instantCol, odata.Value{Time: at}),
		Assign(t, es, "day", odata.Value{Time: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)}),
		Assign(t, es, "label", Str(`Grüße 世界 🚀 'single' "double" back\slash %_ end`)),
		Assign(t, es, "data", Str("\x00\x01\xff\xfe'\\")),
		Assign(t, es, "ok", odata.Value{Bool: true}),
		Assign(t, es, "ratio", odata.Value{Float: 0.1}),
		Assign(t, es, "guid", Str("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11")),
	}
}

// RoundTrip writes the awkward values through Store.Write, finds the row again by comparing
// every column with the dialect's Arg values (so a decimal compared as a double, or an instant
// shifted by a time zone, finds nothing), checks that near misses find nothing, and reads the
// row back through Store.Rows.
func RoundTrip(t *testing.T, db *sqlx.DB, e sources.Engine, instantCol string) {
	ctx := context.Background()
	es := Set(t, Model(t, db, e, "t_roundtrip"), "t_roundtrip")
	store := sources.NewStore(db, e.Dialect())
	vals := roundTripValues(t, es, instantCol)
	key, err := store.Write(ctx, &odata.Write{Kind: odata.WriteCreate, Set: es, Values: vals})
	if err != nil {
		t.Fatalf("creating: %v", err)
	}
	if len(key) != 1 || key[0].Int <= 0 {
		t.Fatalf("created key %+v, want one generated id", key)
	}
	t.Cleanup(func() {
		if _, err := store.Write(ctx, &odata.Write{Kind: odata.WriteDelete, Set: es, Key: key}); err != nil {
			t.Errorf("deleting: %v", err)
		}
	})
	if n := countMatching(t, db, e.Dialect(), es, key[0], vals); n != 1 {
		t.Fatalf("%d rows match the written values compared through Arg, want 1", n)
	}
	for _, near := range nearMisses(vals) {
		if n := countMatching(t, db, e.Dialect(), es, key[0], near.vals); n != 0 {
			t.Errorf("a near miss of %s matches %d rows: values are not compared exactly", near.column, n)
		}
	}
	readBack(t, store, es, key, vals)
	conditionalUpdate(t, db, e, store, es, key)
}

// conditionalUpdate updates the row with If-Match (the version is read FOR UPDATE inside the
// transaction): a stale version is refused with 412, the current one succeeds.
func conditionalUpdate(t *testing.T, db *sqlx.DB, e sources.Engine, store *sources.Store, es *schema.EntitySet, key []odata.Value) {
	t.Helper()
	ctx := context.Background()
	es.ETag, _ = es.Property("at")
	current := ReadRow(t, db, e, es, key[0].Int)["at"]
	stale := current
	stale.Time = stale.Time.Add(time.Microsecond)
	update := func(ifMatch, label string) error {
		_, err := store.Write(ctx, &odata.Write{Kind: odata.WriteUpdate, Set: es, Key: key, IfMatch: ifMatch,
			Values: []odata.Assignment{Assign(t, es, "label", Str(label))}})
		return err
	}
	if oe, ok := odata.AsError(update(odata.ETag(stale), "stale")); !ok || oe.Status != http.StatusPreconditionFailed {
		t.Errorf("update with a stale If-Match: %v, want 412", oe)
	}
	if err := update(odata.ETag(current), "changed"); err != nil {
		t.Fatalf("update with the current If-Match: %v", err)
	}
	if got := ReadRow(t, db, e, es, key[0].Int)["label"]; got.Text != "changed" {
		t.Errorf("label after the update: %q", got.Text)
	}
}

type nearMiss struct {
	column string
	vals   []odata.Assignment
}

// nearMisses changes one value at a time by the smallest step a lossy comparison would hide.
// (Strings are compared by the dialect's exact-equality hook, tested with the translator: a
// plain = is case-insensitive under MySQL's default collations.)
func nearMisses(vals []odata.Assignment) []nearMiss {
	var out []nearMiss
	for i, a := range vals {
		v := a.Value
		switch a.Prop.Type {
		case schema.EdmDecimal:
			v.Text = strings.TrimSuffix(v.Text, "6") + "7"
		case schema.EdmDateTimeOffset:
			v.Time = v.Time.Add(time.Microsecond)
		case schema.EdmDate:
			v.Time = v.Time.AddDate(0, 0, 1)
		case schema.EdmBinary:
			v.Text += "\x00"
		default:
			continue
		}
		near := append([]odata.Assignment(nil), vals...)
		near[i].Value = v
		out = append(out, nearMiss{a.Prop.Column, near})
	}
	return out
}

func countMatching(t *testing.T, db *sqlx.DB, d sources.Dialect, es *schema.EntitySet, id odata.Value, vals []odata.Assignment) int {
	t.Helper()
	var b strings.Builder
	args := []any{d.Arg(id)}
	b.WriteString("SELECT COUNT(*) FROM " + d.QuoteIdent(es.Table.Name) + " WHERE " + d.QuoteIdent(es.Key[0].Column) + " = " + d.Placeholder(1))
	for _, a := range vals {
		args = append(args, d.Arg(a.Value))
		b.WriteString(" AND " + d.QuoteIdent(a.Prop.Column) + " = " + d.Placeholder(len(args)))
	}
	var n int
	if err := db.QueryRowContext(context.Background(), b.String(), args...).Scan(&n); err != nil {
		t.Fatalf("counting with %s: %v", b.String(), err)
	}
	return n
}

// readBack reads the row through Store.Rows and compares every value; instants must come back
// as the same instant, in UTC.
func readBack(t *testing.T, store *sources.Store, es *schema.EntitySet, key []odata.Value, vals []odata.Assignment) {
	t.Helper()
	r := &odata.Read{Set: es, Filter: &odata.Binary{Op: odata.OpEq, Left: &odata.PropertyRef{Prop: es.Key[0]}, Right: &odata.Literal{Value: key[0]}, T: schema.EdmBoolean},
		OrderBy: []odata.OrderItem{{Expr: &odata.PropertyRef{Prop: es.Key[0]}}}}
	for _, a := range vals {
		r.Fetch = append(r.Fetch, &odata.PropertyRef{Prop: a.Prop})
	}
	rows := 0
	err := store.Rows(context.Background(), r, func(row []odata.Value) error {
		rows++
		for i, a := range vals {
			checkValue(t, a.Prop.Column, row[i], a.Value)
		}
		return nil
	})
	if oe, ok := odata.AsError(err); ok && oe.Status == http.StatusNotImplemented {
		t.Skipf("reading back needs the SQL translator: %v", err)
	}
	if err != nil {
		t.Fatalf("reading back: %v", err)
	}
	if rows != 1 {
		t.Fatalf("read %d rows back, want 1", rows)
	}
}

func checkValue(t *testing.T, col string, got, want odata.Value) {
	t.Helper()
	switch want.Type {
	case schema.EdmDateTimeOffset:
		if !got.Time.Equal(want.Time) || got.Time.Location().String() != "UTC" && got.Time.Format("Z07:00") != "Z" {
			t.Errorf("%s: read %s, want the instant %s in UTC", col, got.Time.Format(time.RFC3339Nano), want.Time.UTC().Format(time.RFC3339Nano))
		}
	case schema.EdmDate:
		if got.Time.Format("2006-01-02") != want.Time.Format("2006-01-02") {
			t.Errorf("%s: read %s, want %s", col, got.Time, want.Time)
		}
	default:
		if got.Text != want.Text || got.Int != want.Int || got.Bool != want.Bool || got.Float != want.Float || got.Null != want.Null {
			t.Errorf("%s: read %+v, want %+v", col, got, want)
		}
	}
}
