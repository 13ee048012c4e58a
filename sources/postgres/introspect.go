package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/jmoiron/sqlx"
	"github.com/lib/pq"

	"github.com/sfconnect/sfconnect/sources"
)

// columnsSQL reads every column of the tables, views, materialized views and foreign tables the
// role may SELECT in the given schemas, with domains resolved to their base types. Partitions
// are left out: their parent serves their rows. Needs PostgreSQL 12 (attgenerated).
const columnsSQL = `
SELECT n.nspname, c.relname, c.relkind::text, COALESCE(obj_description(c.oid, 'pg_class'), ''),
	a.attname, format_type(a.atttypid, a.atttypmod),
	COALESCE(bt.typname, t.typname)::text,
	COALESCE(bt.typtype, t.typtype)::text,
	COALESCE(bt.typcategory, t.typcategory)::text,
	CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END,
	COALESCE((SELECT max(length(e.enumlabel)) FROM pg_enum e WHERE e.enumtypid = COALESCE(bt.oid, t.oid)), 0),
	NOT a.attnotnull AND NOT (t.typtype = 'd' AND t.typnotnull),
	COALESCE(pg_get_expr(ad.adbin, ad.adrelid), ''),
	a.attidentity::text, a.attgenerated::text,
	COALESCE(col_description(c.oid, a.attnum), '')
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
LEFT JOIN pg_attrdef ad ON ad.adrelid = c.oid AND ad.adnum = a.attnum
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relispartition
	AND n.nspname = ANY($1) AND has_table_privilege(c.oid, 'SELECT')
ORDER BY n.nspname, c.relname, a.attnum`

// keysSQL reads primary keys and unique indexes (constraints or plain unique indexes) over
// plain columns; partial and expression indexes cannot identify a row and are left out.
const keysSQL = `
SELECT n.nspname, c.relname, i.indisprimary,
	ARRAY(SELECT a.attname::text FROM unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord)
		JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.ord)
FROM pg_index i
JOIN pg_class c ON c.oid = i.indrelid
JOIN pg_class ic ON ic.oid = i.indexrelid
JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE i.indisunique AND i.indpred IS NULL AND i.indexprs IS NULL AND n.nspname = ANY($1)
ORDER BY n.nspname, c.relname, NOT i.indisprimary, ic.relname`

// Introspect reads the selected schemas (default: the connection's current schema). Tables of
// the current schema get an empty Schema, so configs name them without qualification.
func (Engine) Introspect(ctx context.Context, db *sqlx.DB, opt sources.IntrospectOptions) ([]sources.Table, error) {
	var current string
	if err := db.QueryRowContext(ctx, "SELECT current_schema()").Scan(&current); err != nil {
		return nil, fmt.Errorf("reading the current schema: %w", err)
	}
	schemas := opt.Schemas
	if len(schemas) == 0 {
		schemas = []string{current}
	}
	tables, err := readColumns(ctx, db, schemas, current)
	if err != nil {
		return nil, err
	}
	if err := readKeys(ctx, db, schemas, current, tables); err != nil {
		return nil, err
	}
	return opt.Keep(tables), nil
}

func readColumns(ctx context.Context, db *sqlx.DB, schemas []string, current string) ([]sources.Table, error) {
	rows, err := db.QueryContext(ctx, columnsSQL, pq.Array(schemas))
	if err != nil {
		return nil, fmt.Errorf("reading columns: %w", err)
	}
	defer rows.Close()
	var tables []sources.Table
	for rows.Next() {
		var (
			nsp, rel, kind, tableComment, defaultExpr, identity, generated string
			col                                                            sources.Column
			t                                                              pgType
		)
		if err := rows.Scan(&nsp, &rel, &kind, &tableComment, &col.Name, &col.DBType, &t.Name, &t.TypType,
			&t.Category, &t.Typmod, &t.EnumMax, &col.Nullable, &defaultExpr, &identity, &generated, &col.Comment); err != nil {
			return nil, fmt.Errorf("reading columns: %w", err)
		}
		if nsp == current {
			nsp = ""
		}
		if n := len(tables); n == 0 || tables[n-1].Schema != nsp || tables[n-1].Name != rel {
			tables = append(tables, sources.Table{Schema: nsp, Name: rel, View: kind == "v" || kind == "m", Comment: tableComment})
		}
		mapType(&col, t)
		setGenerated(&col, defaultExpr, identity, generated)
		tbl := &tables[len(tables)-1]
		tbl.Columns = append(tbl.Columns, col)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading columns: %w", err)
	}
	return tables, nil
}

// setGenerated classifies defaults: identity and serial columns are filled by the database
// (GENERATED ALWAYS refuses client values, so it is also read-only); stored generated columns
// are computed and read-only.
func setGenerated(c *sources.Column, defaultExpr, identity, generated string) {
	c.HasDefault = defaultExpr != ""
	switch {
	case generated == "s":
		c.Generated, c.ReadOnly, c.HasDefault = true, true, true
	case identity == "a":
		c.Generated, c.ReadOnly, c.HasDefault = true, true, true
	case identity == "d", strings.HasPrefix(defaultExpr, "nextval("):
		c.Generated, c.HasDefault = true, true
	}
}

func readKeys(ctx context.Context, db *sqlx.DB, schemas []string, current string, tables []sources.Table) error {
	rows, err := db.QueryContext(ctx, keysSQL, pq.Array(schemas))
	if err != nil {
		return fmt.Errorf("reading keys: %w", err)
	}
	defer rows.Close()
	index := map[[2]string]*sources.Table{}
	for i := range tables {
		index[[2]string{tables[i].Schema, tables[i].Name}] = &tables[i]
	}
	for rows.Next() {
		var (
			nsp, rel string
			primary  bool
			cols     []string
		)
		if err := rows.Scan(&nsp, &rel, &primary, pq.Array(&cols)); err != nil {
			return fmt.Errorf("reading keys: %w", err)
		}
		if nsp == current {
			nsp = ""
		}
		t := index[[2]string{nsp, rel}]
		if t == nil {
			continue
		}
		if primary {
			t.PrimaryKey = cols
		} else {
			t.Unique = append(t.Unique, cols)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading keys: %w", err)
	}
	return nil
}
