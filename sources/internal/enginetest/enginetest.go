// Package enginetest holds the integration checks every SQL engine must pass against a real
// server, so sources/postgres and sources/mysql (and later engines) run the same assertions on
// the same fixture shapes (testdata/sql/<engine>/01_types.sql).
package enginetest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// Open connects to the server named by the environment variable env, or skips the test with
// the way to get one.
func Open(t testing.TB, env string, e sources.Engine, pool sources.PoolOptions) *sqlx.DB {
	t.Helper()
	url := os.Getenv(env)
	if url == "" {
		t.Skipf("%s not set: run ./scripts/test.sh (or export it to point at your own server)", env)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	db, err := e.Open(ctx, url, pool)
	if err != nil {
		t.Fatalf("opening %s: %v", sources.Redact(url), err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// Model introspects db and builds the served model for the given entities (all writable).
func Model(t testing.TB, db *sqlx.DB, e sources.Engine, tables ...string) *schema.Model {
	t.Helper()
	found, err := e.Introspect(context.Background(), db, sources.IntrospectOptions{})
	if err != nil {
		t.Fatalf("introspecting: %v", err)
	}
	yes := true
	cfg := config.Config{Namespace: "t"}
	for _, name := range tables {
		cfg.Entities = append(cfg.Entities, config.Entity{Table: name, Writable: &yes})
	}
	m, _, err := sources.BuildModel(found, cfg)
	if err != nil {
		t.Fatalf("building the model: %v", err)
	}
	return m
}

// Set finds an entity set by name or fails.
func Set(t testing.TB, m *schema.Model, name string) *schema.EntitySet {
	t.Helper()
	es, ok := m.EntitySet(name)
	if !ok {
		t.Fatalf("no entity set %s", name)
	}
	return es
}

// Assign builds an assignment of property name to v (typed as the property).
func Assign(t testing.TB, es *schema.EntitySet, name string, v odata.Value) odata.Assignment {
	t.Helper()
	p, ok := es.Property(name)
	if !ok {
		t.Fatalf("%s has no property %s", es.Name, name)
	}
	if !v.Null || v.Type == schema.EdmInvalid {
		v.Type = p.Type
	}
	return odata.Assignment{Prop: p, Value: v}
}

// Int is an integer value (typed by Assign).
func Int(n int64) odata.Value { return odata.Value{Int: n} }

// Str is a string value.
func Str(s string) odata.Value { return odata.Value{Text: s} }

// Null is a null value.
func Null() odata.Value { return odata.Value{Null: true} }

// ClientErrors provokes every constraint violation on t_parent/t_child through Store.Write and
// checks the status the client gets, and that no driver text reaches the message.
func ClientErrors(t *testing.T, db *sqlx.DB, e sources.Engine) {
	ctx := context.Background()
	m := Model(t, db, e, "t_parent", "t_child")
	child, parent := Set(t, m, "t_child"), Set(t, m, "t_parent")
	store := sources.NewStore(db, e.Dialect())
	cleanup := func() {
		if _, err := db.ExecContext(ctx, "DELETE FROM t_child"); err != nil {
			t.Fatalf("cleaning t_child: %v", err)
		}
	}
	cleanup()
	t.Cleanup(cleanup)
	create := func(vals ...odata.Assignment) error {
		_, err := store.Write(ctx, &odata.Write{Kind: odata.WriteCreate, Set: child, Values: vals})
		return err
	}
	if err := create(Assign(t, child, "id", Int(1)), Assign(t, child, "parent_id", Int(1)), Assign(t, child, "code", Str("A1"))); err != nil {
		t.Fatalf("valid insert failed: %v", err)
	}
	tests := []struct {
		name   string
		write  func() error
		status int
	}{
		{"duplicate key", func() error { return create(Assign(t, child, "id", Int(1)), Assign(t, child, "parent_id", Int(1))) }, http.StatusConflict},
		{"duplicate unique", func() error {
			return create(Assign(t, child, "id", Int(2)), Assign(t, child, "parent_id", Int(1)), Assign(t, child, "code", Str("A1")))
		}, http.StatusConflict},
		{"missing reference", func() error { return create(Assign(t, child, "id", Int(3)), Assign(t, child, "parent_id", Int(99))) }, http.StatusConflict},
		{"referenced row deleted", func() error {
			_, err := store.Write(ctx, &odata.Write{Kind: odata.WriteDelete, Set: parent, Key: []odata.Value{{Type: schema.EdmInt32, Int: 1}}})
			return err
		}, http.StatusConflict},
		{"null in not null", func() error { return create(Assign(t, child, "id", Int(4)), Assign(t, child, "parent_id", Null())) }, http.StatusBadRequest},
		{"too long", func() error {
			return create(Assign(t, child, "id", Int(5)), Assign(t, child, "parent_id", Int(1)), Assign(t, child, "code", Str("ABCDEF")))
		}, http.StatusBadRequest},
		{"check", func() error {
			return create(Assign(t, child, "id", Int(6)), Assign(t, child, "parent_id", Int(1)), Assign(t, child, "qty", Int(-1)))
		}, http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.write()
			oe, ok := odata.AsError(err)
			if !ok {
				t.Fatalf("got %v, want an *odata.Error with status %d", err, tt.status)
			}
			if oe.Status != tt.status {
				t.Errorf("status %d (%s), want %d", oe.Status, oe.Message, tt.status)
			}
			if oe.Err == nil {
				t.Error("the driver error is not kept in Err for the log")
			}
			for _, leak := range []string{"pq:", "Error 1", "violates", "t_child", "SQL", "INSERT", "constraint \""} {
				if strings.Contains(oe.Message, leak) {
					t.Errorf("message %q leaks driver or SQL text (%q)", oe.Message, leak)
				}
			}
		})
	}
}

// ReadRow reads the row of set whose key is id through Store.Rows, every property, and returns
// the values by column name.
func ReadRow(t *testing.T, db *sqlx.DB, e sources.Engine, es *schema.EntitySet, id int64) map[string]odata.Value {
	t.Helper()
	key := es.Key[0]
	r := &odata.Read{Set: es, Filter: &odata.Binary{Op: odata.OpEq, Left: &odata.PropertyRef{Prop: key},
		Right: &odata.Literal{Value: odata.Value{Type: key.Type, Int: id}}, T: schema.EdmBoolean}}
	for _, p := range es.Properties {
		r.Fetch = append(r.Fetch, &odata.PropertyRef{Prop: p})
	}
	got := map[string]odata.Value{}
	err := sources.NewStore(db, e.Dialect()).Rows(context.Background(), r, func(row []odata.Value) error {
		for i, p := range es.Properties {
			got[p.Column] = row[i]
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading %s(%d): %v", es.Name, id, err)
	}
	return got
}

// Filter returns the key values (as int64) of the rows of es matching the $filter text.
func Filter(t *testing.T, db *sqlx.DB, e sources.Engine, es *schema.EntitySet, filter string) ([]int64, error) {
	t.Helper()
	expr, err := odata.ParseFilter(es, filter, odata.DefaultLimits)
	if err != nil {
		t.Fatalf("parsing %s: %v", filter, err)
	}
	r := &odata.Read{Set: es, Filter: expr, Fetch: []odata.Expr{&odata.PropertyRef{Prop: es.Key[0]}},
		OrderBy: []odata.OrderItem{{Expr: &odata.PropertyRef{Prop: es.Key[0]}}}}
	var ids []int64
	err = sources.NewStore(db, e.Dialect()).Rows(context.Background(), r, func(row []odata.Value) error {
		ids = append(ids, row[0].Int)
		return nil
	})
	return ids, err
}

// JSON renders a value as the service would (IEEE754Compatible off), for compact comparisons.
func JSON(v odata.Value) string { return string(odata.AppendValue(nil, v, odata.JSONOptions{})) }

// BenchPointLookup measures one indexed lookup through Store.Rows (t_sales-free: the fixture's
// t_types row 1), the shape of Salesforce's detail page and related lists.
func BenchPointLookup(b *testing.B, db *sqlx.DB, e sources.Engine) {
	es := Set(b, Model(b, db, e, "t_types"), "t_types")
	key := es.Key[0]
	r := &odata.Read{Set: es, Filter: &odata.Binary{Op: odata.OpEq, Left: &odata.PropertyRef{Prop: key},
		Right: &odata.Literal{Value: odata.Value{Type: key.Type, Int: 1}}, T: schema.EdmBoolean}}
	for _, p := range es.Properties[:6] {
		r.Fetch = append(r.Fetch, &odata.PropertyRef{Prop: p})
	}
	for _, prepared := range []bool{true, false} {
		b.Run(map[bool]string{true: "prepared", false: "unprepared"}[prepared], func(b *testing.B) {
			store := sources.NewStore(db, e.Dialect())
			if !prepared {
				store.SetStatementCache(0)
			}
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				n := 0
				if err := store.Rows(ctx, r, func([]odata.Value) error { n++; return nil }); err != nil || n != 1 {
					b.Fatalf("%d rows, %v", n, err)
				}
			}
		})
	}
}

// EmptyInsert creates a row without any value (every column generated, defaulted or
// nullable) in a table made by ddl (a format with one %s for the quoted table name, columns
// id generated and note nullable), and checks the generated key comes back.
func EmptyInsert(t *testing.T, db *sqlx.DB, e sources.Engine, ddl string) {
	ctx := context.Background()
	d := e.Dialect()
	name := fmt.Sprintf("t_empty_%d", os.Getpid())
	if _, err := db.ExecContext(ctx, fmt.Sprintf(ddl, d.QuoteIdent(name))); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(ctx, "DROP TABLE "+d.QuoteIdent(name)); err != nil {
			t.Errorf("dropping %s: %v", name, err)
		}
	})
	es := Set(t, Model(t, db, e, name), name)
	store := sources.NewStore(db, d)
	for want := int64(1); want <= 2; want++ {
		key, err := store.Write(ctx, &odata.Write{Kind: odata.WriteCreate, Set: es})
		if err != nil {
			t.Fatalf("empty insert: %v", err)
		}
		if len(key) != 1 || key[0].Int != want {
			t.Errorf("empty insert %d returned key %+v", want, key)
		}
	}
}
