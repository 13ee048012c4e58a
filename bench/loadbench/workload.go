package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// query is one request shape of the Salesforce workload. Request i of a run uses parameter
// variant i % variants, the same sequence for sfconnect and for the direct SQL.
type query struct {
	ID, Title string
	Set       string
	// MaxPage, when > 0, is sent as Prefer: odata.maxpagesize (server-driven page size).
	MaxPage int
	// Options returns the raw (encoded) query string of variant v.
	Options  func(v int) string
	Variants int
	// Check validates a decoded response of variant v.
	Check func(v int, r *odataResponse) error
	// URL, when set, replaces set+options (Q5n: the server's own nextLink).
	URL string
	// afterRow is the JSON row Q5n's token continues after (the direct SQL's keyset values).
	afterRow map[string]any
}

// Search terms of Q3: fragments of the generated names and e-mails, 3+ characters so a
// trigram index can serve them.
var searchTerms = []string{"mill", "schm", "sson", "anna", "kowal", "tanak", "ferr", "oliv", "hans", "park", "russo", "wagn"}

const listSelect = "id,order_number,order_date,total_amount"

// deepSkip is Q5's depth.
const deepSkip = 900_000

func enc(s string) string { return strings.ReplaceAll(url.QueryEscape(s), "+", "%20") }

func workload() []*query {
	return []*query{
		{ID: "Q1", Title: "list view: $select 4, $orderby=order_date desc, $top=26, $count=true", Set: "orders", Variants: 1,
			Options: func(int) string {
				return "$select=" + listSelect + "&$orderby=" + enc("order_date desc") + "&$top=26&$count=true"
			},
			Check: func(_ int, r *odataResponse) error { return r.expect(26, nOrders) }},
		{ID: "Q2", Title: "related list: $filter=customer_id eq N", Set: "orders", Variants: 4096,
			Options: func(v int) string { return "$filter=" + enc("customer_id eq "+strconv.Itoa(customerN(v))) },
			Check: func(v int, r *odataResponse) error {
				return r.eachRow(func(row map[string]any) error { return fieldIs(row, "customer_id", customerN(v)) })
			}},
		{ID: "Q3", Title: "global search: contains(name) or contains(email), $top=25, $count=true", Set: "customers", Variants: len(searchTerms),
			Options: func(v int) string {
				t := searchTerms[v]
				return "$filter=" + enc(fmt.Sprintf("contains(name,'%s') eq true or contains(email,'%s') eq true", t, t)) + "&$top=25&$count=true"
			},
			Check: func(v int, r *odataResponse) error { return r.searchHits(searchTerms[v], false) }},
		{ID: "Q3s", Title: "global search: $search=term, $top=25, $count=true", Set: "customers", Variants: len(searchTerms),
			Options: func(v int) string { return "$search=" + enc(searchTerms[v]) + "&$top=25&$count=true" },
			Check:   func(v int, r *odataResponse) error { return r.searchHits(searchTerms[v], true) }},
		{ID: "Q4", Title: "detail: $filter=id eq N", Set: "orders", Variants: 4096,
			Options: func(v int) string { return "$filter=" + enc("id eq "+strconv.Itoa(orderN(v))) },
			Check: func(v int, r *odataResponse) error {
				if len(r.Value) != 1 {
					return fmt.Errorf("want 1 row, got %d", len(r.Value))
				}
				return fieldIs(r.Value[0], "id", orderN(v))
			}},
		{ID: "Q5", Title: "deep page: Q1's order, $top=26, $skip=900000", Set: "orders", Variants: 1,
			Options: func(int) string {
				return "$select=" + listSelect + "&$orderby=" + enc("order_date desc") + "&$top=26&$skip=" + strconv.Itoa(deepSkip)
			},
			Check: func(_ int, r *odataResponse) error { return r.expect(26, -1) }},
		{ID: "Q5f", Title: "first page, server-driven (Prefer: odata.maxpagesize=26), Q1's order", Set: "orders", Variants: 1, MaxPage: 26,
			Options: func(int) string { return "$select=" + listSelect + "&$orderby=" + enc("order_date desc") },
			Check: func(_ int, r *odataResponse) error {
				if r.NextLink == "" {
					return fmt.Errorf("no nextLink on a first page of 26")
				}
				return r.expect(26, -1)
			}},
	}
}

// customerN and orderN spread the lookups over the whole key range deterministically.
func customerN(v int) int { return 1 + (v*7919)%nCustomers }
func orderN(v int) int    { return 1 + (v*104729)%nOrders }
