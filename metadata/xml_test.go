package metadata

import (
	"encoding/xml"
	"strconv"
	"testing"

	"github.com/sfconnect/sfconnect/schema"
)

// The parsed shape of the CSDL XML this package renders; tests compare it with the model so a
// dropped facet or key fails even when the golden files are regenerated carelessly.
type (
	xEdmx struct {
		XMLName    xml.Name     `xml:"http://docs.oasis-open.org/odata/ns/edmx Edmx"`
		Version    string       `xml:"Version,attr"`
		References []xReference `xml:"http://docs.oasis-open.org/odata/ns/edmx Reference"`
		Schemas    []xSchema    `xml:"DataServices>Schema"`
	}
	xReference struct {
		URI      string `xml:"Uri,attr"`
		Includes []struct {
			Namespace string `xml:"Namespace,attr"`
			Alias     string `xml:"Alias,attr"`
		} `xml:"Include"`
	}
	xSchema struct {
		XMLName     xml.Name      `xml:"http://docs.oasis-open.org/odata/ns/edm Schema"`
		Namespace   string        `xml:"Namespace,attr"`
		Alias       string        `xml:"Alias,attr"`
		EntityTypes []xEntityType `xml:"EntityType"`
		Containers  []xContainer  `xml:"EntityContainer"`
	}
	xEntityType struct {
		Name        string        `xml:"Name,attr"`
		Keys        []xKey        `xml:"Key"`
		Properties  []xProperty   `xml:"Property"`
		Annotations []xAnnotation `xml:"Annotation"`
	}
	xKey struct {
		Refs []struct {
			Name string `xml:"Name,attr"`
		} `xml:"PropertyRef"`
	}
	xProperty struct {
		Name        string        `xml:"Name,attr"`
		Type        string        `xml:"Type,attr"`
		Nullable    *string       `xml:"Nullable,attr"`
		MaxLength   *string       `xml:"MaxLength,attr"`
		Precision   *string       `xml:"Precision,attr"`
		Scale       *string       `xml:"Scale,attr"`
		Annotations []xAnnotation `xml:"Annotation"`
	}
	xAnnotation struct {
		Term   string  `xml:"Term,attr"`
		String *string `xml:"String,attr"`
		Bool   *string `xml:"Bool,attr"`
	}
	xContainer struct {
		Name string `xml:"Name,attr"`
		Sets []struct {
			Name       string `xml:"Name,attr"`
			EntityType string `xml:"EntityType,attr"`
		} `xml:"EntitySet"`
	}
)

func parseXML(t *testing.T, doc []byte) xEdmx {
	t.Helper()
	var x xEdmx
	if err := xml.Unmarshal(doc, &x); err != nil {
		t.Fatalf("parsing rendered XML: %v\n%s", err, doc)
	}
	return x
}

// TestXMLMatchesModel checks every golden model's parsed XML against the model it came from.
func TestXMLMatchesModel(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.model(t)
			checkXMLAgainstModel(t, m, tc.opts, parseXML(t, XMLWith(m, tc.opts)))
		})
	}
}

func checkXMLAgainstModel(t *testing.T, m *schema.Model, o Options, x xEdmx) {
	t.Helper()
	ns, container := names(m)
	if x.Version != "4.0" {
		t.Errorf("Version = %q, want 4.0", x.Version)
	}
	if len(x.Schemas) != 1 {
		t.Fatalf("got %d schemas, want 1", len(x.Schemas))
	}
	s := x.Schemas[0]
	if s.Namespace != ns || s.Alias != "" {
		t.Errorf("schema Namespace=%q Alias=%q, want %q and no alias", s.Namespace, s.Alias, ns)
	}
	checkXMLReference(t, x.References, needsCore(m, o))
	if len(s.EntityTypes) != len(m.EntitySets) {
		t.Fatalf("got %d entity types, want %d", len(s.EntityTypes), len(m.EntitySets))
	}
	for i, es := range m.EntitySets {
		checkXMLEntityType(t, es, o, s.EntityTypes[i])
	}
	if len(m.EntitySets) == 0 {
		if len(s.Containers) != 0 {
			t.Errorf("containers = %+v, want none for a model without sets (XSD needs a child)", s.Containers)
		}
		return
	}
	if len(s.Containers) != 1 || s.Containers[0].Name != container {
		t.Fatalf("containers = %+v, want one named %q", s.Containers, container)
	}
	sets := s.Containers[0].Sets
	if len(sets) != len(m.EntitySets) {
		t.Fatalf("got %d entity sets, want %d", len(sets), len(m.EntitySets))
	}
	for i, es := range m.EntitySets {
		if sets[i].Name != es.Name || sets[i].EntityType != ns+"."+es.Name {
			t.Errorf("entity set %d = %+v, want %s of type %s.%s", i, sets[i], es.Name, ns, es.Name)
		}
	}
}

