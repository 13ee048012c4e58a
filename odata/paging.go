package odata

import (
	"github.com/sfconnect/sfconnect/schema"
)

// Page is one planned collection read: the database read plus what the response writer needs
// to map fetched columns back to properties and to continue with a nextLink.
type Page struct {
	Read *Read
	// Props are the properties written per entity; Out[i] is the index in the fetched row of
	// Props[i].
	Props []*schema.Property
	Out   []int
	// OrderAt[i] is the index in the fetched row of Read.OrderBy[i], for the next skiptoken.
	OrderAt []int
	// ETagAt is the index of the row-version column in the fetched row, -1 without one.
	ETagAt int
	// Size is the most rows this page delivers; Probe means Read.Limit is Size+1 so the extra
	// row tells whether a nextLink is needed (no nextLink after an exactly-full last page).
	Size  int
	Probe bool
	// TopLeft is what remains of $top after a full page (-1 when $top is absent).
	TopLeft int
	// leading: Out is 0, 1, 2, ... (the properties are the row's first columns, the usual
	// case), so an entity is a prefix of the row rather than a copy of it.
	leading bool
}

// PlanPage turns a parsed query into a page read of at most pageSize rows. after holds the
// decoded skiptoken values (nil on the first page).
func PlanPage(set *schema.EntitySet, q *Query, pageSize int, after []Value) *Page {
	props := q.Select
	if props == nil {
		props = set.Properties
	}
	// One allocation for the property references behind the fetched columns and the added
	// key order (refs never grows past its capacity, so its element pointers stay valid), one
	// for the page and its read, one for the row indexes, one for the fetched expressions;
	// duplicates are found by a scan, or a map on wide sets.
	refs := make([]PropertyRef, 0, len(props)+1+len(set.Key))
	order := completeOrder(set, q.OrderBy, &refs)
	plan := &struct {
		page Page
		read Read
	}{}
	p := &plan.page
	p.Props, p.TopLeft, p.ETagAt = props, -1, -1
	at := make([]int, 0, len(props)+len(order))
	p.Out, p.OrderAt = at[:0:len(props)], at[len(props):len(props)]
	n := len(props) + len(order) + 1
	fetch := make([]Expr, 0, n)
	var index map[*schema.Property]int
	if n > 24 {
		index = make(map[*schema.Property]int, n)
	}
	find := func(prop *schema.Property) (int, bool) {
		if index != nil {
			i, ok := index[prop]
			return i, ok
		}
		for i, e := range fetch {
			if ref, ok := e.(*PropertyRef); ok && ref.Prop == prop {
				return i, true
			}
		}
		return 0, false
	}
	push := func(e Expr, prop *schema.Property) int { // prop: e's property, or nil
		if index != nil && prop != nil {
			index[prop] = len(fetch)
		}
		fetch = append(fetch, e)
		return len(fetch) - 1
	}
	add := func(e Expr) int {
		ref, ok := e.(*PropertyRef)
		if !ok {
			return push(e, nil)
		}
		if i, seen := find(ref.Prop); seen {
			return i
		}
		return push(e, ref.Prop)
	}
	addProp := func(prop *schema.Property) int {
		if i, seen := find(prop); seen {
			return i
		}
		refs = append(refs, PropertyRef{Prop: prop})
		return push(&refs[len(refs)-1], prop)
	}
	p.leading = true
	for i, prop := range props {
		p.Out = append(p.Out, addProp(prop))
		p.leading = p.leading && p.Out[i] == i
	}
	for _, it := range order {
		p.OrderAt = append(p.OrderAt, add(it.Expr))
	}
	if set.ETag != nil {
		p.ETagAt = addProp(set.ETag)
	}
	p.Size = pageSize
	if q.Top >= 0 && q.Top <= pageSize {
		p.Size = q.Top
	} else {
		p.Probe = true
		if q.Top >= 0 {
			p.TopLeft = q.Top - pageSize
		}
	}
	limit := p.Size
	if p.Probe {
		limit++
	}
	skip := q.Skip
	plan.read = Read{Set: set, Fetch: fetch, Filter: q.Filter, Search: q.Search, OrderBy: order,
		After: after, Skip: skip, Limit: limit}
	p.Read = &plan.read
	return p
}

// completeOrder appends the key properties that the requested order does not already sort by,
// making the order total: without it, rows repeat or vanish between pages.
// The references to added keys are appended to refs, which must have room for them.
func completeOrder(set *schema.EntitySet, requested []OrderItem, refs *[]PropertyRef) []OrderItem {
	order := append(make([]OrderItem, 0, len(requested)+len(set.Key)), requested...)
	for _, k := range set.Key {
		present := false
		for _, it := range requested {
			if ref, ok := it.Expr.(*PropertyRef); ok && ref.Prop == k {
				present = true
				break
			}
		}
		if !present {
			*refs = append(*refs, PropertyRef{Prop: k})
			order = append(order, OrderItem{Expr: &(*refs)[len(*refs)-1]})
		}
	}
	return order
}

// Entity returns the values of Props from a fetched row, reusing dst, or a prefix of row
// itself; either is valid until the row is.
func (p *Page) Entity(dst []Value, row []Value) []Value {
	if p.leading {
		return row[:len(p.Out):len(p.Out)]
	}
	if cap(dst) < len(p.Out) {
		dst = make([]Value, 0, len(p.Out))
	}
	dst = dst[:0]
	for _, i := range p.Out {
		dst = append(dst, row[i])
	}
	return dst
}

// OrderValues returns the order-key values of a fetched row (the next skiptoken's content).
func (p *Page) OrderValues(row []Value) []Value {
	vals := make([]Value, len(p.OrderAt))
	for i, at := range p.OrderAt {
		vals[i] = row[at]
	}
	return vals
}

// ETag returns the entity tag of a fetched row, "" when the set has no version column.
func (p *Page) ETag(row []Value) string {
	if p.ETagAt < 0 {
		return ""
	}
	return ETag(row[p.ETagAt])
}
