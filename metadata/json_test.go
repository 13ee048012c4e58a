package metadata

import (
	"bytes"
	"encoding/json"
	"strconv"
	"testing"

	"github.com/sfconnect/sfconnect/schema"
)

func containsJSONMember(doc []byte, member string) bool {
	return bytes.Contains(doc, []byte(member))
}

func parseJSON(t *testing.T, doc []byte) map[string]any {
	t.Helper()
	var v map[string]any
	d := json.NewDecoder(bytes.NewReader(doc))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		t.Fatalf("parsing rendered JSON: %v\n%s", err, doc)
	}
	return v
}

// TestJSONMatchesModel checks every golden model's parsed CSDL JSON against its model.
func TestJSONMatchesModel(t *testing.T) {
	for _, tc := range goldenCases {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.model(t)
			checkJSONAgainstModel(t, m, tc.opts, parseJSON(t, JSONWith(m, tc.opts)))
		})
	}
}

func checkJSONAgainstModel(t *testing.T, m *schema.Model, o Options, doc map[string]any) {
	t.Helper()
	ns, container := names(m)
	wantContainer := any(ns + "." + container)
	if len(m.EntitySets) == 0 {
		wantContainer = nil
	}
	if doc["$Version"] != "4.0" || doc["$EntityContainer"] != wantContainer {
		t.Errorf("$Version=%v $EntityContainer=%v, want 4.0 and %v", doc["$Version"], doc["$EntityContainer"], wantContainer)
	}
	if _, ok := doc["$Reference"]; ok != needsCore(m, o) {
		t.Errorf("$Reference present = %v, want %v", ok, needsCore(m, o))
	}
	s, _ := doc[ns].(map[string]any)
	if s == nil {
		t.Fatalf("no schema object %q", ns)
	}
	if len(m.EntitySets) == 0 {
		if len(s) != 0 {
			t.Errorf("schema %q = %v, want empty", ns, s)
		}
		return
	}
	c, _ := s[container].(map[string]any)
	if c == nil || c["$Kind"] != "EntityContainer" || len(c) != len(m.EntitySets)+1 {
		t.Fatalf("container %q = %v", container, c)
	}
	for _, es := range m.EntitySets {
		if got := c[es.Name]; !jsonEqual(got, map[string]any{"$Collection": true, "$Type": ns + "." + es.Name}) {
			t.Errorf("entity set %s = %v", es.Name, got)
		}
		et, _ := s[es.Name].(map[string]any)
		if et == nil {
			t.Fatalf("no entity type %s", es.Name)
		}
		checkJSONEntityType(t, es, o, et)
	}
}

func checkJSONEntityType(t *testing.T, es *schema.EntitySet, o Options, et map[string]any) {
	t.Helper()
	var key []any
	for _, k := range es.Key {
		key = append(key, k.Name)
	}
	if et["$Kind"] != "EntityType" || !jsonEqual(et["$Key"], key) {
		t.Errorf("%s: $Kind=%v $Key=%v, want EntityType %v", es.Name, et["$Kind"], et["$Key"], key)
	}
	checkJSONDescription(t, es.Name, et, es.Description)
	for _, p := range es.Properties {
		where := es.Name + "." + p.Name
		jp, _ := et[p.Name].(map[string]any)
		if jp == nil {
			t.Errorf("%s: missing", where)
			continue
		}
		// CSDL JSON defaults: $Type Edm.String, $Nullable false.
		typ, ok := jp["$Type"]
		if !ok {
			typ = "Edm.String"
		}
		if typ != p.Type.String() || (ok && p.Type == schema.EdmString) {
			t.Errorf("%s: $Type = %v (present %v), want %s", where, typ, ok, p.Type)
		}
		if nullable, ok := jp["$Nullable"]; (nullable == true) != p.Nullable || (ok && nullable != true) {
			t.Errorf("%s: $Nullable = %v, want %v (only true is written)", where, nullable, p.Nullable)
		}
		if p.Type == schema.EdmString && p.MaxLength > 0 && jp["$MaxLength"] != json.Number(strconv.Itoa(p.MaxLength)) {
			t.Errorf("%s: $MaxLength = %v, want %d", where, jp["$MaxLength"], p.MaxLength)
		}
		if p.Type == schema.EdmDecimal && jp["$Scale"] == nil {
			t.Errorf("%s: decimal without $Scale", where)
		}
		checkJSONDescription(t, where, jp, p.Description)
		if _, ok := jp["@Org.OData.Core.V1.Computed"]; ok != (o.Computed && p.ReadOnly) {
			t.Errorf("%s: Computed annotation present = %v", where, ok)
		}
	}
}

func checkJSONDescription(t *testing.T, where string, obj map[string]any, want string) {
	t.Helper()
	got, ok := obj["@Org.OData.Core.V1.Description"]
	if ok != (want != "") || (ok && got != want) {
		t.Errorf("%s: description = %q (present %v), want %q", where, got, ok, want)
	}
}

func jsonEqual(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && bytes.Equal(x, y)
}

// TestJSONUnboundedString: CSDL JSON has no "max", so an unknown length is simply absent.
func TestJSONUnboundedString(t *testing.T) {
	m := model(t, "", "", set(t, "S", "", []string{"K"},
		&schema.Property{Name: "K", Type: schema.EdmString, MaxLength: 12},
		&schema.Property{Name: "Text", Type: schema.EdmString, Nullable: true}))
	et := parseJSON(t, JSON(m))["sfconnect"].(map[string]any)["S"].(map[string]any)
	if got := et["K"]; !jsonEqual(got, map[string]any{"$MaxLength": 12}) {
		t.Errorf("K = %v", got)
	}
	if got := et["Text"]; !jsonEqual(got, map[string]any{"$Nullable": true}) {
		t.Errorf("Text = %v", got)
	}
}

func TestServiceDocument(t *testing.T) {
	m := representativeModel(t)
	var doc struct {
		Context string `json:"@odata.context"`
		Value   []struct{ Name, Kind, URL string }
	}
	if err := json.Unmarshal(ServiceDocument(m, "/odata/$metadata"), &doc); err != nil {
		t.Fatalf("parsing service document: %v", err)
	}
	if doc.Context != "/odata/$metadata" || len(doc.Value) != len(m.EntitySets) {
		t.Fatalf("service document = %+v", doc)
	}
	for i, es := range m.EntitySets {
		if v := doc.Value[i]; v.Name != es.Name || v.Kind != "EntitySet" || v.URL != es.Name {
			t.Errorf("entry %d = %+v, want %s", i, v, es.Name)
		}
	}
	empty := ServiceDocument(model(t, "", ""), "$metadata")
	if want := `{"@odata.context":"$metadata","value":[]}`; string(empty) != want {
		t.Errorf("empty service document = %s, want %s", empty, want)
	}
}
