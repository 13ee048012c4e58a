package mysql

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/sources"
)

// columnsSQL reads the columns of the tables and views of one schema (database). Numbers come
// back as text on some servers, hence the casts. MariaDB reports "no default" of a nullable
// column as the text NULL; that is no default worth telling a client about. Views cannot have
// comments: their TABLE_COMMENT is the word VIEW.
const columnsSQL = `
SELECT t.TABLE_NAME, t.TABLE_TYPE, CASE WHEN t.TABLE_TYPE = 'VIEW' THEN '' ELSE COALESCE(t.TABLE_COMMENT, '') END,
	c.COLUMN_NAME, c.DATA_TYPE, c.COLUMN_TYPE,
	CAST(COALESCE(c.CHARACTER_MAXIMUM_LENGTH, 0) AS UNSIGNED),
	CAST(COALESCE(c.NUMERIC_PRECISION, 0) AS UNSIGNED), CAST(COALESCE(c.NUMERIC_SCALE, 0) AS UNSIGNED),
	CAST(COALESCE(c.DATETIME_PRECISION, 0) AS UNSIGNED),
	c.IS_NULLABLE = 'YES',
	c.COLUMN_DEFAULT IS NOT NULL AND NOT (c.IS_NULLABLE = 'YES' AND c.COLUMN_DEFAULT = 'NULL'),
	COALESCE(c.EXTRA, ''), c.COLUMN_KEY = 'PRI',
	COALESCE(c.COLUMN_COMMENT, '')
FROM information_schema.TABLES t
JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
WHERE t.TABLE_SCHEMA = ?
ORDER BY t.TABLE_NAME, c.ORDINAL_POSITION`

// keysSQL reads the primary key and unique indexes over whole columns (prefix indexes and
// functional key parts cannot identify a row and are left out).
const keysSQL = `
SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, SUB_PART IS NOT NULL OR COLUMN_NAME IS NULL
FROM information_schema.STATISTICS
WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 0
ORDER BY TABLE_NAME, INDEX_NAME <> 'PRIMARY', INDEX_NAME, SEQ_IN_INDEX`

// Introspect reads the selected schemas (MySQL: databases; default: the URL's database).
// Tables of the connection's database get an empty Schema.
func (Engine) Introspect(ctx context.Context, db *sqlx.DB, opt sources.IntrospectOptions) ([]sources.Table, error) {
	var current string
	if err := db.QueryRowContext(ctx, "SELECT DATABASE()").Scan(&current); err != nil {
		return nil, fmt.Errorf("reading the current database: %w", err)
	}
	schemas := opt.Schemas
	if len(schemas) == 0 {
		schemas = []string{current}
	}
	var all []sources.Table
	for _, s := range schemas {
		tables, err := readSchema(ctx, db, s, s == current)
		if err != nil {
			return nil, err
		}
		all = append(all, tables...)
	}
	return opt.Keep(all), nil
}

func readSchema(ctx context.Context, db *sqlx.DB, schemaName string, isCurrent bool) ([]sources.Table, error) {
	label := schemaName
	if isCurrent {
		label = ""
	}
	tables, err := readColumns(ctx, db, schemaName, label)
	if err != nil {
		return nil, err
	}
	if err := readKeys(ctx, db, schemaName, tables); err != nil {
		return nil, err
	}
	return tables, nil
}

func readColumns(ctx context.Context, db *sqlx.DB, schemaName, label string) ([]sources.Table, error) {
	rows, err := db.QueryContext(ctx, columnsSQL, schemaName)
	if err != nil {
		return nil, fmt.Errorf("reading columns of %s: %w", schemaName, err)
	}
	defer rows.Close()
	var tables []sources.Table
	for rows.Next() {
		var (
			name, kind, tableComment, extra string
			col                             sources.Column
			t                               myType
			primary                         bool
		)
		if err := rows.Scan(&name, &kind, &tableComment, &col.Name, &t.DataType, &t.ColumnType, &t.CharMax,
			&t.Precision, &t.Scale, &t.TimePrec, &col.Nullable, &col.HasDefault, &extra, &primary, &col.Comment); err != nil {
			return nil, fmt.Errorf("reading columns of %s: %w", schemaName, err)
		}
		if n := len(tables); n == 0 || tables[n-1].Name != name {
			tables = append(tables, sources.Table{Schema: label, Name: name, View: kind == "VIEW", Comment: tableComment})
		}
		// As on PostgreSQL and SQLite, a view's columns are nullable: what MySQL derives for
		// them is not a constraint anyone enforces.
		col.Nullable = col.Nullable || kind == "VIEW"
		col.DBType = t.ColumnType
		t.DataType = strings.ToLower(t.DataType)
		extra = strings.ToLower(extra)
		t.IDLike = primary || strings.Contains(extra, "auto_increment")
		mapType(&col, t)
		setGenerated(&col, extra)
		tbl := &tables[len(tables)-1]
		tbl.Columns = append(tbl.Columns, col)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading columns of %s: %w", schemaName, err)
	}
	return tables, nil
}

// setGenerated: AUTO_INCREMENT columns are filled by the database (a client may still give a
// value); VIRTUAL/STORED GENERATED columns are computed and refuse client values.
func setGenerated(c *sources.Column, extra string) {
	switch {
	case strings.Contains(extra, "auto_increment"):
		c.Generated, c.HasDefault = true, true
	case strings.Contains(extra, "virtual generated"), strings.Contains(extra, "stored generated"),
		strings.Contains(extra, "persistent generated"):
		c.Generated, c.ReadOnly, c.HasDefault = true, true, true
	}
}

func readKeys(ctx context.Context, db *sqlx.DB, schemaName string, tables []sources.Table) error {
	rows, err := db.QueryContext(ctx, keysSQL, schemaName)
	if err != nil {
		return fmt.Errorf("reading keys of %s: %w", schemaName, err)
	}
	defer rows.Close()
	index := map[string]*sources.Table{}
	for i := range tables {
		index[tables[i].Name] = &tables[i]
	}
	type key struct{ table, index string }
	var order []key
	cols := map[key][]string{}
	partial := map[key]bool{}
	for rows.Next() {
		var (
			k      key
			column *string
			isPart bool
		)
		if err := rows.Scan(&k.table, &k.index, &column, &isPart); err != nil {
			return fmt.Errorf("reading keys of %s: %w", schemaName, err)
		}
		if _, seen := cols[k]; !seen {
			order = append(order, k)
			cols[k] = nil
		}
		if isPart || column == nil {
			partial[k] = true
			continue
		}
		cols[k] = append(cols[k], *column)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading keys of %s: %w", schemaName, err)
	}
	for _, k := range order {
		t := index[k.table]
		if t == nil || partial[k] {
			continue
		}
		if k.index == "PRIMARY" {
			t.PrimaryKey = cols[k]
		} else {
			t.Unique = append(t.Unique, cols[k])
		}
	}
	return nil
}
