package sqlite_test

import (
	"context"
	"errors"
	"net/http"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

const catalogue = `
CREATE TABLE customers (
	id INTEGER PRIMARY KEY,
	name VARCHAR(80) NOT NULL,
	email TEXT COLLATE NOCASE UNIQUE,
	country CHAR(2) DEFAULT 'DE',
	balance DECIMAL(14,2) NOT NULL DEFAULT 0,
	rating REAL,
	vip BOOLEAN NOT NULL DEFAULT 0,
	born DATE,
	created TIMESTAMPTZ NOT NULL,
	ref UUID,
	photo BLOB,
	small SMALLINT,
	opens TIME,
	odd MONEY,
	untyped,
	name_upper TEXT GENERATED ALWAYS AS (upper(name)) VIRTUAL,
	CHECK (balance >= -1000)
);
CREATE TABLE order_lines (
	order_id BIGINT NOT NULL REFERENCES orders(id),
	line INT NOT NULL,
	qty NUMERIC(10) NOT NULL,
	PRIMARY KEY (order_id, line)
);
CREATE TABLE orders (
	id INTEGER PRIMARY KEY,
	number VARCHAR(20) NOT NULL,
	customer_id INTEGER NOT NULL REFERENCES customers(id),
	UNIQUE (customer_id, number)
);
CREATE UNIQUE INDEX orders_number ON orders(number);
CREATE INDEX orders_customer ON orders(customer_id);
CREATE UNIQUE INDEX orders_partial ON orders(number) WHERE customer_id > 0;
CREATE TABLE notes (body TEXT);
CREATE TABLE codes (id INTEGER PRIMARY KEY, label TEXT) WITHOUT ROWID;
CREATE VIEW big_customers AS SELECT id, name FROM customers WHERE balance > 1000;
`

func open(t *testing.T, url string) *sqlx.DB {
	t.Helper()
	db, err := sqlite.Engine{}.Open(context.Background(), url, sources.PoolOptions{MaxOpenConns: 4})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openCatalogue(t *testing.T) *sqlx.DB {
	db := open(t, "sqlite:"+filepath.Join(t.TempDir(), "erp.db"))
	if _, err := db.Exec(catalogue); err != nil {
		t.Fatal(err)
	}
	return db
}

func find(tables []sources.Table, name string) *sources.Table {
	for i := range tables {
		if tables[i].Name == name {
			return &tables[i]
		}
	}
	return nil
}

func column(t *sources.Table, name string) sources.Column {
	for _, c := range t.Columns {
		if c.Name == name {
			return c
		}
	}
	return sources.Column{}
}

func TestIntrospect(t *testing.T) {
	db := openCatalogue(t)
	tables, err := sqlite.Engine{}.Introspect(context.Background(), db, sources.IntrospectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range tables {
		names = append(names, tb.Name)
	}
	if want := []string{"big_customers", "codes", "customers", "notes", "order_lines", "orders"}; !reflect.DeepEqual(names, want) {
		t.Fatalf("tables %v, want %v", names, want)
	}
	cust := find(tables, "customers")
	type col struct {
		typ                         schema.EdmType
		nullable                    bool
		maxLen, prec, scale         int
		generated, readOnly, hasDef bool
	}
	want := map[string]col{
		"id":         {typ: schema.EdmInt64, generated: true},
		"name":       {typ: schema.EdmString, maxLen: 80},
		"email":      {typ: schema.EdmString, nullable: true},
		"country":    {typ: schema.EdmString, nullable: true, maxLen: 2, hasDef: true},
		"balance":    {typ: schema.EdmDecimal, prec: 14, scale: 2, hasDef: true},
		"rating":     {typ: schema.EdmDouble, nullable: true},
		"vip":        {typ: schema.EdmBoolean, hasDef: true},
		"born":       {typ: schema.EdmDate, nullable: true},
		"created":    {typ: schema.EdmDateTimeOffset, prec: 6},
		"ref":        {typ: schema.EdmGuid, nullable: true},
		"photo":      {typ: schema.EdmBinary, nullable: true},
		"small":      {typ: schema.EdmInt16, nullable: true},
		"opens":      {typ: schema.EdmTimeOfDay, nullable: true},
		"odd":        {typ: schema.EdmDecimal, nullable: true},
		"untyped":    {typ: schema.EdmInvalid, nullable: true},
		"name_upper": {typ: schema.EdmString, nullable: true, generated: true, readOnly: true},
	}
	if len(cust.Columns) != len(want) {
		t.Errorf("customers has %d columns, want %d", len(cust.Columns), len(want))
	}
	for name, w := range want {
		c := column(cust, name)
		got := col{c.Type, c.Nullable, c.MaxLength, c.Precision, c.Scale, c.Generated, c.ReadOnly, c.HasDefault}
		if got != w {
			t.Errorf("customers.%s (%s): got %+v, want %+v", name, c.DBType, got, w)
		}
	}
	if c := column(cust, "odd"); !strings.Contains(c.Warning, "MONEY") {
		t.Errorf("odd: warning %q should name the unknown type", c.Warning)
	}
	if c := column(cust, "untyped"); c.Warning == "" {
		t.Error("untyped: no warning")
	}
	if !reflect.DeepEqual(cust.PrimaryKey, []string{"id"}) || !reflect.DeepEqual(cust.Unique, [][]string{{"email"}}) {
		t.Errorf("customers keys: pk %v unique %v", cust.PrimaryKey, cust.Unique)
	}
	lines := find(tables, "order_lines")
	if !reflect.DeepEqual(lines.PrimaryKey, []string{"order_id", "line"}) {
		t.Errorf("order_lines pk %v", lines.PrimaryKey)
	}
	if c := column(lines, "order_id"); c.Generated || c.Type != schema.EdmInt64 {
		t.Errorf("composite key column must not be generated: %+v", c)
	}
	if c := column(lines, "qty"); c.Type != schema.EdmDecimal || c.Precision != 10 || c.Scale != 0 {
		t.Errorf("qty: %+v", c)
	}
	orders := find(tables, "orders")
	if want := [][]string{{"number"}, {"customer_id", "number"}}; !sameSets(orders.Unique, want) {
		t.Errorf("orders unique %v, want %v (no partial, no plain index)", orders.Unique, want)
	}
	view := find(tables, "big_customers")
	if !view.View || len(view.PrimaryKey) != 0 || len(view.Columns) != 2 {
		t.Errorf("view: %+v", view)
	}
	if c := column(find(tables, "codes"), "id"); c.Generated {
		t.Error("INTEGER PRIMARY KEY of a WITHOUT ROWID table is not generated")
	}
	if notes := find(tables, "notes"); len(notes.PrimaryKey) != 0 {
		t.Errorf("notes has no primary key, got %v", notes.PrimaryKey)
	}
}

func sameSets(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for _, x := range b {
		found := false
		for _, y := range a {
			found = found || reflect.DeepEqual(x, y)
		}
		if !found {
			return false
		}
	}
	return true
}

func TestIntrospectFilter(t *testing.T) {
	db := openCatalogue(t)
	tables, err := sqlite.Engine{}.Introspect(context.Background(), db, sources.IntrospectOptions{Tables: []string{"orders", "main.notes"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) != 2 || tables[0].Name != "notes" || tables[1].Name != "orders" {
		t.Fatalf("got %+v", tables)
	}
}

// TestBuildModel checks that the introspected catalogue becomes the served model: tables with
// a primary key only, views and keyless tables skipped with warnings.
func TestBuildModel(t *testing.T) {
	db := openCatalogue(t)
	tables, err := sqlite.Engine{}.Introspect(context.Background(), db, sources.IntrospectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m, warnings, err := sources.BuildModel(tables, config.Config{Namespace: "erp"})
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, es := range m.EntitySets {
		sets = append(sets, es.Name)
	}
	if !reflect.DeepEqual(sets, []string{"codes", "customers", "order_lines", "orders"}) {
		t.Errorf("sets %v", sets)
	}
	if len(warnings) < 3 { // view, keyless table, untyped column
		t.Errorf("warnings %v", warnings)
	}
}

func TestOpen(t *testing.T) {
	ctx := context.Background()
	db := open(t, "sqlite:"+filepath.Join(t.TempDir(), "x.db"))
	var fk int
	var mode string
	if err := db.QueryRowContext(ctx, "PRAGMA foreign_keys").Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v", fk, err)
	}
	if err := db.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
	mem := open(t, "sqlite::memory:")
	if _, err := mem.Exec("CREATE TABLE t (x INTEGER)"); err != nil {
		t.Fatal(err)
	}
	// One connection holds the in-memory database: every query sees the table.
	for i := 0; i < 3; i++ {
		if _, err := mem.Exec("INSERT INTO t VALUES (1)"); err != nil {
			t.Fatal(err)
		}
	}
	for _, bad := range []string{"postgres://x", "sqlite:"} {
		if _, err := (sqlite.Engine{}).Open(ctx, bad, sources.PoolOptions{}); err == nil {
			t.Errorf("Open(%q) succeeded", bad)
		}
	}
}

// TestClientError runs real constraint violations through Store.Write and checks status and
// that no driver text reaches the message.
func TestClientError(t *testing.T) {
	db := openCatalogue(t)
	ctx := context.Background()
	eng := sqlite.Engine{}
	tables, err := eng.Introspect(ctx, db, sources.IntrospectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := sources.BuildModel(tables, config.Config{Namespace: "erp", Writable: true})
	if err != nil {
		t.Fatal(err)
	}
	store := sources.NewStore(db, eng.Dialect())
	cust, _ := m.EntitySet("customers")
	orders, _ := m.EntitySet("orders")
	p := func(es *schema.EntitySet, name string) *schema.Property { x, _ := es.Property(name); return x }
	a := func(es *schema.EntitySet, name string, v odata.Value) odata.Assignment {
		pr := p(es, name)
		v.Type = pr.Type
		return odata.Assignment{Prop: pr, Value: v}
	}
	created := odata.TimeValue(schema.EdmDateTimeOffset, mustTime("2024-01-01T00:00:00Z"))
	newCustomer := func(name, email string, balance string) *odata.Write {
		return &odata.Write{Kind: odata.WriteCreate, Set: cust, Values: []odata.Assignment{
			a(cust, "name", odata.StringValue(name)), a(cust, "email", odata.StringValue(email)),
			a(cust, "balance", odata.DecimalValue(balance)), a(cust, "created", created)}}
	}
	key, err := store.Write(ctx, newCustomer("Ada", "ada@example.com", "10.50"))
	if err != nil || len(key) != 1 || key[0].Int != 1 {
		t.Fatalf("create: key %v, %v", key, err)
	}
	cases := []struct {
		name   string
		w      *odata.Write
		status int
	}{
		{"unique", newCustomer("Bob", "ADA@example.com", "1"), http.StatusConflict}, // NOCASE unique column
		{"check", newCustomer("Cy", "cy@example.com", "-5000"), http.StatusBadRequest},
		{"foreign key", &odata.Write{Kind: odata.WriteCreate, Set: orders, Values: []odata.Assignment{
			a(orders, "number", odata.StringValue("A-1")), a(orders, "customer_id", odata.IntValue(0, 99))}}, http.StatusConflict},
		{"primary key", &odata.Write{Kind: odata.WriteCreate, Set: cust, Values: append(newCustomer("Dee", "dee@example.com", "1").Values,
			a(cust, "id", odata.IntValue(0, 1)))}, http.StatusConflict},
		{"not null", &odata.Write{Kind: odata.WriteUpdate, Set: cust, Key: key, Values: []odata.Assignment{
			a(cust, "name", odata.Value{Null: true})}}, http.StatusBadRequest},
	}
	for _, c := range cases {
		_, err := store.Write(ctx, c.w)
		oe, ok := odata.AsError(err)
		if !ok || oe.Status != c.status {
			t.Errorf("%s: got %v, want status %d", c.name, err, c.status)
			continue
		}
		if strings.Contains(strings.ToLower(oe.Message), "constraint") || strings.Contains(oe.Message, "customers") {
			t.Errorf("%s: message leaks driver text: %q", c.name, oe.Message)
		}
		if oe.Err == nil {
			t.Errorf("%s: the driver error is not kept for the log", c.name)
		}
	}
	// Deleting a referenced customer breaks the foreign key too.
	if _, err := store.Write(ctx, &odata.Write{Kind: odata.WriteCreate, Set: orders, Values: []odata.Assignment{
		a(orders, "number", odata.StringValue("A-2")), a(orders, "customer_id", odata.IntValue(0, 1))}}); err != nil {
		t.Fatal(err)
	}
	_, err = store.Write(ctx, &odata.Write{Kind: odata.WriteDelete, Set: cust, Key: key})
	if oe, ok := odata.AsError(err); !ok || oe.Status != http.StatusConflict {
		t.Errorf("delete referenced: %v", err)
	}
	if (sqlite.Dialect{}).ClientError(errors.New("disk I/O error")) != nil {
		t.Error("a non-constraint error must stay internal")
	}
}

// TestWriteGuard runs row-filter guards (the translator's predicate inside writes): a create
// outside the filter is 403, an update of a row outside it is 404.
func TestWriteGuard(t *testing.T) {
	db := openCatalogue(t)
	ctx := context.Background()
	tables, err := sqlite.Engine{}.Introspect(ctx, db, sources.IntrospectOptions{Tables: []string{"customers"}})
	if err != nil {
		t.Fatal(err)
	}
	m, _, err := sources.BuildModel(tables, config.Config{Namespace: "erp", Writable: true})
	if err != nil {
		t.Fatal(err)
	}
	cust, _ := m.EntitySet("customers")
	guard, err := odata.ParseFilter(cust, "country eq 'DE' and not (name eq 'x')", odata.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	store := sources.NewStore(db, sqlite.Dialect{})
	val := func(name string, v odata.Value) odata.Assignment {
		p, _ := cust.Property(name)
		v.Type = p.Type
		return odata.Assignment{Prop: p, Value: v}
	}
	create := func(country string) error {
		_, err := store.Write(ctx, &odata.Write{Kind: odata.WriteCreate, Set: cust, Guard: guard, Values: []odata.Assignment{
			val("name", odata.StringValue("Ada")), val("country", odata.StringValue(country)),
			val("created", odata.TimeValue(schema.EdmDateTimeOffset, mustTime("2024-01-01T00:00:00Z")))}})
		return err
	}
	if err := create("DE"); err != nil {
		t.Fatalf("create inside the filter: %v", err)
	}
	if oe, ok := odata.AsError(create("FR")); !ok || oe.Status != http.StatusForbidden {
		t.Errorf("create outside the filter: %v", create("FR"))
	}
	if _, err := db.Exec(`INSERT INTO customers (id, name, country, created) VALUES (50, 'Bo', 'FR', '2024-01-01T00:00:00.000000Z')`); err != nil {
		t.Fatal(err)
	}
	_, err = store.Write(ctx, &odata.Write{Kind: odata.WriteUpdate, Set: cust, Guard: guard,
		Key: []odata.Value{odata.IntValue(schema.EdmInt64, 50)}, Values: []odata.Assignment{val("name", odata.StringValue("Cy"))}})
	if oe, ok := odata.AsError(err); !ok || oe.Status != http.StatusNotFound {
		t.Errorf("update outside the filter: %v", err)
	}
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM customers WHERE country = 'FR'`).Scan(&n); err != nil || n != 1 {
		t.Errorf("the refused create left %d FR rows (%v)", n, err)
	}
}
