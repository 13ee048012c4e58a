package schema

import "fmt"

// Model is everything a service exposes: one namespace of flat entity types, each with exactly
// one entity set (Salesforce Connect maps one external object to one set).
type Model struct {
	// Namespace qualifies the entity types in $metadata, e.g. "sfconnect".
	Namespace string
	// ContainerName names the entity container, e.g. "Container".
	ContainerName string
	// EntitySets in a deterministic order (the order they are rendered and listed).
	EntitySets []*EntitySet

	byName map[string]*EntitySet
}

// EntitySet is one exposed table or view.
type EntitySet struct {
	// Name is the OData entity set name (also the entity type name).
	Name string
	// Table is where the rows live.
	Table TableRef
	// Properties in column order; every property maps to one column.
	Properties []*Property
	// Key lists the key properties in key order (never empty for a served set).
	Key []*Property
	// Writable allows POST/PATCH/PUT/DELETE on the set.
	Writable bool
	// Search lists the properties $search matches (strings only); empty means none.
	Search []*Property
	// ETag, when set, is the property whose value is the row version (optimistic concurrency).
	ETag *Property
	// Description is human documentation (from the config or a table comment).
	Description string

	byName map[string]*Property
}

// TableRef names a table or view in its database.
type TableRef struct {
	Schema string // empty for the connection's default schema
	Name   string
	View   bool
}

// String renders "schema.name" or "name" for messages (never for SQL: dialects quote).
func (t TableRef) String() string {
	if t.Schema == "" {
		return t.Name
	}
	return t.Schema + "." + t.Name
}

// Property is one exposed column.
type Property struct {
	// Name is the OData property name.
	Name string
	// Column is the database column name.
	Column string
	// Type is the EDM type the column is served as.
	Type EdmType
	// Nullable is false for NOT NULL columns and key columns.
	Nullable bool
	// MaxLength for strings and binaries; 0 means unknown (rendered as "max").
	MaxLength int
	// Precision and Scale for decimals (Precision 0 = unspecified); Precision is also the
	// fractional-seconds precision of DateTimeOffset and TimeOfDay when known.
	Precision int
	Scale     int
	// ReadOnly columns (identity, generated, or configured) are never written by clients.
	ReadOnly bool
	// Generated means the database fills the value on insert (identity, serial, default):
	// a create may omit it and the created entity reads it back.
	Generated bool
	// HasDefault means the column has a database default, so a create may omit it.
	HasDefault bool
	// DBType is the column's database type as introspected, for messages and docs.
	DBType string
	// Description is human documentation.
	Description string
}

// Index builds the lookup maps; call it after the model is assembled and before serving.
// It also checks the invariants every consumer relies on.
func (m *Model) Index() error {
	m.byName = make(map[string]*EntitySet, len(m.EntitySets))
	for _, es := range m.EntitySets {
		if _, dup := m.byName[es.Name]; dup {
			return fmt.Errorf("indexing model: entity set %q defined twice", es.Name)
		}
		if err := es.index(); err != nil {
			return fmt.Errorf("indexing model: %w", err)
		}
		m.byName[es.Name] = es
	}
	return nil
}

// EntitySet finds a set by its exact OData name.
func (m *Model) EntitySet(name string) (*EntitySet, bool) {
	es, ok := m.byName[name]
	return es, ok
}

func (es *EntitySet) index() error {
	if len(es.Key) == 0 {
		return fmt.Errorf("entity set %q has no key", es.Name)
	}
	es.byName = make(map[string]*Property, len(es.Properties))
	for _, p := range es.Properties {
		if p.Type == EdmInvalid {
			return fmt.Errorf("property %s.%s has no EDM type", es.Name, p.Name)
		}
		if _, dup := es.byName[p.Name]; dup {
			return fmt.Errorf("property %s.%s defined twice", es.Name, p.Name)
		}
		es.byName[p.Name] = p
	}
	for _, k := range es.Key {
		if es.byName[k.Name] != k {
			return fmt.Errorf("key %s.%s is not one of its properties", es.Name, k.Name)
		}
		k.Nullable = false
	}
	return nil
}

// Property finds a property by its exact OData name.
func (es *EntitySet) Property(name string) (*Property, bool) {
	p, ok := es.byName[name]
	return p, ok
}

// IsKey reports whether p is part of the set's key.
func (es *EntitySet) IsKey(p *Property) bool {
	for _, k := range es.Key {
		if k == p {
			return true
		}
	}
	return false
}
