package sources

import (
	"fmt"
	"strings"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/schema"
)

// BuildModel turns introspected tables into the served model. Without configured entities,
// every table with a primary key is exposed (views are not: they have no key); with entities,
// exactly those are, shaped by their settings. Columns whose type cannot be mapped are skipped
// with a warning, never a failure.
func BuildModel(tables []Table, cfg config.Config) (*schema.Model, []string, error) {
	m := &schema.Model{Namespace: cfg.Namespace, ContainerName: "Container"}
	var warnings []string
	taken := map[string]bool{}
	add := func(t *Table, e config.Entity) error {
		es, warns, err := buildEntitySet(t, e, cfg.Writable, taken)
		warnings = append(warnings, warns...)
		if err != nil {
			return err
		}
		if es != nil {
			m.EntitySets = append(m.EntitySets, es)
		}
		return nil
	}
	if len(cfg.Entities) == 0 {
		for i := range tables {
			t := &tables[i]
			if t.View || len(t.PrimaryKey) == 0 {
				warnings = append(warnings, fmt.Sprintf("%s: skipped (no primary key; name it in entities with a key to expose it)", tableName(t)))
				continue
			}
			if err := add(t, config.Entity{}); err != nil {
				return nil, warnings, err
			}
		}
	} else {
		for _, e := range cfg.Entities {
			t := findTable(tables, e.Table)
			if t == nil {
				return nil, warnings, fmt.Errorf("entities: table %q not found in the database", e.Table)
			}
			if err := add(t, e); err != nil {
				return nil, warnings, err
			}
		}
	}
	if err := m.Index(); err != nil {
		return nil, warnings, err
	}
	return m, warnings, nil
}

func tableName(t *Table) string { return schema.TableRef{Schema: t.Schema, Name: t.Name}.String() }

func findTable(tables []Table, name string) *Table {
	for i := range tables {
		t := &tables[i]
		if tableName(t) == name || (t.Name == name && !strings.Contains(name, ".")) {
			return t
		}
	}
	return nil
}

func buildEntitySet(t *Table, e config.Entity, writable bool, taken map[string]bool) (*schema.EntitySet, []string, error) {
	name := e.Name
	if name == "" {
		name = schema.Unique(schema.Identifier(t.Name), taken)
	} else if !schema.IsIdentifier(name) || taken[name] {
		return nil, nil, fmt.Errorf("entities: name %q for table %q is not a valid, unique OData identifier", name, tableName(t))
	} else {
		taken[name] = true
	}
	if e.Writable != nil {
		writable = *e.Writable
	}
	es := &schema.EntitySet{Name: name, Table: schema.TableRef{Schema: t.Schema, Name: t.Name, View: t.View},
		Writable: writable, Description: firstNonEmpty(e.Description, t.Comment)}
	warnings := addProperties(es, t, e)
	keyCols := e.Key
	if len(keyCols) == 0 {
		keyCols = t.PrimaryKey
	}
	if len(keyCols) == 0 {
		return nil, warnings, fmt.Errorf("entities: %s has no primary key; give it one with key: [...]", tableName(t))
	}
	for _, c := range keyCols {
		p := byColumn(es, c)
		if p == nil {
			return nil, warnings, fmt.Errorf("entities: key column %q of %s is not an exposed column", c, tableName(t))
		}
		es.Key = append(es.Key, p)
	}
	if err := applyColumnLists(es, t, e); err != nil {
		return nil, warnings, err
	}
	return es, warnings, nil
}

func addProperties(es *schema.EntitySet, t *Table, e config.Entity) []string {
	var warnings []string
	taken := map[string]bool{}
	excluded := toSet(e.Exclude)
	for _, c := range t.Columns {
		if excluded[c.Name] {
			continue
		}
		if c.Type == schema.EdmInvalid {
			warnings = append(warnings, fmt.Sprintf("%s.%s: skipped, type %s is not supported%s", tableName(t), c.Name, c.DBType, prefixed(": ", c.Warning)))
			continue
		}
		name := e.Rename[c.Name]
		if name == "" {
			name = schema.Identifier(c.Name)
		}
		es.Properties = append(es.Properties, &schema.Property{
			Name: schema.Unique(name, taken), Column: c.Name, Type: c.Type, Nullable: c.Nullable,
			MaxLength: c.MaxLength, Precision: c.Precision, Scale: c.Scale, ReadOnly: c.ReadOnly,
			Generated: c.Generated, HasDefault: c.HasDefault || c.Generated, DBType: c.DBType, Description: c.Comment,
		})
	}
	return warnings
}

// applyColumnLists resolves search, etag and read_only column names.
func applyColumnLists(es *schema.EntitySet, t *Table, e config.Entity) error {
	if len(e.Search) == 0 {
		for _, p := range es.Properties {
			if p.Type == schema.EdmString {
				es.Search = append(es.Search, p)
			}
		}
	}
	for _, c := range e.Search {
		p := byColumn(es, c)
		if p == nil || p.Type != schema.EdmString {
			return fmt.Errorf("entities: search column %q of %s is not an exposed string column", c, tableName(t))
		}
		es.Search = append(es.Search, p)
	}
	for _, c := range e.ReadOnly {
		p := byColumn(es, c)
		if p == nil {
			return fmt.Errorf("entities: read_only column %q of %s is not an exposed column", c, tableName(t))
		}
		p.ReadOnly = true
	}
	if e.ETag != "" {
		if es.ETag = byColumn(es, e.ETag); es.ETag == nil {
			return fmt.Errorf("entities: etag column %q of %s is not an exposed column", e.ETag, tableName(t))
		}
	}
	return nil
}

func byColumn(es *schema.EntitySet, col string) *schema.Property {
	for _, p := range es.Properties {
		if p.Column == col {
			return p
		}
	}
	return nil
}

func toSet(list []string) map[string]bool {
	s := make(map[string]bool, len(list))
	for _, v := range list {
		s[v] = true
	}
	return s
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
