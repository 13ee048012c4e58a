package main

import (
	"bytes"
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sfconnect/sfconnect/sources"
)

// serverEngines are the engines scripts/test.sh starts; each test skips when its URL is absent.
var serverEngines = []struct{ name, env, otherSchema, otherTable string }{
	{"postgres", "SFCONNECT_TEST_POSTGRES_URL", "t_sales", "t_sales.t_orders"},
	{"mysql", "SFCONNECT_TEST_MYSQL_URL", "sfconnect_test_sales", "sfconnect_test_sales.t_orders"},
}

func serverURL(t *testing.T, env string) string {
	t.Helper()
	u := os.Getenv(env)
	if u == "" {
		t.Skipf("%s not set: run ./scripts/test.sh", env)
	}
	return u
}

func runCmd(t *testing.T, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, func(string) string { return "" }, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

// TestIntrospectServeRoundTrip: `sfconnect introspect --db URL` prints a config that
// `serve --config` accepts unchanged, and the served $metadata and rows follow it.
func TestIntrospectServeRoundTrip(t *testing.T) {
	for _, se := range serverEngines {
		t.Run(se.name, func(t *testing.T) {
			url := serverURL(t, se.env)
			schemas := "public," + se.otherSchema
			if se.name == "mysql" {
				schemas = "sfconnect_test," + se.otherSchema
			}
			out, stderr, err := runCmd(t, "introspect", "--db", url, "--schema", schemas,
				"--tables", "t_types,t_generated,t_keys,t_types_view,t_nokey,"+se.otherTable)
			if err != nil {
				t.Fatalf("introspect: %v\n%s", err, stderr)
			}
			for _, want := range []string{"table: t_types", "table: t_generated", "table: " + se.otherTable,
				"# - table: t_types_view", "# - table: t_nokey", "not served", `key: [region, "no"]`} {
				if !strings.Contains(out, want) {
					t.Errorf("introspect output lacks %q:\n%s", want, out)
				}
			}
			path := filepath.Join(t.TempDir(), "sfconnect.yaml")
			if err := os.WriteFile(path, []byte(out), 0o600); err != nil {
				t.Fatal(err)
			}
			ts := startServer(t, map[string]string{}, "--config", path)
			meta := ts.do(t, "GET", "/odata/$metadata", nil, "")
			if meta.status != http.StatusOK {
				t.Fatalf("$metadata: %d %s", meta.status, meta.body)
			}
			for _, want := range []string{`EntitySet Name="t_types"`, `EntitySet Name="t_generated"`, `EntitySet Name="t_keys"`,
				`EntitySet Name="t_orders"`, `Name="c_varchar" Type="Edm.String" MaxLength="40"`} {
				if !bytes.Contains(meta.body, []byte(want)) {
					t.Errorf("$metadata lacks %s", want)
				}
			}
			for _, absent := range []string{`t_types_view`, `t_nokey`, `c_geometry`, `c_money`, `c_int_array`} {
				if bytes.Contains(meta.body, []byte(absent)) {
					t.Errorf("$metadata serves %s, which the config leaves out or cannot map", absent)
				}
			}
			rows := ts.do(t, "GET", "/odata/t_orders?$orderby=order_id&$select=order_id,amount", nil, "")
			if rows.status != http.StatusOK || !bytes.Contains(rows.body, []byte(`{"order_id":1,"amount":10.50}`)) {
				t.Errorf("t_orders from the other schema: %d %s", rows.status, rows.body)
			}
			one := ts.do(t, "GET", "/odata/t_types(1)?$select=c_varchar,c_date", nil, "")
			if one.status != http.StatusOK || !bytes.Contains(one.body, []byte(`"c_varchar":"Grüße, 世界 🚀","c_date":"2024-02-29"`)) {
				t.Errorf("t_types(1): %d %s", one.status, one.body)
			}
		})
	}
}

// TestCheckReportsProblems: `sfconnect check` lists every problem at once and fails; here an
// entity set name longer than Salesforce allows, next to warnings for unmapped types and
// strings without length.
func TestCheckReportsProblems(t *testing.T) {
	const long = "t_a_table_name_much_too_long_for_salesforce_objects"
	for _, se := range serverEngines {
		t.Run(se.name, func(t *testing.T) {
			url := serverURL(t, se.env)
			ctx := context.Background()
			db, engine, err := sources.Open(ctx, url, sources.PoolOptions{MaxOpenConns: 1}, engines()...)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			q := engine.Dialect().QuoteIdent(long)
			if _, err := db.ExecContext(ctx, "CREATE TABLE "+q+" (id INTEGER PRIMARY KEY, note TEXT)"); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.ExecContext(ctx, "DROP TABLE "+q) }) //nolint:errcheck // best effort
			cfg := "database:\n  url: " + url + "\nentities:\n  - table: " + long + "\n  - table: t_types\n"
			path := filepath.Join(t.TempDir(), "check.yaml")
			if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
				t.Fatal(err)
			}
			out, _, err := runCmd(t, "check", "--config", path)
			if err == nil {
				t.Errorf("check passed a config with a %d-character entity set name:\n%s", len(long), out)
			}
			wants := []string{"problem: entity set " + long + ": name longer than 38", "2 entity sets, 1 problems"}
			if se.name == "postgres" { // TEXT has no length in PostgreSQL, 65535 bytes in MySQL
				wants = append(wants, "warning: t_types.c_money: skipped", "warning: "+long+".note: string without a known length")
			} else {
				wants = append(wants, "warning: t_types.c_geometry: skipped", "warning: t_types.c_bit8: skipped")
			}
			for _, want := range wants {
				if !strings.Contains(out, want) {
					t.Errorf("check output lacks %q:\n%s", want, out)
				}
			}
		})
	}
}
