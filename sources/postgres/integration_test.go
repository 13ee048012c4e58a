package postgres

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/internal/enginetest"
)

const envURL = "SFCONNECT_TEST_POSTGRES_URL"

func openTest(t *testing.T) *sqlx.DB {
	return enginetest.Open(t, envURL, Engine{}, sources.PoolOptions{MaxOpenConns: 4, StatementTimeoutMS: 10000})
}

func introspect(t *testing.T, db *sqlx.DB, opt sources.IntrospectOptions) []sources.Table {
	t.Helper()
	tables, err := Engine{}.Introspect(context.Background(), db, opt)
	if err != nil {
		t.Fatalf("introspecting: %v", err)
	}
	return tables
}

func table(t *testing.T, tables []sources.Table, schemaName, name string) *sources.Table {
	t.Helper()
	for i := range tables {
		if tables[i].Schema == schemaName && tables[i].Name == name {
			return &tables[i]
		}
	}
	t.Fatalf("table %q.%q not introspected", schemaName, name)
	return nil
}

// want is the expected mapping of one fixture column (testdata/sql/postgres/01_types.sql).
type want struct {
	col                  string
	typ                  schema.EdmType
	maxLen, prec, scale  int
	nullable, hasWarning bool
}

// typeTable is the PostgreSQL type-mapping table as served; notes/engines.md documents it.
var typeTable = []want{
	{"id", schema.EdmInt32, 0, 0, 0, false, false},
	{"c_bool", schema.EdmBoolean, 0, 0, 0, true, false},
	{"c_int2", schema.EdmInt16, 0, 0, 0, true, false},
	{"c_int4", schema.EdmInt32, 0, 0, 0, true, false},
	{"c_int8", schema.EdmInt64, 0, 0, 0, true, false},
	{"c_numeric", schema.EdmDecimal, 0, 14, 2, true, false},
	{"c_numeric_free", schema.EdmDecimal, 0, 0, 0, true, false},
	{"c_money", schema.EdmInvalid, 0, 0, 0, true, true},
	{"c_real", schema.EdmSingle, 0, 0, 0, true, false},
	{"c_double", schema.EdmDouble, 0, 0, 0, true, false},
	{"c_varchar", schema.EdmString, 40, 0, 0, true, false},
	{"c_char", schema.EdmString, 3, 0, 0, true, false},
	{"c_text", schema.EdmString, 0, 0, 0, true, false},
	{"c_uuid", schema.EdmGuid, 0, 0, 0, true, false},
	{"c_json", schema.EdmString, 0, 0, 0, true, true},
	{"c_jsonb", schema.EdmString, 0, 0, 0, true, true},
	{"c_xml", schema.EdmString, 0, 0, 0, true, true},
	{"c_bytea", schema.EdmBinary, 0, 0, 0, true, false},
	{"c_date", schema.EdmDate, 0, 0, 0, true, false},
	{"c_time", schema.EdmTimeOfDay, 0, 6, 0, true, false},
	{"c_time3", schema.EdmTimeOfDay, 0, 3, 0, true, false},
	{"c_timetz", schema.EdmInvalid, 0, 0, 0, true, true},
	{"c_timestamp", schema.EdmDateTimeOffset, 0, 6, 0, true, false},
	{"c_timestamptz", schema.EdmDateTimeOffset, 0, 6, 0, true, false},
	{"c_timestamptz0", schema.EdmDateTimeOffset, 0, 0, 0, true, false},
	{"c_interval", schema.EdmInvalid, 0, 0, 0, true, true},
	{"c_inet", schema.EdmString, 43, 0, 0, true, true},
	{"c_cidr", schema.EdmString, 43, 0, 0, true, true},
	{"c_macaddr", schema.EdmString, 17, 0, 0, true, true},
	{"c_bit", schema.EdmString, 1, 0, 0, true, true},
	{"c_varbit", schema.EdmString, 8, 0, 0, true, true},
	{"c_int_array", schema.EdmInvalid, 0, 0, 0, true, true},
	{"c_text_array", schema.EdmInvalid, 0, 0, 0, true, true},
	{"c_enum", schema.EdmString, len("indifferent"), 0, 0, true, true},
	{"c_domain", schema.EdmString, 12, 0, 0, false, false},
	{"c_point", schema.EdmInvalid, 0, 0, 0, true, true},
	{"c_tsvector", schema.EdmInvalid, 0, 0, 0, true, true},
	{"c_int4range", schema.EdmInvalid, 0, 0, 0, true, true},
}

