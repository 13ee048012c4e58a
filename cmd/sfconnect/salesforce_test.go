package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// sfStep is one request of a documented Salesforce Connect sequence (SALESFORCE-CONNECT.md).
type sfStep struct {
	name, method, path string
	header             map[string]string
	body               string
	status             int
}

// TestSalesforceReadSequences replays what Salesforce sends for sync, list views, search,
// detail pages and related lists, with exact expected answers (golden files).
func TestSalesforceReadSequences(t *testing.T) {
	ts := startServer(t, demoEnv(t))
	sf := map[string]string{"Accept": "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0"}
	steps := []sfStep{
		{name: "sync_service", method: "GET", path: "/odata/", status: 200},
		{name: "sync_metadata", method: "GET", path: "/odata/$metadata", header: map[string]string{"Accept": "application/xml"}, status: 200},
		{name: "list_view", method: "GET", path: "/odata/Customers?$select=customer_id&$count=true&$top=26", status: 200},
		{name: "list_view_filtered", method: "GET", path: "/odata/Customers?$select=city&$filter=country%20eq%20'US'&$orderby=city%20asc&$top=26&$count=true", status: 200},
		{name: "search_contains", method: "GET", path: "/odata/Customers?$select=name,email,customer_id&$count=true&$filter=contains(name,'Acme')%20eq%20true%20or%20contains(email,'Acme')%20eq%20true&$top=25", status: 200},
		{name: "search_free_text", method: "GET", path: "/odata/Customers?$select=name,email,customer_id&$count=true&$search=Acme&$top=25", status: 200},
		{name: "search_phrase_hyphen", method: "GET", path: "/odata/Customers?$select=name,customer_id&$count=true&$search=" + url.QueryEscape("jean-luc") + "&$top=25", status: 200},
		{name: "detail_by_filter", method: "GET", path: "/odata/Customers?$filter=customer_id%20eq%2042&$top=1", status: 200},
		{name: "related_list", method: "GET", path: "/odata/Invoices?$filter=account_sf_id%20eq%20'001000000000042AAA'&$top=50&$skip=0&$count=true", status: 200},
		{name: "external_lookup", method: "GET", path: "/odata/Orders?$select=order_id,order_number,total_amount&$filter=customer_id%20eq%2042&$orderby=order_date%20desc&$top=26&$count=false", status: 200},
		{name: "report_date_range", method: "GET", path: "/odata/Orders?$select=order_id,order_date&$filter=order_date%20ge%202024-01-01%20and%20order_date%20lt%202024-02-01&$orderby=order_date&$top=5&$count=true", status: 200},
		{name: "timestamp_filter", method: "GET", path: "/odata/Orders?$select=order_id,updated_at&$filter=updated_at%20gt%202024-06-01T00:00:00Z&$orderby=updated_at&$top=3", status: 200},
		{name: "decimal_filter", method: "GET", path: "/odata/Orders?$select=order_id,total_amount&$filter=total_amount%20ge%2012.5%20and%20total_amount%20le%2013&$top=5", status: 200},
		{name: "v2_literals", method: "GET", path: "/odata/Orders?$select=order_id&$filter=order_id%20eq%207L%20or%20substringof('ORD-0000009',order_number)&$top=5", status: 200},
		{name: "quoted_key_literal", method: "GET", path: "/odata/Customers?$select=customer_id,name&$filter=startswith(name,'O''')%20eq%20true&$top=5", status: 200},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			h := map[string]string{}
			for k, v := range sf {
				h[k] = v
			}
			for k, v := range st.header {
				h[k] = v
			}
			r := ts.do(t, st.method, st.path, h, st.body)
			if r.status != st.status {
				t.Fatalf("status %d, want %d: %s", r.status, st.status, clip(r.body))
			}
			golden(t, ts, "salesforce/"+st.name+".golden", r.body)
		})
	}
}

