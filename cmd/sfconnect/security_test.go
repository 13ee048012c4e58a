package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/sfconnect/sfconnect/auth"
)

const (
	e2eAdminKey   = "e2e-admin-key-0123456789abcdef"
	e2eSFPassword = "salesforce-named-credential-pw"
)

// securedDemo serves a copy of the demo with Basic, API-key auth and a row filter: the
// "salesforce" user (role sales) sees Customers of the country in its X-User-Country header
// (a Salesforce custom formula header) and may write them; the admin key sees everything.
func securedDemo(t *testing.T, extra string) *testServer {
	t.Helper()
	startServer(t, demoEnv(t)).stop()
	dst := filepath.Join(t.TempDir(), "secured.db")
	copyFile(t, filepath.Join(sharedDir(t), "demo.db"), dst)
	hash, err := bcrypt.GenerateFromPassword([]byte(e2eSFPassword), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	cfg := filepath.Join(t.TempDir(), "sfconnect.yaml")
	yaml := `writable: true
entities:
  - table: Customers
  - table: Orders
auth:
  basic:
    users:
      - name: salesforce
        password_hash: "${SF_HASH}"
        roles: [sales]
  api_keys:
    keys:
      - name: admin
        sha256: ` + auth.SHA256Hex([]byte(e2eAdminKey)) + `
  access:
    - principals: ["role:sales"]
      read: [Customers, Orders]
      write: [Customers]
      filters:
        Customers: "country eq {header.X-User-Country}"
        Orders: "customer_id le 100"
    - principals: ["key:admin"]
      read: ["*"]
      write: ["*"]
` + extra
	if err := os.WriteFile(cfg, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return startServer(t, map[string]string{"SFCONNECT_SECRET": "s", "SF_HASH": string(hash)}, "--db", "sqlite:"+dst, "--config", cfg)
}

func sfHeaders(country string) map[string]string {
	h := map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte("salesforce:"+e2eSFPassword)),
		"Accept": "application/json", "Content-Type": "application/json"}
	if country != "" {
		h["X-User-Country"] = country
	}
	return h
}

var adminHeaders = map[string]string{"X-API-Key": e2eAdminKey, "Content-Type": "application/json"}

type customerPage struct {
	Value []struct {
		ID      int64  `json:"customer_id"`
		Country string `json:"country"`
	} `json:"value"`
	Count *int64 `json:"@odata.count"`
	Next  string `json:"@odata.nextLink"`
}

func decodePage(t *testing.T, r response) customerPage {
	t.Helper()
	var p customerPage
	if r.status != 200 || json.Unmarshal(r.body, &p) != nil {
		t.Fatalf("status %d: %s", r.status, clip(r.body))
	}
	return p
}

