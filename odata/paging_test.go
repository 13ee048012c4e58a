package odata

import (
	"testing"

	"github.com/sfconnect/sfconnect/schema"
)

// Entity maps a fetched row to the page's properties: a prefix of the row when the properties
// are its first columns, a copy in property order otherwise (a property listed twice).
func TestPageEntity(t *testing.T) {
	id := &schema.Property{Name: "id", Type: schema.EdmInt32}
	name := &schema.Property{Name: "name", Type: schema.EdmString}
	day := &schema.Property{Name: "day", Type: schema.EdmDate}
	set := &schema.EntitySet{Name: "s", Properties: []*schema.Property{id, name, day}, Key: []*schema.Property{id}}
	row := []Value{{Type: schema.EdmString, Text: "n"}, {Type: schema.EdmDate}, {Type: schema.EdmInt32, Int: 7}}
	for _, tc := range []struct {
		sel     []*schema.Property
		want    []string // property names whose values the entity holds, in order
		leading bool
	}{
		{[]*schema.Property{name, day}, []string{"name", "day"}, true},
		{[]*schema.Property{name, name, day}, []string{"name", "name", "day"}, false},
	} {
		p := PlanPage(set, &Query{Select: tc.sel, Top: -1}, 10, nil)
		if p.leading != tc.leading {
			t.Errorf("select %v: leading %v, want %v (Out %v)", tc.want, p.leading, tc.leading, p.Out)
		}
		// The fetched row holds the selected columns first, then the key added for the order.
		fetched := make([]Value, len(p.Read.Fetch))
		for i, e := range p.Read.Fetch {
			switch e.(*PropertyRef).Prop {
			case name:
				fetched[i] = row[0]
			case day:
				fetched[i] = row[1]
			case id:
				fetched[i] = row[2]
			}
		}
		got := p.Entity(nil, fetched)
		if len(got) != len(tc.want) {
			t.Fatalf("select %v: entity of %d values", tc.want, len(got))
		}
		for i, n := range tc.want {
			if want := map[string]Value{"name": row[0], "day": row[1]}[n]; got[i] != want {
				t.Errorf("select %v: value %d = %+v, want %+v", tc.want, i, got[i], want)
			}
		}
		if tc.leading && len(got) > 0 && &got[0] != &fetched[0] {
			t.Errorf("select %v: entity copied although it is the row's prefix", tc.want)
		}
		if cap(got) != len(got) {
			t.Errorf("select %v: entity has spare capacity %d (appending would write into the row)", tc.want, cap(got))
		}
	}
}