// writableDemo copies the demo database and serves the copy with writes and CSRF enabled.
func writableDemo(t *testing.T) *testServer {
	t.Helper()
	startServer(t, demoEnv(t)).stop() // make sure the shared demo exists
	src := filepath.Join(sharedDir(t), "demo.db")
	dst := filepath.Join(t.TempDir(), "writable.db")
	copyFile(t, src, dst)
	cfg := filepath.Join(t.TempDir(), "sfconnect.yaml")
	// Anonymous writes must be explicit (the anonymous rule, README Security).
	yaml := "writable: true\nauth:\n  anonymous: true\ncsrf:\n  enabled: true\nentities:\n" +
		"  - table: Customers\n  - table: Invoices\n  - table: OrderLines\n  - table: Products\n    etag: updated_at\n  - table: Orders\n    writable: false\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return startServer(t, map[string]string{"SFCONNECT_SECRET": "s"}, "--db", "sqlite:"+dst, "--config", cfg)
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestSalesforceWriteSequence: CSRF handshake, then create, edit and delete through every verb
// Salesforce uses, each checked by reading the row back.
func TestSalesforceWriteSequence(t *testing.T) {
	ts := writableDemo(t)
	// Without a token: 403 and the Required header.
	r := ts.do(t, "POST", "/odata/Customers", map[string]string{"Content-Type": "application/json"}, `{}`)
	if r.status != 403 || r.header.Get("X-CSRF-Token") != "Required" {
		t.Fatalf("write without CSRF token: %d %q, want 403 Required", r.status, r.header.Get("X-CSRF-Token"))
	}
	fetch := ts.do(t, "HEAD", "/odata/Customers", map[string]string{"X-CSRF-Token": "Fetch"}, "")
	token := fetch.header.Get("X-CSRF-Token")
	if fetch.status != 200 || token == "" || token == "Fetch" {
		t.Fatalf("CSRF fetch: %d %q", fetch.status, token)
	}
	h := map[string]string{"Content-Type": "application/json", "X-CSRF-Token": token}
	body := `{"name":"Zoë O'Neil","email":"zoe@example.com","country":"FR","city":"Paris","credit_limit":"1500.50","is_active":true,"created_at":"2024-05-01T10:00:00.1234567+02:00"}`
	created := ts.do(t, "POST", "/odata/Customers", h, body)
	if created.status != 201 {
		t.Fatalf("create: %d %s", created.status, clip(created.body))
	}
	var ent map[string]any
	if err := json.Unmarshal(created.body, &ent); err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(ent["customer_id"])
	loc := created.header.Get("Location")
	if !strings.HasSuffix(loc, "/odata/Customers("+id+")") || created.header.Get("OData-EntityId") != loc {
		t.Fatalf("Location %q / OData-EntityId %q for id %s", loc, created.header.Get("OData-EntityId"), id)
	}
	if ent["name"] != "Zoë O'Neil" || fmt.Sprint(ent["credit_limit"]) != "1500.5" {
		t.Fatalf("created entity does not read back the values: %s", created.body)
	}
	path := "/odata/Customers(" + id + ")"
	for _, v := range []struct{ method, tunnel, field, value string }{
		{"PATCH", "", "city", "Lyon"}, {"POST", "MERGE", "city", "Nice"}, {"POST", "PATCH", "city", "Brest"},
	} {
		hh := copyHeader(h)
		if v.tunnel != "" {
			hh["X-HTTP-Method"] = v.tunnel
		}
		r := ts.do(t, v.method, path, hh, fmt.Sprintf(`{%q:%q}`, v.field, v.value))
		if r.status != 204 {
			t.Fatalf("%s/%s: %d %s", v.method, v.tunnel, r.status, clip(r.body))
		}
		if got := ts.field(t, path, v.field); got != v.value {
			t.Fatalf("%s/%s: %s reads %q, want %q", v.method, v.tunnel, v.field, got, v.value)
		}
	}
	// PUT replaces: omitted nullable fields become null.
	put := ts.do(t, "PUT", path, h, `{"name":"Replaced","email":"r@example.com","country":"DE","city":"Bonn","credit_limit":1,"is_active":false,"created_at":"2024-01-01T00:00:00Z"}`)
	if put.status != 204 || ts.field(t, path, "phone") != "<nil>" || ts.field(t, path, "name") != "Replaced" {
		t.Fatalf("PUT: %d %s", put.status, clip(put.body))
	}
	del := ts.do(t, "POST", path, map[string]string{"X-HTTP-Method": "DELETE", "X-CSRF-Token": token}, "")
	if del.status != 204 {
		t.Fatalf("tunnelled DELETE: %d %s", del.status, clip(del.body))
	}
	if r := ts.do(t, "GET", path, nil, ""); r.status != 404 {
		t.Fatalf("after delete: %d", r.status)
	}
	if r := ts.do(t, "DELETE", path, h, ""); r.status != 404 {
		t.Fatalf("second delete: %d, want 404", r.status)
	}
}

func copyHeader(h map[string]string) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		out[k] = v
	}
	return out
}

