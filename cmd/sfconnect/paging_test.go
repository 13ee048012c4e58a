package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestPagingWalkUnderConcurrentWrites follows nextLinks through a whole entity set while rows
// are inserted and deleted between its pages. Keyset skiptokens promise what offsets cannot:
// every row that exists from the start to the end of the walk is delivered exactly once, and
// no row twice. The walk orders by a non-unique column (amount desc), so it also crosses ties,
// where the key completion of the total order decides. The writes run in lockstep with the
// pages (after each page: inserts spread over the whole order, deletes of rows not yet seen
// and already seen), so every run exercises the same interleaving.
func TestPagingWalkUnderConcurrentWrites(t *testing.T) {
	ts := writableDemo(t)
	token := ts.do(t, "GET", "/odata/", map[string]string{"X-CSRF-Token": "Fetch"}, "").header.Get("X-CSRF-Token")
	h := map[string]string{"Content-Type": "application/json", "X-CSRF-Token": token}
	const query = "/odata/Invoices?$select=invoice_id,amount&$orderby=amount%20desc&$count=true"

	before, _ := ts.walkInvoices(t, query, nil)
	if len(before) < 2000 {
		t.Fatalf("the demo has %d invoices; the walk needs several pages", len(before))
	}
	deleted := map[string]bool{}
	inserted := 0
	_, seen := ts.walkInvoices(t, query, func(page int) {
		for j := 0; j < 3; j++ {
			ts.createInvoice(t, h, inserted)
			inserted++
		}
		// one victim far ahead of the cursor, one behind it
		for _, at := range []int{len(before) - 1 - page*5, page * 5} {
			if id := before[at]; !deleted[id] {
				deleted[id] = true
				if r := ts.do(t, "DELETE", "/odata/Invoices('"+id+"')", h, ""); r.status != http.StatusNoContent {
					t.Fatalf("deleting %s: %d %s", id, r.status, clip(r.body))
				}
			}
		}
	})
	missing := 0
	for _, id := range before {
		if !deleted[id] && seen[id] == 0 {
			if missing++; missing <= 5 {
				t.Errorf("invoice %s existed throughout the walk but was never delivered", id)
			}
		}
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("invoice %s delivered %d times", id, n)
		}
	}
	if missing > 0 {
		t.Fatalf("%d of %d rows that existed throughout the walk were skipped", missing, len(before)-len(deleted))
	}
	if inserted < 20 || len(deleted) < 10 {
		t.Fatalf("only %d inserts and %d deletes happened during the walk", inserted, len(deleted))
	}
}

// walkInvoices follows the nextLinks of query in pages of 250, calling between(page) after each
// page that has a successor, and returns the ids in delivery order and how often each came.
func (ts *testServer) walkInvoices(t *testing.T, query string, between func(page int)) ([]string, map[string]int) {
	t.Helper()
	var order []string
	seen := map[string]int{}
	next := query
	for page := 0; next != ""; page++ {
		r := ts.do(t, http.MethodGet, next, map[string]string{"Prefer": "odata.maxpagesize=250"}, "")
		if r.status != 200 {
			t.Fatalf("page %d: status %d: %s", page, r.status, clip(r.body))
		}
		var body struct {
			Value []struct {
				ID string `json:"invoice_id"`
			} `json:"value"`
			NextLink string `json:"@odata.nextLink"`
		}
		if err := json.Unmarshal(r.body, &body); err != nil {
			t.Fatalf("page %d: %v", page, err)
		}
		for _, row := range body.Value {
			seen[row.ID]++
			order = append(order, row.ID)
		}
		next = strings.TrimPrefix(body.NextLink, ts.base)
		if next != "" && between != nil {
			between(page)
		}
	}
	return order, seen
}

// createInvoice inserts invoice n of the test, with an amount that lands anywhere in the order
// (ahead of the cursor and behind it) and ties with existing amounts.
func (ts *testServer) createInvoice(t *testing.T, h map[string]string, n int) {
	t.Helper()
	body := fmt.Sprintf(`{"invoice_id":"INV-9%05d","order_id":%d,"account_sf_id":"001000000000042AAA","amount":%d.%02d,"due_date":"2025-01-01","paid":false}`,
		n, 1+n%1000, (n*7919)%12000, (n*37)%100)
	if r := ts.do(t, "POST", "/odata/Invoices", h, body); r.status != http.StatusCreated {
		t.Fatalf("creating invoice %d: %d %s", n, r.status, clip(r.body))
	}
}