func checkXMLReference(t *testing.T, refs []xReference, want bool) {
	t.Helper()
	if !want {
		if len(refs) != 0 {
			t.Errorf("got references %+v, want none (no annotation uses them)", refs)
		}
		return
	}
	if len(refs) != 1 || refs[0].URI != coreXMLURI || len(refs[0].Includes) != 1 ||
		refs[0].Includes[0].Namespace != "Org.OData.Core.V1" || refs[0].Includes[0].Alias != "" {
		t.Errorf("references = %+v, want the Core vocabulary included by namespace only", refs)
	}
}

func checkXMLEntityType(t *testing.T, es *schema.EntitySet, o Options, et xEntityType) {
	t.Helper()
	if et.Name != es.Name {
		t.Errorf("entity type %q, want %q", et.Name, es.Name)
	}
	if len(et.Keys) != 1 || len(et.Keys[0].Refs) != len(es.Key) {
		t.Fatalf("%s: keys = %+v, want one Key with %d refs", es.Name, et.Keys, len(es.Key))
	}
	for i, k := range es.Key {
		if got := et.Keys[0].Refs[i].Name; got != k.Name {
			t.Errorf("%s: key %d = %q, want %q", es.Name, i, got, k.Name)
		}
	}
	checkAnnotations(t, es.Name, et.Annotations, es.Description, false)
	if len(et.Properties) != len(es.Properties) {
		t.Fatalf("%s: got %d properties, want %d", es.Name, len(et.Properties), len(es.Properties))
	}
	for i, p := range es.Properties {
		xp := et.Properties[i]
		where := es.Name + "." + p.Name
		if xp.Name != p.Name || xp.Type != p.Type.String() {
			t.Errorf("%s: rendered as %s %s", where, xp.Name, xp.Type)
		}
		if got, want := deref(xp.Nullable), map[bool]string{false: "false", true: "<absent>"}[p.Nullable]; got != want {
			t.Errorf("%s: Nullable = %s, want %s", where, got, want)
		}
		if p.Type == schema.EdmString && xp.MaxLength == nil {
			t.Errorf("%s: string without MaxLength (Salesforce would make it Text(128))", where)
		}
		if p.Type == schema.EdmDecimal && xp.Scale == nil {
			t.Errorf("%s: decimal without Scale (clients would read it as an integer)", where)
		}
		checkAnnotations(t, where, xp.Annotations, p.Description, o.Computed && p.ReadOnly)
	}
}