// field reads one property of an entity as text ("<nil>" for null).
func (ts *testServer) field(t *testing.T, path, name string) string {
	t.Helper()
	r := ts.do(t, "GET", path, nil, "")
	var ent map[string]any
	if err := json.Unmarshal(r.body, &ent); err != nil || r.status != 200 {
		t.Fatalf("reading %s: %d %v", path, r.status, err)
	}
	return fmt.Sprint(ent[name])
}

// TestWriteErrors: every bad write gets a readable 4xx and changes nothing.
func TestWriteErrors(t *testing.T) {
	ts := writableDemo(t)
	token := ts.do(t, "GET", "/odata/", map[string]string{"X-CSRF-Token": "fetch"}, "").header.Get("X-CSRF-Token")
	h := map[string]string{"Content-Type": "application/json", "X-CSRF-Token": token}
	before := ts.count(t, "/odata/Customers/$count")
	cases := []struct {
		name, method, path, body string
		status                   int
		contains                 string
	}{
		{"unknown property", "POST", "/odata/Customers", `{"name":"x","bogus":1}`, 400, "bogus"},
		{"wrong type", "POST", "/odata/Customers", `{"name":5}`, 400, "name"},
		{"missing required", "POST", "/odata/Customers", `{"name":"x"}`, 400, "requires"},
		{"not json", "POST", "/odata/Customers", `name=x`, 400, "JSON"},
		{"too long", "POST", "/odata/Customers", `{"country":"FRANCE"}`, 400, "country"},
		{"key mismatch", "PATCH", "/odata/Customers(1)", `{"customer_id":2}`, 400, "key"},
		{"absent row", "PATCH", "/odata/Customers(999999999)", `{"city":"x"}`, 404, ""},
		{"duplicate key", "POST", "/odata/Invoices", `{"invoice_id":"INV-000001","order_id":1,"account_sf_id":"001000000000001AAA","amount":1,"due_date":"2024-01-01","paid":false}`, 409, ""},
		{"foreign key", "POST", "/odata/OrderLines", `{"order_id":999999999,"line_no":1,"product_id":1,"quantity":1,"unit_price":1}`, 409, ""},
		{"read-only set", "POST", "/odata/Orders", `{}`, 405, "read-only"},
		{"collection patch", "PATCH", "/odata/Customers", `{}`, 405, ""},
		{"bad media type", "POST", "/odata/Customers", ``, 415, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hh := copyHeader(h)
			if tc.name == "bad media type" {
				hh["Content-Type"] = "text/csv"
			}
			r := ts.do(t, tc.method, tc.path, hh, tc.body)
			if r.status != tc.status || !strings.Contains(strings.ToLower(string(r.body)), strings.ToLower(tc.contains)) {
				t.Errorf("status %d, want %d containing %q: %s", r.status, tc.status, tc.contains, clip(r.body))
			}
			if m := leak.Find(r.body); m != nil {
				t.Errorf("leaks %q: %s", m, clip(r.body))
			}
		})
	}
	if after := ts.count(t, "/odata/Customers/$count"); after != before {
		t.Errorf("failed writes changed the row count: %d -> %d", before, after)
	}
}
