package metadata

import (
	"fmt"
	"testing"

	"github.com/sfconnect/sfconnect/schema"
)

// set builds an entity set from its properties; key names the key properties in key order.
func set(t testing.TB, name, description string, key []string, props ...*schema.Property) *schema.EntitySet {
	t.Helper()
	es := &schema.EntitySet{Name: name, Description: description, Properties: props}
	for _, k := range key {
		found := false
		for _, p := range props {
			if p.Name == k {
				es.Key = append(es.Key, p)
				found = true
			}
		}
		if !found {
			t.Fatalf("key %s.%s is not a property", name, k)
		}
	}
	return es
}

func model(t testing.TB, ns, container string, sets ...*schema.EntitySet) *schema.Model {
	t.Helper()
	m := &schema.Model{Namespace: ns, ContainerName: container, EntitySets: sets}
	if err := m.Index(); err != nil {
		t.Fatalf("indexing test model: %v", err)
	}
	return m
}

// representativeModel covers every EDM type, strings with and without a length, decimals with
// and without precision, a composite key given in a different order than the columns,
// nullable and required properties, and descriptions that need escaping in XML and JSON.
func representativeModel(t testing.TB) *schema.Model {
	customers := set(t, "Customers", `Customers & prospects <"VIP">`, []string{"CustomerID"},
		&schema.Property{Name: "CustomerID", Type: schema.EdmString, MaxLength: 5, Description: "Five-letter code"},
		&schema.Property{Name: "CompanyName", Type: schema.EdmString, MaxLength: 40},
		&schema.Property{Name: "Notes", Type: schema.EdmString, Nullable: true,
			Description: "Free text,\n\tmay be 'long' — \u00fcnicode & \"quotes\""},
		&schema.Property{Name: "Active", Type: schema.EdmBoolean},
		&schema.Property{Name: "Logo", Type: schema.EdmBinary, Nullable: true},
		&schema.Property{Name: "Thumbnail", Type: schema.EdmBinary, MaxLength: 8000, Nullable: true},
	)
	lines := set(t, "OrderLines", "", []string{"OrderID", "LineNo"},
		&schema.Property{Name: "LineNo", Type: schema.EdmInt16},
		&schema.Property{Name: "OrderID", Type: schema.EdmInt64},
		&schema.Property{Name: "Quantity", Type: schema.EdmInt32},
		&schema.Property{Name: "UnitPrice", Type: schema.EdmDecimal, Precision: 19, Scale: 4},
		&schema.Property{Name: "Discount", Type: schema.EdmDecimal, Precision: 5, Nullable: true},
		&schema.Property{Name: "Weight", Type: schema.EdmDecimal, Nullable: true},
		&schema.Property{Name: "Flags", Type: schema.EdmByte, Nullable: true},
		&schema.Property{Name: "Delta", Type: schema.EdmSByte, Nullable: true},
		&schema.Property{Name: "Ratio", Type: schema.EdmDouble, Nullable: true},
		&schema.Property{Name: "Score", Type: schema.EdmSingle, Nullable: true},
		&schema.Property{Name: "ShipDate", Type: schema.EdmDate, Nullable: true},
		&schema.Property{Name: "CreatedAt", Type: schema.EdmDateTimeOffset, Precision: 3,
			ReadOnly: true, Generated: true},
		&schema.Property{Name: "UpdatedAt", Type: schema.EdmDateTimeOffset, Nullable: true},
		&schema.Property{Name: "PickupTime", Type: schema.EdmTimeOfDay, Precision: 6, Nullable: true},
		&schema.Property{Name: "Lead", Type: schema.EdmDuration, Nullable: true},
		&schema.Property{Name: "RowGuid", Type: schema.EdmGuid, ReadOnly: true},
	)
	return model(t, "erp", "ErpService", customers, lines)
}

// plainModel has no descriptions and default names: no vocabulary reference may appear.
func plainModel(t testing.TB) *schema.Model {
	return model(t, "", "", set(t, "Products", "", []string{"ProductID"},
		&schema.Property{Name: "ProductID", Type: schema.EdmInt32, ReadOnly: true},
		&schema.Property{Name: "Name", Type: schema.EdmString, MaxLength: 255, Nullable: true},
	))
}

// wideModel is the benchmark model: sets x props, mixed types, a description every few sets.
func wideModel(t testing.TB, sets, props int) *schema.Model {
	types := []schema.EdmType{schema.EdmString, schema.EdmInt32, schema.EdmDecimal,
		schema.EdmDateTimeOffset, schema.EdmBoolean, schema.EdmString, schema.EdmInt64}
	var all []*schema.EntitySet
	for s := range sets {
		var ps []*schema.Property
		for i := range props {
			p := &schema.Property{Name: fmt.Sprintf("Column%02d", i), Type: types[i%len(types)],
				Nullable: i > 0, MaxLength: 20 * i, Precision: 18, Scale: 2}
			if i%5 == 4 {
				p.Description = "Column & description"
			}
			ps = append(ps, p)
		}
		desc := ""
		if s%4 == 0 {
			desc = "Table <" + fmt.Sprint(s) + ">"
		}
		all = append(all, set(t, fmt.Sprintf("Table%03d", s), desc, []string{"Column00"}, ps...))
	}
	return model(t, "", "", all...)
}
