package sources_test

import (
	"fmt"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/sources"
	"github.com/sfconnect/sfconnect/sources/sqlite"
)

// A Salesforce related-list read: the filter value is a bind argument, the order is total,
// and the page is limited to $top.
func ExampleSelectSQL() {
	es := itemsSet()
	filter, _ := odata.ParseFilter(es, "Code eq '001xx000003DGb2AAG' and Name ne 'x'", odata.DefaultLimits)
	r := &odata.Read{Set: es, Fetch: []odata.Expr{ref(es, "ID"), ref(es, "Name")}, Filter: filter,
		OrderBy: []odata.OrderItem{{Expr: ref(es, "ID")}}, Limit: 51}
	query, args, _ := sources.SelectSQL(sqlite.Dialect{}, r)
	fmt.Println(query)
	fmt.Println(args)
	// Output:
	// SELECT "id", "name" FROM "items" WHERE (("code" = ? COLLATE BINARY AND ("name" <> ? COLLATE BINARY OR "name" IS NULL))) ORDER BY "id" LIMIT 51
	// [001xx000003DGb2AAG x]
}