// TestSecurityEndToEnd runs the row-filter guarantees through the real server and SQLite.
func TestSecurityEndToEnd(t *testing.T) {
	ts := securedDemo(t, "")
	fr := sfHeaders("FR")
	adminCount := func(filter string) string {
		r := ts.do(t, "GET", "/odata/Customers/$count?$filter="+url.QueryEscape(filter), adminHeaders, "")
		return string(r.body)
	}
	frTotal := adminCount("country eq 'FR'")
	if frTotal == "0" || frTotal == adminCount("true") {
		t.Fatalf("the demo needs some but not all customers in FR: %s", frTotal)
	}

	t.Run("credentials required", func(t *testing.T) {
		for _, p := range []string{"/odata/", "/odata/$metadata", "/odata/Customers"} {
			r := ts.do(t, "GET", p, nil, "")
			if r.status != 401 || !strings.HasPrefix(r.header.Get("WWW-Authenticate"), "Basic realm=") {
				t.Errorf("%s: %d %q", p, r.status, r.header.Get("WWW-Authenticate"))
			}
		}
		bad := sfHeaders("FR")
		bad["Authorization"] = "Basic " + base64.StdEncoding.EncodeToString([]byte("salesforce:wrong"))
		if r := ts.do(t, "GET", "/odata/Customers", bad, ""); r.status != 401 {
			t.Errorf("wrong password: %d", r.status)
		}
	})

	t.Run("reads", func(t *testing.T) {
		for _, q := range []string{"$count=true&$top=50", "$count=true&$filter=" + url.QueryEscape("country eq 'US' or customer_id gt 0") + "&$top=50",
			"$count=true&$search=a&$top=50", "$count=true&$filter=" + url.QueryEscape("contains(name,'a') eq true") + "&$orderby=name%20desc&$top=50"} {
			p := decodePage(t, ts.do(t, "GET", "/odata/Customers?"+q, fr, ""))
			for _, c := range p.Value {
				if c.Country != "FR" {
					t.Errorf("%s: customer %d from %s leaked", q, c.ID, c.Country)
				}
			}
			if p.Count == nil || len(p.Value) == 0 {
				t.Errorf("%s: %d rows, count %v", q, len(p.Value), p.Count)
			}
		}
		if p := decodePage(t, ts.do(t, "GET", "/odata/Customers?$count=true&$filter="+url.QueryEscape("country eq 'US'"), fr, "")); len(p.Value) != 0 || *p.Count != 0 {
			t.Errorf("asking for US gave %d rows, count %d", len(p.Value), *p.Count)
		}
		if r := ts.do(t, "GET", "/odata/Customers/$count", fr, ""); string(r.body) != frTotal {
			t.Errorf("$count %s, want %s", r.body, frTotal)
		}
	})

	usID := decodePage(t, ts.do(t, "GET", "/odata/Customers?$top=1&$filter="+url.QueryEscape("country eq 'US'"), adminHeaders, "")).Value[0].ID
	frID := decodePage(t, ts.do(t, "GET", "/odata/Customers?$top=1", fr, "")).Value[0].ID
	usPath := "/odata/Customers(" + i64(usID) + ")"
	frPath := "/odata/Customers(" + i64(frID) + ")"

	t.Run("key reads", func(t *testing.T) {
		if r := ts.do(t, "GET", usPath, fr, ""); r.status != 404 {
			t.Errorf("US customer by key: %d", r.status)
		}
		if r := ts.do(t, "GET", frPath, fr, ""); r.status != 200 {
			t.Errorf("own customer by key: %d", r.status)
		}
	})

	t.Run("nextLinks", func(t *testing.T) {
		h := copyHeader(fr)
		h["Prefer"] = "odata.maxpagesize=97"
		seen := map[int64]bool{}
		next := "/odata/Customers?$select=customer_id,country&$count=true"
		for pages := 0; next != ""; pages++ {
			p := decodePage(t, ts.do(t, "GET", next, h, ""))
			for _, c := range p.Value {
				if c.Country != "FR" || seen[c.ID] {
					t.Fatalf("page %d: customer %d (%s) leaked or repeated", pages, c.ID, c.Country)
				}
				seen[c.ID] = true
			}
			next = strings.TrimPrefix(p.Next, ts.base)
		}
		if itoa(len(seen)) != frTotal {
			t.Errorf("walked %d customers, want %s", len(seen), frTotal)
		}
	})

	t.Run("writes", func(t *testing.T) {
		cases := []struct {
			method, path, body string
			status             int
		}{
			{"PATCH", usPath, `{"city":"Nowhere"}`, 404},
			{"DELETE", usPath, "", 404},
			{"PATCH", frPath, `{"country":"US"}`, 403},
			{"POST", "/odata/Customers", `{"name":"Évelyne","email":"e@example.fr","country":"US","city":"Lyon","credit_limit":"10.00","is_active":true,"created_at":"2024-01-01T00:00:00Z"}`, 403},
			{"POST", "/odata/Customers", `{"name":"Évelyne","email":"e@example.fr","country":"FR","city":"Lyon","credit_limit":"10.00","is_active":true,"created_at":"2024-01-01T00:00:00Z"}`, 201},
			{"PATCH", frPath, `{"city":"Lille"}`, 204},
			{"POST", "/odata/Orders", `{}`, 403},
		}
		for _, tc := range cases {
			if r := ts.do(t, tc.method, tc.path, fr, tc.body); r.status != tc.status {
				t.Errorf("%s %s %s: %d %s, want %d", tc.method, tc.path, tc.body, r.status, clip(r.body), tc.status)
			}
		}
		if got := ts.do(t, "GET", usPath, adminHeaders, ""); !bytes.Contains(got.body, []byte(`"country":"US"`)) || bytes.Contains(got.body, []byte("Nowhere")) {
			t.Errorf("the US customer changed: %s", clip(got.body))
		}
		if got := adminCount("country eq 'FR'"); got == frTotal {
			t.Errorf("the FR create did not land (count still %s)", got)
		}
	})

	t.Run("header injection", func(t *testing.T) {
		for _, v := range []string{"FR' or 1 eq 1 or 'a", "FR' or country ne 'FR", "') or (true"} {
			p := decodePage(t, ts.do(t, "GET", "/odata/Customers?$count=true&$top=5", sfHeaders(v), ""))
			if len(p.Value) != 0 || *p.Count != 0 {
				t.Errorf("%q: %d rows, count %d", v, len(p.Value), *p.Count)
			}
		}
		if r := ts.do(t, "GET", "/odata/Customers", sfHeaders(""), ""); r.status != 403 {
			t.Errorf("no country header: %d, want 403", r.status)
		}
	})

	t.Run("audit", func(t *testing.T) {
		logs := ts.logs.String()
		for _, secret := range []string{e2eSFPassword, e2eAdminKey, "Évelyne"} {
			if strings.Contains(logs, secret) {
				t.Errorf("the log contains %q", secret)
			}
		}
		if !strings.Contains(logs, "action=update entity_set=Customers key=("+i64(frID)+") result=ok status=204 principal=user:salesforce") {
			t.Errorf("no audit line for the update:\n%s", logs)
		}
	})
}

