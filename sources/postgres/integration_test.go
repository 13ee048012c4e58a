package postgres

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/sfconnect/sfconnect/odata"
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
	if oe := (Dialect{}).ClientError(err); oe == nil || oe.Status != 504 {
		t.Errorf("a cancelled statement maps to %v, want a 504 for the client", oe)
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

// TestTypesServed reads the fixture row of every served type through the scanner and filters
// on the types served as text (enum, inet, json, bit), which need the dialect's casts.
func TestTypesServed(t *testing.T) {
	db := openTest(t)
	es := enginetest.Set(t, enginetest.Model(t, db, Engine{}, "t_types"), "t_types")
	wantJSON := map[string]string{
		"id": `1`, "c_bool": `true`, "c_int2": `-32768`, "c_int4": `2147483647`, "c_int8": `9223372036854775807`,
		"c_numeric": `123456789012.34`, "c_numeric_free": `0.000000000000000001`, "c_real": `1.5`, "c_double": `2.25`,
		"c_varchar": `"Grüße, 世界 🚀"`, "c_char": `"ab "`, "c_text": `"long text"`,
		"c_uuid": `"a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"`, "c_json": `"{\"a\": 1}"`, "c_jsonb": `"{\"b\": [1, 2]}"`,
		"c_xml": `"<x/>"`, "c_bytea": `"AP8Q"`, "c_date": `"2024-02-29"`, "c_time": `"23:59:59.123456"`,
		"c_time3": `"08:00:00.5"`, "c_timestamp": `"2024-02-29T12:34:56.789Z"`, "c_timestamptz": `"2024-02-29T10:34:56.789Z"`,
		"c_timestamptz0": `"2024-02-29T12:34:56Z"`, "c_inet": `"192.168.0.1"`, "c_cidr": `"10.0.0.0/8"`,
		"c_macaddr": `"08:00:2b:01:02:03"`, "c_bit": `"1"`, "c_varbit": `"1010"`, "c_enum": `"sad"`, "c_domain": `"CODE-1"`,
	}
	row := enginetest.ReadRow(t, db, Engine{}, es, 1)
	if len(row) != len(wantJSON) {
		t.Errorf("%d served columns, want %d", len(row), len(wantJSON))
	}
	for col, want := range wantJSON {
		if got := enginetest.JSON(row[col]); got != want {
			t.Errorf("%s: %s, want %s", col, got, want)
		}
	}
	for col, v := range enginetest.ReadRow(t, db, Engine{}, es, 2) {
		if !v.Null && col != "id" && col != "c_domain" {
			t.Errorf("row 2 %s: %s, want null", col, enginetest.JSON(v))
		}
	}
	filters := map[string][]int64{
		"contains(c_enum,'a')": {1}, "c_enum eq 'sad'": {1}, "c_enum gt 'happy'": {1}, "c_enum eq null": {2},
		"c_inet eq '192.168.0.1'": {1}, "startswith(c_inet,'192.')": {1}, "contains(c_json,'a')": {1},
		"c_uuid eq A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11": {1}, "c_numeric eq 123456789012.34": {1},
		"c_numeric eq 123456789012.35": nil, "c_timestamp eq 2024-02-29T14:34:56.789+02:00": {1},
		"c_timestamptz eq 2024-02-29T10:34:56.789Z": {1}, "c_time gt 12:00:00": {1}, "c_bool": {1},
		"c_bit eq '1'": {1}, "year(c_timestamptz) eq 2024 and hour(c_timestamptz) eq 10": {1},
		"length(c_varchar) eq 11": {1}, "contains(c_varchar,'世界')": {1}, "c_varchar eq 'grüße, 世界 🚀'": nil,
		"c_date eq 2024-02-29": {1}, "c_int8 eq 9223372036854775807": {1},
	}
	for f, want := range filters {
		got, err := enginetest.Filter(t, db, Engine{}, es, f)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %v %v, want %v", f, got, err, want)
		}
	}
	// Values the column's type rejects are the client's mistake, not a 500.
	for f, status := range map[string]int{"c_enum eq 'grumpy'": 400, "c_varchar eq 'nul\x00byte'": 400} {
		_, err := enginetest.Filter(t, db, Engine{}, es, f)
		if oe, ok := odata.AsError(err); !ok || oe.Status != status {
			t.Errorf("%s: %v, want a %d", f, err, status)
		}
	}
}

func BenchmarkPointLookup(b *testing.B) {
	db := enginetest.Open(b, envURL, Engine{}, sources.PoolOptions{MaxOpenConns: 1})
	enginetest.BenchPointLookup(b, db, Engine{})
}

func TestEmptyInsert(t *testing.T) {
	enginetest.EmptyInsert(t, openTest(t), Engine{}, "CREATE TABLE %s (id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY, note text)")
}
