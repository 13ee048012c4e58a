package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDemoViewNeedsAKey: the demo's view CustomerOrderTotals has no key, so the default
// service skips it with a warning; a config naming its key serves it, aggregates included.
func TestDemoViewNeedsAKey(t *testing.T) {
	ts := startServer(t, demoEnv(t))
	doc := ts.do(t, http.MethodGet, "/odata/", nil, "")
	if strings.Contains(string(doc.body), "CustomerOrderTotals") {
		t.Errorf("the service document lists the keyless view: %s", clip(doc.body))
	}
	if !strings.Contains(ts.logs.String(), "CustomerOrderTotals: skipped") {
		t.Errorf("no warning about the skipped view in the log:\n%s", ts.logs)
	}
	ts.stop()

	cfg := filepath.Join(t.TempDir(), "sfconnect.yaml")
	yaml := "entities:\n  - table: CustomerOrderTotals\n    key: [customer_id]\n"
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	ts = startServer(t, demoEnv(t), "--config", cfg)
	r := ts.do(t, http.MethodGet, "/odata/CustomerOrderTotals(42)", nil, "")
	var row struct {
		OrderCount  int64   `json:"order_count"`
		TotalAmount float64 `json:"total_amount"`
	}
	if err := json.Unmarshal(r.body, &row); err != nil || r.status != 200 {
		t.Fatalf("CustomerOrderTotals(42): %d %v %s", r.status, err, clip(r.body))
	}
	rows := ts.count(t, "/odata/CustomerOrderTotals/$count")
	if row.OrderCount < 5 || row.TotalAmount <= 0 || rows != 5000 {
		t.Errorf("customer 42: %d orders for %v; %d rows in the view", row.OrderCount, row.TotalAmount, rows)
	}
}
