package sources_test

import (
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// itemsSet is the entity set the translator tests query: every EDM type sfconnect maps, NOT
// NULL and nullable columns, and the column names of a real table.
func itemsSet() *schema.EntitySet {
	p := func(name, col string, t schema.EdmType, nullable bool) *schema.Property {
		return &schema.Property{Name: name, Column: col, Type: t, Nullable: nullable}
	}
	id := p("ID", "id", schema.EdmInt64, false)
	props := []*schema.Property{
		id,
		p("Name", "name", schema.EdmString, true),
		p("Code", "code", schema.EdmString, false),
		p("Qty", "qty", schema.EdmInt32, true),
		p("Rank", "rank", schema.EdmInt32, false),
		p("Price", "price", schema.EdmDecimal, true),
		p("Score", "score", schema.EdmDouble, true),
		p("Active", "active", schema.EdmBoolean, true),
		p("Born", "born", schema.EdmDate, true),
		p("Created", "created", schema.EdmDateTimeOffset, false),
		p("Updated", "updated", schema.EdmDateTimeOffset, true),
		p("Ref", "ref", schema.EdmGuid, true),
		p("At", "at", schema.EdmTimeOfDay, true),
		p("Note", "note", schema.EdmString, true),
	}
	props[5].Precision, props[5].Scale = 10, 2
	es := &schema.EntitySet{Name: "Items", Table: schema.TableRef{Name: "items"}, Properties: props,
		Key: []*schema.Property{id}}
	es.Search = []*schema.Property{props[1], props[2], props[13]}
	m := &schema.Model{Namespace: "t", EntitySets: []*schema.EntitySet{es}}
	if err := m.Index(); err != nil {
		panic(err)
	}
	return es
}

func prop(es *schema.EntitySet, name string) *schema.Property {
	p, ok := es.Property(name)
	if !ok {
		panic("no property " + name)
	}
	return p
}

func ref(es *schema.EntitySet, name string) *odata.PropertyRef {
	return &odata.PropertyRef{Prop: prop(es, name)}
}

// readOf is a plain read of every property in key order.
func readOf(es *schema.EntitySet) *odata.Read {
	r := &odata.Read{Set: es}
	for _, p := range es.Properties {
		r.Fetch = append(r.Fetch, &odata.PropertyRef{Prop: p})
	}
	for _, k := range es.Key {
		r.OrderBy = append(r.OrderBy, odata.OrderItem{Expr: &odata.PropertyRef{Prop: k}})
	}
	return r
}