func TestIntrospectTypes(t *testing.T) {
	db := openTest(t)
	tbl := table(t, introspect(t, db, sources.IntrospectOptions{Tables: []string{"t_types"}}), "", "t_types")
	if tbl.Comment != "One column of every type" || tbl.View || !slices.Equal(tbl.PrimaryKey, []string{"id"}) {
		t.Errorf("table: comment %q view %v key %v", tbl.Comment, tbl.View, tbl.PrimaryKey)
	}
	if len(tbl.Columns) != len(typeTable) {
		t.Errorf("%d columns, want %d", len(tbl.Columns), len(typeTable))
	}
	for i, w := range typeTable {
		if i >= len(tbl.Columns) {
			break
		}
		c := tbl.Columns[i]
		got := want{c.Name, c.Type, c.MaxLength, c.Precision, c.Scale, c.Nullable, c.Warning != ""}
		if got != w {
			t.Errorf("%s (%s): got %+v, want %+v (warning %q)", w.col, c.DBType, got, w, c.Warning)
		}
	}
	if c := tbl.Columns[10]; c.DBType != "character varying(40)" || c.Comment != "A short text" {
		t.Errorf("c_varchar: DBType %q comment %q", c.DBType, c.Comment)
	}
}

func TestIntrospectGenerated(t *testing.T) {
	db := openTest(t)
	tbl := table(t, introspect(t, db, sources.IntrospectOptions{Tables: []string{"t_generated"}}), "", "t_generated")
	type flags struct{ generated, readOnly, hasDefault, nullable bool }
	wantFlags := map[string]flags{
		"id_always":  {true, true, true, false},
		"id_default": {true, false, true, false},
		"id_serial":  {true, false, true, false},
		"price":      {false, false, true, false},
		"qty":        {false, false, false, false},
		"total":      {true, true, true, true},
		"created_at": {false, false, true, false},
		"note":       {false, false, false, true},
	}
	for _, c := range tbl.Columns {
		if got := (flags{c.Generated, c.ReadOnly, c.HasDefault, c.Nullable}); got != wantFlags[c.Name] {
			t.Errorf("%s: got %+v, want %+v", c.Name, got, wantFlags[c.Name])
		}
		if c.Name == "note" && c.Comment != "Free text" {
			t.Errorf("note comment %q", c.Comment)
		}
	}
	if tbl.Comment != "Rows with database-filled columns" {
		t.Errorf("table comment %q", tbl.Comment)
	}
}

func TestIntrospectKeysViewsSchemas(t *testing.T) {
	db := openTest(t)
	tables := introspect(t, db, sources.IntrospectOptions{})
	keys := table(t, tables, "", "t_keys")
	if !slices.Equal(keys.PrimaryKey, []string{"region", "no"}) {
		t.Errorf("t_keys primary key %v", keys.PrimaryKey)
	}
	if want := [][]string{{"code"}, {"email", "region"}}; !slices.EqualFunc(keys.Unique, want, slices.Equal) {
		t.Errorf("t_keys unique %v, want %v (expression and partial indexes left out)", keys.Unique, want)
	}
	if v := table(t, tables, "", "t_types_view"); !v.View || len(v.PrimaryKey) != 0 || len(v.Columns) != 3 {
		t.Errorf("view: %+v", v)
	}
	if nk := table(t, tables, "", "t_nokey"); nk.View || len(nk.PrimaryKey) != 0 {
		t.Errorf("t_nokey: %+v", nk)
	}
	for _, tb := range tables {
		if tb.Schema != "" {
			t.Errorf("default introspection read %s.%s from another schema", tb.Schema, tb.Name)
		}
	}

	both := introspect(t, db, sources.IntrospectOptions{Schemas: []string{"public", "t_sales"}, Tables: []string{"t_keys", "t_sales.t_orders"}})
	if len(both) != 2 {
		t.Fatalf("filtered introspection found %d tables, want t_keys and t_sales.t_orders", len(both))
	}
	orders := table(t, both, "t_sales", "t_orders")
	if !slices.Equal(orders.PrimaryKey, []string{"order_id"}) || orders.Columns[1].Type != schema.EdmDecimal {
		t.Errorf("t_sales.t_orders: %+v", orders)
	}
	table(t, both, "", "t_keys")
}

func TestSessionSettings(t *testing.T) {
	db := enginetest.Open(t, envURL, Engine{}, sources.PoolOptions{MaxOpenConns: 1, StatementTimeoutMS: 300})
	var timeout, zone string
	if err := db.QueryRow("SELECT current_setting('statement_timeout'), current_setting('TimeZone')").Scan(&timeout, &zone); err != nil {
		t.Fatal(err)
	}
	if timeout != "300ms" || zone != "UTC" {
		t.Errorf("statement_timeout %q TimeZone %q, want 300ms and UTC from the connection string", timeout, zone)
	}
	start := time.Now()
	_, err := db.Exec("SELECT pg_sleep(5)")
	var pe *pq.Error
	if !errors.As(err, &pe) || pe.Code != "57014" {
		t.Fatalf("pg_sleep(5) with a 300 ms timeout: %v, want query_canceled (57014)", err)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("cancelled after %s", took)
	}
}

func TestClientErrors(t *testing.T) {
	enginetest.ClientErrors(t, openTest(t), Engine{})
}

func TestRoundTrip(t *testing.T) {
	enginetest.RoundTrip(t, openTest(t), Engine{}, "at_utc")
}
