package mysql

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/internal/enginetest"
)

const envURL = "SFCONNECT_TEST_MYSQL_URL"

func openTest(t *testing.T) *sqlx.DB {
	return enginetest.Open(t, envURL, Engine{}, sources.PoolOptions{MaxOpenConns: 4, StatementTimeoutMS: 10000})
}

func serverIsMariaDB(t *testing.T, db *sqlx.DB) bool {
	var v string
	if err := db.QueryRow("SELECT VERSION()").Scan(&v); err != nil {
		t.Fatal(err)
	}
	return strings.Contains(strings.ToLower(v), "mariadb")
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

// want is the expected mapping of one fixture column (testdata/sql/mysql/01_types.sql).
type want struct {
	col                  string
	typ                  schema.EdmType
	maxLen, prec, scale  int
	nullable, hasWarning bool
}

// typeTable is the MySQL/MariaDB type-mapping table as served; notes/engines.md documents it.
// mariaOnly columns exist only on MariaDB; json differs (MariaDB's JSON is LONGTEXT).
func typeTable(mariadb bool) []want {
	w := []want{
		{"id", schema.EdmInt32, 0, 0, 0, false, false},
		{"c_bool", schema.EdmBoolean, 0, 0, 0, true, false},
		{"c_tinyint", schema.EdmSByte, 0, 0, 0, true, false},
		{"c_utinyint", schema.EdmByte, 0, 0, 0, true, false},
		{"c_smallint", schema.EdmInt16, 0, 0, 0, true, false},
		{"c_usmallint", schema.EdmInt32, 0, 0, 0, true, false},
		{"c_mediumint", schema.EdmInt32, 0, 0, 0, true, false},
		{"c_int", schema.EdmInt32, 0, 0, 0, true, false},
		{"c_uint", schema.EdmInt64, 0, 0, 0, true, false},
		{"c_bigint", schema.EdmInt64, 0, 0, 0, true, false},
		{"c_ubigint", schema.EdmDecimal, 0, 20, 0, true, false},
		{"c_decimal", schema.EdmDecimal, 0, 14, 2, true, false},
		{"c_float", schema.EdmSingle, 0, 0, 0, true, false},
		{"c_double", schema.EdmDouble, 0, 0, 0, true, false},
		{"c_bit1", schema.EdmBoolean, 0, 0, 0, true, false},
		{"c_bit8", schema.EdmInvalid, 0, 0, 0, true, true},
		{"c_year", schema.EdmInt16, 0, 0, 0, true, false},
		{"c_char", schema.EdmString, 3, 0, 0, true, false},
		{"c_varchar", schema.EdmString, 40, 0, 0, true, false},
		{"c_tinytext", schema.EdmString, 255, 0, 0, true, false},
		{"c_text", schema.EdmString, 65535, 0, 0, true, false},
		{"c_longtext", schema.EdmString, 4294967295, 0, 0, true, false},
		{"c_enum", schema.EdmString, len("indifferent"), 0, 0, true, false},
		{"c_set", schema.EdmString, len("a,b,c"), 0, 0, true, false},
	}
	if mariadb {
		w = append(w, want{"c_json", schema.EdmString, 4294967295, 0, 0, true, false},
			want{"c_uuid", schema.EdmGuid, 0, 0, 0, true, false},
			want{"c_inet6", schema.EdmString, 39, 0, 0, true, false})
	} else {
		w = append(w, want{"c_json", schema.EdmString, 0, 0, 0, true, true})
	}
	return append(w,
		want{"c_binary", schema.EdmBinary, 4, 0, 0, true, false},
		want{"c_varbinary", schema.EdmBinary, 16, 0, 0, true, false},
		want{"c_blob", schema.EdmBinary, 65535, 0, 0, true, false},
		want{"c_date", schema.EdmDate, 0, 0, 0, true, false},
		want{"c_time", schema.EdmTimeOfDay, 0, 0, 0, true, true},
		want{"c_time3", schema.EdmTimeOfDay, 0, 3, 0, true, true},
		want{"c_datetime", schema.EdmDateTimeOffset, 0, 0, 0, true, false},
		want{"c_datetime6", schema.EdmDateTimeOffset, 0, 6, 0, true, false},
		want{"c_timestamp", schema.EdmDateTimeOffset, 0, 0, 0, true, false},
		want{"c_geometry", schema.EdmInvalid, 0, 0, 0, true, true},
	)
}

func TestIntrospectTypes(t *testing.T) {
	db := openTest(t)
	wantCols := typeTable(serverIsMariaDB(t, db))
	tbl := table(t, introspect(t, db, sources.IntrospectOptions{Tables: []string{"t_types"}}), "", "t_types")
	if tbl.Comment != "One column of every type" || tbl.View || !slices.Equal(tbl.PrimaryKey, []string{"id"}) {
		t.Errorf("table: comment %q view %v key %v", tbl.Comment, tbl.View, tbl.PrimaryKey)
	}
	if len(tbl.Columns) != len(wantCols) {
		t.Errorf("%d columns, want %d", len(tbl.Columns), len(wantCols))
	}
	for i, w := range wantCols {
		if i >= len(tbl.Columns) {
			break
		}
		c := tbl.Columns[i]
		got := want{c.Name, c.Type, c.MaxLength, c.Precision, c.Scale, c.Nullable, c.Warning != ""}
		if got != w {
			t.Errorf("%s (%s): got %+v, want %+v (warning %q)", w.col, c.DBType, got, w, c.Warning)
		}
	}
	if c := tbl.Columns[18]; c.DBType != "varchar(40)" || c.Comment != "A short text" {
		t.Errorf("c_varchar: DBType %q comment %q", c.DBType, c.Comment)
	}
}

func TestIntrospectGenerated(t *testing.T) {
	db := openTest(t)
	tbl := table(t, introspect(t, db, sources.IntrospectOptions{Tables: []string{"t_generated"}}), "", "t_generated")
	type flags struct{ generated, readOnly, hasDefault, nullable bool }
	wantFlags := map[string]flags{
		"id":         {true, false, true, false},
		"price":      {false, false, true, false},
		"qty":        {false, false, false, false},
		"total":      {true, true, true, true},
		"total_v":    {true, true, true, true},
		"created_at": {false, false, true, false},
		"note":       {false, false, false, true},
	}
	for _, c := range tbl.Columns {
		if got := (flags{c.Generated, c.ReadOnly, c.HasDefault, c.Nullable}); got != wantFlags[c.Name] {
			t.Errorf("%s: got %+v, want %+v", c.Name, got, wantFlags[c.Name])
		}
	}
	id := tbl.Columns[0]
	if id.Type != schema.EdmInt64 || id.Warning == "" {
		t.Errorf("BIGINT UNSIGNED AUTO_INCREMENT id: %s, warning %q; want Int64 with a warning", id.Type, id.Warning)
	}
	if tbl.Columns[6].Comment != "Free text" || tbl.Comment != "Rows with database-filled columns" {
		t.Errorf("comments: %q, %q", tbl.Columns[6].Comment, tbl.Comment)
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
		t.Errorf("t_keys unique %v, want %v (prefix index left out)", keys.Unique, want)
	}
	if v := table(t, tables, "", "t_types_view"); !v.View || len(v.PrimaryKey) != 0 || len(v.Columns) != 3 {
		t.Errorf("view: %+v", v)
	}
	if nk := table(t, tables, "", "t_nokey"); nk.View || len(nk.PrimaryKey) != 0 {
		t.Errorf("t_nokey: %+v", nk)
	}
	both := introspect(t, db, sources.IntrospectOptions{Schemas: []string{"sfconnect_test", "sfconnect_test_sales"},
		Tables: []string{"t_keys", "sfconnect_test_sales.t_orders"}})
	if len(both) != 2 {
		t.Fatalf("filtered introspection found %d tables, want t_keys and sfconnect_test_sales.t_orders", len(both))
	}
	orders := table(t, both, "sfconnect_test_sales", "t_orders")
	if !slices.Equal(orders.PrimaryKey, []string{"order_id"}) || orders.Columns[1].Type != schema.EdmDecimal {
		t.Errorf("sfconnect_test_sales.t_orders: %+v", orders)
	}
	table(t, both, "", "t_keys")
}

func TestSessionSettings(t *testing.T) {
	db := enginetest.Open(t, envURL, Engine{}, sources.PoolOptions{MaxOpenConns: 1, StatementTimeoutMS: 300})
	mariadb := serverIsMariaDB(t, db)
	variable := "@@max_execution_time"
	wantTimeout := 300.0
	if mariadb {
		variable, wantTimeout = "@@max_statement_time", 0.3
	}
	var timeout float64
	var zone string
	if err := db.QueryRow("SELECT "+variable+", @@time_zone").Scan(&timeout, &zone); err != nil {
		t.Fatal(err)
	}
	if timeout != wantTimeout || zone != "+00:00" {
		t.Errorf("%s = %v, time_zone %q; want %v and +00:00 from the DSN", variable, timeout, zone, wantTimeout)
	}
	start := time.Now()
	var slept int
	err := db.QueryRow("SELECT SLEEP(5)").Scan(&slept)
	// MariaDB fails the statement; MySQL interrupts SLEEP and returns 1.
	if err == nil && slept != 1 {
		t.Fatalf("SLEEP(5) with a 300 ms timeout returned %d without error", slept)
	}
	if err != nil {
		if oe := (Dialect{}).ClientError(err); oe == nil || oe.Status != 504 {
			t.Errorf("%v maps to %v, want a 504 for the client", err, oe)
		}
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("SLEEP(5) ran %s despite the 300 ms timeout", took)
	}
}

func TestClientErrors(t *testing.T) {
	enginetest.ClientErrors(t, openTest(t), Engine{})
}

func TestRoundTrip(t *testing.T) {
	enginetest.RoundTrip(t, openTest(t), Engine{}, "at_ts")
}

// TestTypesServed reads the fixture row of every served type through the scanner and checks
// filters that depend on the dialect: exact string equality under case-insensitive
// collations, BIT(1) as Boolean, unsigned and decimal values beyond a double's precision.
func TestTypesServed(t *testing.T) {
	db := openTest(t)
	mariadb := serverIsMariaDB(t, db)
	es := enginetest.Set(t, enginetest.Model(t, db, Engine{}, "t_types"), "t_types")
	wantJSON := map[string]string{
		"id": `1`, "c_bool": `true`, "c_tinyint": `-128`, "c_utinyint": `255`, "c_smallint": `-32768`,
		"c_usmallint": `65535`, "c_mediumint": `-8388608`, "c_int": `2147483647`, "c_uint": `4294967295`,
		"c_bigint": `9223372036854775807`, "c_ubigint": `18446744073709551615`, "c_decimal": `123456789012.34`,
		"c_float": `1.5`, "c_double": `2.25`, "c_bit1": `true`, "c_year": `2024`, "c_char": `"ab"`,
		"c_varchar": `"Grüße, 世界 🚀"`, "c_tinytext": `"tiny"`, "c_text": `"text"`, "c_longtext": `"long text"`,
		"c_enum": `"sad"`, "c_set": `"a,c"`, "c_json": `"{\"a\": 1}"`, "c_binary": `"AP8QAA=="`, "c_varbinary": `"AP8Q"`,
		"c_blob": `"yv4="`, "c_date": `"2024-02-29"`, "c_time": `"23:59:59"`, "c_time3": `"08:00:00.500"`,
		"c_datetime": `"2024-02-29T12:34:56Z"`, "c_datetime6": `"2024-02-29T12:34:56.789Z"`,
		"c_timestamp": `"2024-02-29T12:34:56Z"`,
	}
	if mariadb {
		wantJSON["c_uuid"], wantJSON["c_inet6"] = "null", "null"
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
	filters := map[string][]int64{
		"c_enum eq 'sad'": {1}, "c_enum eq 'SAD'": nil, "contains(c_set,'c')": {1},
		"c_ubigint eq 18446744073709551615": {1}, "c_ubigint eq 18446744073709551614": nil,
		"c_decimal eq 123456789012.34": {1}, "c_decimal eq 123456789012.33": nil,
		"c_bool": {1}, "c_bit1": {1}, "c_bit1 eq false": nil, "c_bit1 eq null": {2},
		"c_datetime6 eq 2024-02-29T14:34:56.789+02:00": {1}, "c_timestamp eq 2024-02-29T12:34:56Z": {1},
		"c_year eq 2024": {1}, "c_varchar eq 'Grüße, 世界 🚀'": {1}, "c_varchar eq 'grüße, 世界 🚀'": nil,
		"c_varchar eq 'Grusse, 世界 🚀'": nil, "c_varchar eq 'Grüße, 世界 🚀 '": nil, "length(c_varchar) eq 11": {1},
		"indexof(c_varchar,'世') eq 7": {1}, "c_utinyint eq 255": {1}, "c_time gt 12:00:00": {1},
		"c_char eq 'ab'": {1}, "startswith(c_varchar,'grü')": nil, "startswith(c_varchar,'Grü')": {1},
		"hour(c_datetime6) eq 12 and day(c_datetime6) eq 29": {1},
	}
	for f, want := range filters {
		got, err := enginetest.Filter(t, db, Engine{}, es, f)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s: %v %v, want %v", f, got, err, want)
		}
	}
}

func BenchmarkPointLookup(b *testing.B) {
	db := enginetest.Open(b, envURL, Engine{}, sources.PoolOptions{MaxOpenConns: 1})
	enginetest.BenchPointLookup(b, db, Engine{})
}

func TestEmptyInsert(t *testing.T) {
	enginetest.EmptyInsert(t, openTest(t), Engine{}, "CREATE TABLE %s (id INT AUTO_INCREMENT PRIMARY KEY, note TEXT)")
}