func checkAnnotations(t *testing.T, where string, got []xAnnotation, description string, computed bool) {
	t.Helper()
	var want []xAnnotation
	if description != "" {
		want = append(want, xAnnotation{Term: "Org.OData.Core.V1.Description", String: &description})
	}
	if computed {
		yes := "true"
		want = append(want, xAnnotation{Term: "Org.OData.Core.V1.Computed", Bool: &yes})
	}
	if len(got) != len(want) {
		t.Errorf("%s: %d annotations, want %d", where, len(got), len(want))
		return
	}
	for i := range want {
		if got[i].Term != want[i].Term || deref(got[i].String) != deref(want[i].String) ||
			deref(got[i].Bool) != deref(want[i].Bool) {
			t.Errorf("%s: annotation %s String=%q Bool=%q, want %s String=%q Bool=%q", where,
				got[i].Term, deref(got[i].String), deref(got[i].Bool),
				want[i].Term, deref(want[i].String), deref(want[i].Bool))
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<absent>"
	}
	return *s
}

// TestXMLFacets pins the facet spelling for each kind of column.
func TestXMLFacets(t *testing.T) {
	tests := []struct {
		name                        string
		prop                        schema.Property
		maxLength, precision, scale string
	}{
		{"string with length", schema.Property{Type: schema.EdmString, MaxLength: 80}, "80", "<absent>", "<absent>"},
		{"string without length", schema.Property{Type: schema.EdmString}, "max", "<absent>", "<absent>"},
		{"binary with length", schema.Property{Type: schema.EdmBinary, MaxLength: 16}, "16", "<absent>", "<absent>"},
		{"binary without length", schema.Property{Type: schema.EdmBinary}, "<absent>", "<absent>", "<absent>"},
		{"decimal(10,2)", schema.Property{Type: schema.EdmDecimal, Precision: 10, Scale: 2}, "<absent>", "10", "2"},
		{"decimal(10)", schema.Property{Type: schema.EdmDecimal, Precision: 10}, "<absent>", "10", "0"},
		{"decimal scale above precision", schema.Property{Type: schema.EdmDecimal, Precision: 3, Scale: 5}, "<absent>", "3", "3"},
		{"decimal negative scale", schema.Property{Type: schema.EdmDecimal, Precision: 3, Scale: -2}, "<absent>", "3", "0"},
		{"unconstrained decimal", schema.Property{Type: schema.EdmDecimal, Scale: 4}, "<absent>", "<absent>", "variable"},
		{"timestamp(6)", schema.Property{Type: schema.EdmDateTimeOffset, Precision: 6}, "<absent>", "6", "<absent>"},
		{"timestamp", schema.Property{Type: schema.EdmDateTimeOffset}, "<absent>", "<absent>", "<absent>"},
		{"time(3)", schema.Property{Type: schema.EdmTimeOfDay, Precision: 3}, "<absent>", "3", "<absent>"},
		{"integer ignores facets", schema.Property{Type: schema.EdmInt32, MaxLength: 9, Precision: 9}, "<absent>", "<absent>", "<absent>"},
		{"date ignores precision", schema.Property{Type: schema.EdmDate, Precision: 3}, "<absent>", "<absent>", "<absent>"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := tc.prop
			p.Name = "P"
			m := model(t, "", "", set(t, "S", "", []string{"K"},
				&schema.Property{Name: "K", Type: schema.EdmInt32}, &p))
			xp := parseXML(t, XML(m)).Schemas[0].EntityTypes[0].Properties[1]
			if got := deref(xp.MaxLength); got != tc.maxLength {
				t.Errorf("MaxLength = %s, want %s", got, tc.maxLength)
			}
			if got := deref(xp.Precision); got != tc.precision {
				t.Errorf("Precision = %s, want %s", got, tc.precision)
			}
			if got := deref(xp.Scale); got != tc.scale {
				t.Errorf("Scale = %s, want %s", got, tc.scale)
			}
		})
	}
}

// TestContainerNameCollision: an entity set named like the container must not clash with it.
func TestContainerNameCollision(t *testing.T) {
	key := &schema.Property{Name: "ID", Type: schema.EdmInt32}
	m := model(t, "", "", set(t, "Container", "", []string{"ID"}, key))
	x := parseXML(t, XML(m))
	c := x.Schemas[0].Containers[0]
	if c.Name == "Container" || !schema.IsIdentifier(c.Name) {
		t.Errorf("container name %q collides with the entity type or is invalid", c.Name)
	}
	if got := x.Schemas[0].EntityTypes[0].Name; got != "Container" {
		t.Errorf("entity type renamed to %q; the set name is part of the contract", got)
	}
	if want := strconv.Quote("sfconnect." + c.Name); !containsJSONMember(JSON(m), `"$EntityContainer": `+want) {
		t.Errorf("JSON $EntityContainer does not name %s", want)
	}
}