func i64(n int64) string { return strconv.FormatInt(n, 10) }

func TestHashPassword(t *testing.T) {
	for _, alg := range []string{"bcrypt", "argon2id", "sha256"} {
		var out, errb bytes.Buffer
		args := []string{"--algorithm", alg}
		if alg == "bcrypt" {
			args = append(args, "--cost", "10")
		}
		if err := hashPassword(args, strings.NewReader("correct horse battery\n"), &out, &errb); err != nil {
			t.Fatalf("%s: %v", alg, err)
		}
		h := strings.TrimSpace(out.String())
		switch alg {
		case "sha256":
			if h != auth.SHA256Hex([]byte("correct horse battery")) {
				t.Errorf("sha256: %s", h)
			}
		default:
			if a, _, _, err := auth.Cost(h); err != nil || a != alg {
				t.Errorf("%s: %s %v", alg, h, err)
			}
			if alg == "bcrypt" && bcrypt.CompareHashAndPassword([]byte(h), []byte("correct horse battery")) != nil {
				t.Error("bcrypt hash does not verify the password")
			}
		}
	}
	for _, tc := range []struct {
		args  []string
		stdin string
	}{{nil, ""}, {nil, "short\n"}, {[]string{"--algorithm", "md5"}, "long enough pw\n"}, {[]string{"--cost", "4"}, "long enough pw\n"}} {
		if err := hashPassword(tc.args, strings.NewReader(tc.stdin), &bytes.Buffer{}, &bytes.Buffer{}); exitCode(err) != 2 {
			t.Errorf("%v %q: %v, want a usage error", tc.args, tc.stdin, err)
		}
	}
}

// TestCheckSecurityWarnings: `sfconnect check` reports insecure settings and the anonymous rule.
func TestCheckSecurityWarnings(t *testing.T) {
	startServer(t, demoEnv(t)).stop()
	db := "sqlite:" + filepath.Join(sharedDir(t), "demo.db")
	weak, _ := bcrypt.GenerateFromPassword([]byte("pw"), 4)
	cases := []struct {
		yaml    string
		fails   bool
		outputs []string
	}{
		{"writable: true\n", true, []string{"problem: auth: entity sets", "writable but no authentication is configured"}},
		{"writable: true\nauth:\n  anonymous: true\n", false, []string{"warning: auth: anonymous callers may write", "warning: plain HTTP"}},
		{"auth:\n  basic:\n    users:\n      - name: sf\n        password_hash: '" + string(weak) + "'\n  api_keys:\n    keys:\n      - name: k\n        key: 0123456789abcdef0123\n",
			false, []string{"weak bcrypt cost 4", "key k is stored in clear", "rate_limit is not set"}},
	}
	for i, tc := range cases {
		cfg := filepath.Join(t.TempDir(), "c.yaml")
		if err := os.WriteFile(cfg, []byte(tc.yaml), 0o600); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		err := run(t.Context(), []string{"check", "--db", db, "--config", cfg}, func(string) string { return "" }, &out, &errb)
		if (err != nil) != tc.fails {
			t.Errorf("case %d: err %v\n%s", i, err, out.String())
		}
		for _, want := range tc.outputs {
			if !strings.Contains(out.String(), want) {
				t.Errorf("case %d: output lacks %q:\n%s", i, want, out.String())
			}
		}
	}
}
