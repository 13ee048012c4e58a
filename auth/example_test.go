package auth_test

import (
	"fmt"
	"net/http"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// A row filter with a Salesforce custom header: the caller's region header becomes one quoted
// literal, whatever it contains.
func ExamplePolicy_RowFilter() {
	id := &schema.Property{Name: "id", Column: "id", Type: schema.EdmInt64}
	region := &schema.Property{Name: "region", Column: "region", Type: schema.EdmString, Nullable: true}
	orders := &schema.EntitySet{Name: "Orders", Key: []*schema.Property{id}, Properties: []*schema.Property{id, region}}
	model := &schema.Model{Namespace: "ex", ContainerName: "C", EntitySets: []*schema.EntitySet{orders}}
	if err := model.Index(); err != nil {
		panic(err)
	}
	policy, err := auth.NewPolicy([]config.AccessRule{{
		Principals: []string{"role:sales"},
		Read:       []string{"Orders"},
		Filters:    map[string]string{"Orders": "region eq {header.X-User-Region}"},
	}}, model, odata.ParseFilter)
	if err != nil {
		panic(err)
	}
	caller := &auth.Principal{Kind: auth.KindUser, Name: "salesforce", Roles: []string{"sales"}}
	for _, h := range []string{"EMEA", "x' or 1 eq 1 or 'a"} {
		e, err := policy.RowFilter(caller, orders, auth.Read, http.Header{"X-User-Region": {h}})
		if err != nil {
			panic(err)
		}
		b := e.(*odata.Binary)
		fmt.Printf("%s %s %s\n", b.Left.(*odata.PropertyRef).Prop.Name, b.Op, odata.LiteralString(b.Right.(*odata.Literal).Value))
	}
	_, err = policy.RowFilter(caller, orders, auth.Write, nil)
	fmt.Println(err.(*odata.Error).Status)
	// Output:
	// region eq 'EMEA'
	// region eq 'x'' or 1 eq 1 or ''a'
	// 403
}
