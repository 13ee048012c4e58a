package odata_test

import (
	"fmt"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

func exampleSet() *schema.EntitySet {
	set := &schema.EntitySet{Name: "Shippers", Properties: []*schema.Property{
		{Name: "ShipperID", Column: "shipper_id", Type: schema.EdmInt32},
		{Name: "CompanyName", Column: "company_name", Type: schema.EdmString},
		{Name: "Phone", Column: "phone", Type: schema.EdmString},
	}}
	set.Key = set.Properties[:1]
	m := &schema.Model{Namespace: "example", EntitySets: []*schema.EntitySet{set}}
	if err := m.Index(); err != nil {
		panic(err)
	}
	return set
}

func ExampleParseFilter() {
	set := exampleSet()
	e, err := odata.ParseFilter(set, "contains(CompanyName,'Acme') eq true or ShipperID in (1, 2)", odata.DefaultLimits)
	if err != nil {
		panic(err)
	}
	or := e.(*odata.Binary)
	fmt.Println(or.Op, or.Left.(*odata.Binary).Left.(*odata.Call).Name, or.Right.(*odata.In).X.(*odata.PropertyRef).Prop.Column)

	_, err = odata.ParseFilter(set, "CompanyName eq 5", odata.DefaultLimits)
	fmt.Println(err.(*odata.Error).Message)
	// Output:
	// or contains shipper_id
	// $filter: cannot compare Edm.String with Edm.Int32 (at position 13)
}

func ExampleParseSearch() {
	e, _ := odata.ParseSearch(`acme corp-x OR "big co"`, odata.DefaultLimits)
	or := e.(*odata.SearchOr)
	fmt.Printf("%q %q\n", or.Left.(*odata.SearchPhrase).Text, or.Right.(*odata.SearchPhrase).Text)
	// Output: "acme corp-x" "big co"
}

func ExampleParseKey() {
	set := exampleSet()
	v, _ := odata.ParseKey(set, "ShipperID=42")
	fmt.Println(v[0].Type, v[0].Int)
	_, err := odata.ParseKey(set, "'42'")
	fmt.Println(err.(*odata.Error).Message)
	// Output:
	// Edm.Int32 42
	// '42' is not a valid Edm.Int32 for the key ShipperID of Shippers
}
