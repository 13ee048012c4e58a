package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// Introspect implements sources.Engine: tables and views of the main schema from
// pragma table_list, columns from pragma table_xinfo (which also reports generated columns), and
// unique keys from pragma index_list/index_info.
func (Engine) Introspect(ctx context.Context, db *sqlx.DB, opt sources.IntrospectOptions) ([]sources.Table, error) {
	rows, err := db.QueryContext(ctx, `SELECT type, name, wr FROM pragma_table_list
		WHERE schema = 'main' AND type IN ('table', 'view') AND name NOT LIKE 'sqlite\_%' ESCAPE '\' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("reading the sqlite catalogue: %w", err)
	}
	var tables []sources.Table
	withoutRowid := map[string]bool{}
	for rows.Next() {
		var typ, name string
		var wr int
		if err := rows.Scan(&typ, &name, &wr); err != nil {
			rows.Close()
			return nil, fmt.Errorf("reading the sqlite catalogue: %w", err)
		}
		if wanted(opt.Tables, name) {
			tables = append(tables, sources.Table{Name: name, View: typ == "view"})
			withoutRowid[name] = wr == 1
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading the sqlite catalogue: %w", err)
	}
	for i := range tables {
		if err := readColumns(ctx, db, &tables[i], withoutRowid[tables[i].Name]); err != nil {
			return nil, err
		}
		if !tables[i].View {
			if err := readUnique(ctx, db, &tables[i]); err != nil {
				return nil, err
			}
		}
	}
	return tables, nil
}

// wanted applies IntrospectOptions.Tables ("name" or "main.name"; empty = all).
func wanted(filter []string, name string) bool {
	if len(filter) == 0 {
		return true
	}
	for _, f := range filter {
		if f == name || f == "main."+name {
			return true
		}
	}
	return false
}

func readColumns(ctx context.Context, db *sqlx.DB, t *sources.Table, withoutRowid bool) error {
	rows, err := db.QueryContext(ctx, `SELECT name, type, "notnull", dflt_value, pk, hidden FROM pragma_table_xinfo(?) ORDER BY cid`, t.Name)
	if err != nil {
		return fmt.Errorf("reading the columns of %s: %w", t.Name, err)
	}
	defer rows.Close()
	type pkCol struct {
		name, typ string
		at        int
	}
	var pks []pkCol
	for rows.Next() {
		var (
			name, typ   string
			notNull, pk int
			dflt        sql.NullString
			hidden      int
		)
		if err := rows.Scan(&name, &typ, &notNull, &dflt, &pk, &hidden); err != nil {
			return fmt.Errorf("reading the columns of %s: %w", t.Name, err)
		}
		if hidden == 1 { // hidden column of a virtual table
			continue
		}
		c := mapType(typ)
		c.Name, c.Nullable, c.HasDefault = name, notNull == 0, dflt.Valid
		if hidden == 2 || hidden == 3 { // generated VIRTUAL / STORED
			c.Generated, c.ReadOnly = true, true
		}
		if pk > 0 {
			pks = append(pks, pkCol{name, typ, pk})
		}
		t.Columns = append(t.Columns, c)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the columns of %s: %w", t.Name, err)
	}
	sort.Slice(pks, func(i, j int) bool { return pks[i].at < pks[j].at })
	for _, p := range pks {
		t.PrimaryKey = append(t.PrimaryKey, p.name)
	}
	// A single INTEGER PRIMARY KEY column is the rowid (except in a WITHOUT ROWID table):
	// SQLite assigns it on insert.
	if len(pks) == 1 && !withoutRowid && strings.EqualFold(strings.TrimSpace(pks[0].typ), "INTEGER") {
		for i := range t.Columns {
			if t.Columns[i].Name == pks[0].name {
				t.Columns[i].Generated, t.Columns[i].Nullable = true, false
			}
		}
	}
	return nil
}

// readUnique reads the UNIQUE constraints and unique indexes (not partial ones: they do not
// make a column unique across the table).
func readUnique(ctx context.Context, db *sqlx.DB, t *sources.Table) error {
	rows, err := db.QueryContext(ctx, `SELECT name, "unique", origin, partial FROM pragma_index_list(?) ORDER BY name`, t.Name)
	if err != nil {
		return fmt.Errorf("reading the indexes of %s: %w", t.Name, err)
	}
	var names []string
	for rows.Next() {
		var name, origin string
		var unique, partial int
		if err := rows.Scan(&name, &unique, &origin, &partial); err != nil {
			rows.Close()
			return fmt.Errorf("reading the indexes of %s: %w", t.Name, err)
		}
		if unique == 1 && origin != "pk" && partial == 0 {
			names = append(names, name)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the indexes of %s: %w", t.Name, err)
	}
	for _, idx := range names {
		var cols []string
		if err := db.SelectContext(ctx, &cols, `SELECT coalesce(name, '') FROM pragma_index_info(?) ORDER BY seqno`, idx); err != nil {
			return fmt.Errorf("reading index %s of %s: %w", idx, t.Name, err)
		}
		if len(cols) > 0 && !contains(cols, "") { // "" = an expression index
			t.Unique = append(t.Unique, cols)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// mapType maps a declared column type to an EDM type. Known names map as documented; any other
// name follows SQLite's own affinity rules (INT -> Int64, CHAR/CLOB/TEXT -> String, BLOB ->
// Binary, REAL/FLOA/DOUB -> Double, otherwise NUMERIC -> Decimal), with a warning.
func mapType(declared string) sources.Column {
	c := sources.Column{DBType: declared}
	base, params := splitType(declared)
	switch base {
	case "INTEGER", "INT", "BIGINT", "INT8", "MEDIUMINT", "UNSIGNED BIG INT":
		c.Type = schema.EdmInt64
	case "SMALLINT", "INT2", "TINYINT":
		c.Type = schema.EdmInt16
	case "VARCHAR", "CHAR", "CHARACTER", "NVARCHAR", "NCHAR", "VARYING CHARACTER", "NATIVE CHARACTER", "TEXT", "CLOB":
		c.Type = schema.EdmString
		if len(params) > 0 {
			c.MaxLength = params[0]
		}
	case "DECIMAL", "NUMERIC":
		c.Type = schema.EdmDecimal
		if len(params) > 0 {
			c.Precision = params[0]
		}
		if len(params) > 1 {
			c.Scale = params[1]
		}
	case "REAL", "DOUBLE", "DOUBLE PRECISION", "FLOAT":
		c.Type = schema.EdmDouble
	case "BOOLEAN", "BOOL":
		c.Type = schema.EdmBoolean
	case "DATE":
		c.Type = schema.EdmDate
	case "TIMESTAMPTZ", "TIMESTAMP", "DATETIME", "TIMESTAMP WITH TIME ZONE":
		c.Type, c.Precision = schema.EdmDateTimeOffset, 6
	case "TIME":
		c.Type = schema.EdmTimeOfDay
	case "UUID", "GUID", "UNIQUEIDENTIFIER":
		c.Type = schema.EdmGuid
	case "BLOB", "BYTEA", "VARBINARY", "BINARY":
		c.Type = schema.EdmBinary
		if len(params) > 0 {
			c.MaxLength = params[0]
		}
	case "":
		c.Warning = "no declared type"
	default:
		c.Type = byAffinity(base)
		c.Warning = fmt.Sprintf("unknown type %s served as %s by SQLite affinity", declared, c.Type)
	}
	return c
}

func byAffinity(base string) schema.EdmType {
	switch {
	case strings.Contains(base, "INT"):
		return schema.EdmInt64
	case strings.Contains(base, "CHAR"), strings.Contains(base, "CLOB"), strings.Contains(base, "TEXT"):
		return schema.EdmString
	case strings.Contains(base, "BLOB"):
		return schema.EdmBinary
	case strings.Contains(base, "REAL"), strings.Contains(base, "FLOA"), strings.Contains(base, "DOUB"):
		return schema.EdmDouble
	}
	return schema.EdmDecimal
}

// splitType splits "varchar(40)" into "VARCHAR" and [40].
func splitType(declared string) (string, []int) {
	base, rest, _ := strings.Cut(declared, "(")
	base = strings.Join(strings.Fields(strings.ToUpper(base)), " ")
	var params []int
	rest, _, _ = strings.Cut(rest, ")")
	for _, p := range strings.Split(rest, ",") {
		if n, err := strconv.Atoi(strings.TrimSpace(p)); err == nil && n >= 0 {
			params = append(params, n)
		}
	}
	return base, params
}
