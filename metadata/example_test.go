package metadata_test

import (
	"fmt"

	"github.com/sfconnect/sfconnect/metadata"
	"github.com/sfconnect/sfconnect/schema"
)

func ExampleXML() {
	id := &schema.Property{Name: "ID", Type: schema.EdmInt32}
	name := &schema.Property{Name: "Name", Type: schema.EdmString, MaxLength: 80, Nullable: true}
	m := &schema.Model{EntitySets: []*schema.EntitySet{{
		Name:       "Shippers",
		Properties: []*schema.Property{id, name},
		Key:        []*schema.Property{id},
	}}}
	if err := m.Index(); err != nil {
		panic(err)
	}
	fmt.Print(string(metadata.XML(m)))
	fmt.Println(string(metadata.ServiceDocument(m, "/odata/$metadata")))
	// Output:
	// <?xml version="1.0" encoding="utf-8"?>
	// <edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">
	//   <edmx:DataServices>
	//     <Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="sfconnect">
	//       <EntityType Name="Shippers">
	//         <Key>
	//           <PropertyRef Name="ID"/>
	//         </Key>
	//         <Property Name="ID" Type="Edm.Int32" Nullable="false"/>
	//         <Property Name="Name" Type="Edm.String" MaxLength="80"/>
	//       </EntityType>
	//       <EntityContainer Name="Container">
	//         <EntitySet Name="Shippers" EntityType="sfconnect.Shippers"/>
	//       </EntityContainer>
	//     </Schema>
	//   </edmx:DataServices>
	// </edmx:Edmx>
	// {"@odata.context":"/odata/$metadata","value":[{"name":"Shippers","kind":"EntitySet","url":"Shippers"}]}
}

func ExampleJSON() {
	id := &schema.Property{Name: "OrderID", Type: schema.EdmInt64}
	total := &schema.Property{Name: "Total", Type: schema.EdmDecimal, Precision: 12, Scale: 2, Nullable: true}
	m := &schema.Model{Namespace: "erp", EntitySets: []*schema.EntitySet{{
		Name:       "Orders",
		Properties: []*schema.Property{id, total},
		Key:        []*schema.Property{id},
	}}}
	if err := m.Index(); err != nil {
		panic(err)
	}
	fmt.Print(string(metadata.JSON(m)))
	// Output:
	// {
	//   "$Version": "4.0",
	//   "$EntityContainer": "erp.Container",
	//   "erp": {
	//     "Orders": {
	//       "$Kind": "EntityType",
	//       "$Key": ["OrderID"],
	//       "OrderID": {"$Type": "Edm.Int64"},
	//       "Total": {"$Type": "Edm.Decimal", "$Nullable": true, "$Precision": 12, "$Scale": 2}
	//     },
	//     "Container": {
	//       "$Kind": "EntityContainer",
	//       "Orders": {"$Collection": true, "$Type": "erp.Orders"}
	//     }
	//   }
	// }
}
