package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	_ "github.com/go-sql-driver/mysql"
	_ "github.com/lib/pq"
)

// TestE2E replays the corpus testdata/e2e/*.txt against the real server on SQLite, PostgreSQL
// and MariaDB, each loaded with the same logical data (testdata/sql/<engine>/10_e2e.sql), and
// compares every answer with the case's one expected answer, byte for byte. SQLite always
// runs (on a temporary database); PostgreSQL and MariaDB run when scripts/test.sh exported
// their URLs. `go test -run TestE2E -update` rewrites the expected answers from SQLite only;
// the other engines are then compared with what SQLite answered.
func TestE2E(t *testing.T) {
	cases := loadE2ECases(t)
	if len(cases) < 60 {
		t.Fatalf("the corpus has %d cases; issue 4 asks for at least 60", len(cases))
	}
	for _, eng := range []struct{ name, env string }{
		{"sqlite", ""}, {"postgres", "SFCONNECT_TEST_POSTGRES_URL"}, {"mysql", "SFCONNECT_TEST_MYSQL_URL"},
	} {
		t.Run(eng.name, func(t *testing.T) {
			dbURL := ""
			if eng.env == "" {
				dbURL = "sqlite:" + e2eSQLite(t)
			} else if dbURL = os.Getenv(eng.env); dbURL == "" {
				t.Skipf("%s not set: run ./scripts/test.sh", eng.env)
			}
			resetE2ENotes(t, eng.name, dbURL)
			ts := startServer(t, map[string]string{}, "--db", dbURL, "--config", e2eConfig(t))
			run := &e2eRun{ts: ts}
			for _, c := range cases {
				t.Run(c.name, func(t *testing.T) {
					got := run.do(t, c)
					_, own := c.differs[eng.name]
					want := c.want
					if own {
						want = c.variants[eng.name]
					}
					switch {
					case *update && (eng.name == "sqlite" || own):
						c.rewrite(t, eng.name, got)
					case got != want:
						t.Errorf("%s differs from the expected answer in %s %s", eng.name, c.path, difference(got, want))
					}
				})
			}
		})
	}
}

// e2eConfig restricts the service to the e2e tables under fixed entity set names, so every
// engine serves the same model whatever else its database holds.
func e2eConfig(t *testing.T) string {
	t.Helper()
	yaml := `secret: e2e-corpus-secret
auth:
  anonymous: true # the corpus writes to Notes; anonymous writes must be explicit
csrf:
  enabled: true
entities:
  - table: e2e_customers
    name: Customers
    search: [name, email, city]
  - table: e2e_orders
    name: Orders
  - table: e2e_order_lines
    name: OrderLines
  - table: e2e_invoices
    name: Invoices
  - table: e2e_types
    name: Types
  - table: e2e_notes
    name: Notes
    writable: true
  - table: e2e_active_customers
    name: ActiveCustomers
    key: [customer_id]
`
	path := filepath.Join(t.TempDir(), "e2e.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// e2eSQLite creates a temporary SQLite database from testdata/sql/sqlite/10_e2e.sql. Only the
// e2e file is loaded: the other fixture files belong to other packages' tests.
func e2eSQLite(t *testing.T) string {
	t.Helper()
	script, err := os.ReadFile(fixturePath("sqlite"))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "e2e.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(string(script)); err != nil {
		t.Fatalf("loading %s: %v", fixturePath("sqlite"), err)
	}
	return path
}

// resetE2ENotes removes the rows an interrupted earlier run of the write cases may have left
// (they create, change and delete rows whose key starts with E2E-).
func resetE2ENotes(t *testing.T, engine, dbURL string) {
	t.Helper()
	driver, dsn := "sqlite", strings.TrimPrefix(dbURL, "sqlite:")
	switch engine {
	case "postgres":
		driver, dsn = "postgres", dbURL
	case "mysql":
		u, err := url.Parse(dbURL)
		if err != nil {
			t.Fatalf("parsing the MySQL URL: %v", err)
		}
		driver, dsn = "mysql", fmt.Sprintf("%s@tcp(%s)%s", u.User.String(), u.Host, u.Path)
	}
	db, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec("DELETE FROM e2e_notes WHERE note_id LIKE 'E2E-%'"); err != nil {
		t.Fatalf("cleaning e2e_notes on %s (are the fixtures loaded?): %v", engine, err)
	}
}

// e2eCase is one file of the corpus: a request and the one expected answer.
type e2eCase struct {
	name, path string
	request    string // the request part of the file, kept verbatim on -update
	method     string
	target     string
	header     [][2]string
	body       string
	want       string // the response part: status, selected headers, blank line, body
	// differs names the engines that have their own answer, with the reason the file gives
	// ("# differs on postgres: ..."); variants holds those answers ("--- response postgres").
	differs  map[string]string
	variants map[string]string
}

const responseMarker = "--- response\n"

var (
	differsLine   = regexp.MustCompile(`(?m)^# differs on (\w+): \S`)
	variantMarker = regexp.MustCompile(`(?m)^--- response (\w+)\n`)
)

func loadE2ECases(t *testing.T) []*e2eCase {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("..", "..", "testdata", "e2e", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(paths)
	var cases []*e2eCase
	for _, p := range paths {
		c, err := parseE2ECase(p)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		cases = append(cases, c)
	}
	return cases
}

// parseE2ECase reads a case file:
//
//	# comments
//	METHOD TARGET
//	Header: value
//
//	request body (optional)
//	--- response
//	STATUS
//	Header: value
//
//	response body
func parseE2ECase(path string) (*e2eCase, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	text := string(raw)
	c := &e2eCase{name: strings.TrimSuffix(filepath.Base(path), ".txt"), path: path}
	req, want, found := strings.Cut(text, responseMarker)
	if !found && !*update {
		return nil, fmt.Errorf("no %q line (run go test -run TestE2E -update to record the answer)", strings.TrimSpace(responseMarker))
	}
	if !strings.HasSuffix(req, "\n") {
		req += "\n"
	}
	c.request, c.differs, c.variants = req, map[string]string{}, map[string]string{}
	for _, m := range differsLine.FindAllStringSubmatch(req, -1) {
		c.differs[m[1]] = m[0]
	}
	// The common answer, then one section per engine that differs.
	parts := variantMarker.Split(want, -1)
	names := variantMarker.FindAllStringSubmatch(want, -1)
	c.want = parts[0]
	for i, m := range names {
		if _, ok := c.differs[m[1]]; !ok {
			return nil, fmt.Errorf("an answer for %s without a \"# differs on %s: reason\" line", m[1], m[1])
		}
		c.variants[m[1]] = parts[i+1]
	}
	lines := strings.Split(strings.TrimSuffix(req, "\n"), "\n")
	i := 0
	for i < len(lines) && (strings.HasPrefix(lines[i], "#") || strings.TrimSpace(lines[i]) == "") {
		i++
	}
	if i == len(lines) {
		return nil, fmt.Errorf("no request line")
	}
	method, target, ok := strings.Cut(lines[i], " ")
	if !ok || !strings.HasPrefix(target, "/") && !strings.HasPrefix(target, "{{") {
		return nil, fmt.Errorf("request line %q is not METHOD /path", lines[i])
	}
	c.method, c.target = method, target
	for i++; i < len(lines) && lines[i] != ""; i++ {
		k, v, ok := strings.Cut(lines[i], ":")
		if !ok {
			return nil, fmt.Errorf("header line %q has no colon", lines[i])
		}
		c.header = append(c.header, [2]string{strings.TrimSpace(k), strings.TrimSpace(v)})
	}
	if i < len(lines) {
		c.body = strings.Join(lines[i+1:], "\n")
	}
	return c, nil
}

// rewrite records got as the answer of engine: the common one for SQLite (the engines after
// it compare with it), or the engine's own when the file says it differs there.
func (c *e2eCase) rewrite(t *testing.T, engine, got string) {
	t.Helper()
	if engine == "sqlite" {
		c.want = got
	} else {
		c.variants[engine] = got
	}
	var b strings.Builder
	b.WriteString(c.request + responseMarker + c.want)
	engines := make([]string, 0, len(c.variants))
	for e := range c.variants {
		engines = append(engines, e)
	}
	sort.Strings(engines)
	for _, e := range engines {
		fmt.Fprintf(&b, "--- response %s\n%s", e, c.variants[e])
	}
	if err := os.WriteFile(c.path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// e2eRun carries what one case hands to the next: the CSRF token the server issued and the
// last @odata.nextLink, which requests use as {{csrf}} and {{nextLink}}.
type e2eRun struct {
	ts       *testServer
	csrf     string
	nextLink string
}

// e2eHeaders are the response headers a case records, in this order; others (Date,
// Content-Length, X-Request-ID, Vary) vary or say nothing about the protocol.
var e2eHeaders = []string{"Content-Type", "OData-Version", "Preference-Applied", "Location", "OData-EntityId",
	"ETag", "Allow", "X-CSRF-Token"}

func (r *e2eRun) do(t *testing.T, c *e2eCase) string {
	t.Helper()
	target := strings.ReplaceAll(c.target, "{{nextLink}}", r.nextLink)
	if strings.Contains(c.target, "{{nextLink}}") && r.nextLink == "" {
		t.Fatalf("%s uses {{nextLink}} but the previous case returned none", c.path)
	}
	// Spaces are allowed in the file for readability; everything else is sent as written.
	target = strings.ReplaceAll(target, " ", "%20")
	header := map[string]string{}
	for _, h := range c.header {
		header[h[0]] = strings.ReplaceAll(h[1], "{{csrf}}", r.csrf)
	}
	resp := r.ts.do(t, c.method, target, header, c.body)
	return r.render(resp)
}

var hostPort = regexp.MustCompile(`127\.0\.0\.1:\d+`)

// render writes a response the way case files record it. Two normalisations, both of values
// that differ between runs and not between engines: the server's address becomes HOST, and a
// CSRF token becomes {{csrf}} (remembered for the following cases).
func (r *e2eRun) render(resp response) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d\n", resp.status)
	for _, k := range e2eHeaders {
		for _, v := range resp.header.Values(k) {
			if k == "X-CSRF-Token" && v != "Required" {
				r.csrf, v = v, "{{csrf}}"
			}
			fmt.Fprintf(&b, "%s: %s\n", k, hostPort.ReplaceAllString(v, "HOST"))
		}
	}
	b.WriteString("\n")
	r.nextLink = ""
	if resp.status == http.StatusOK && len(resp.body) > 0 && resp.body[0] == '{' {
		var page struct {
			NextLink string `json:"@odata.nextLink"`
		}
		if json.Unmarshal(resp.body, &page) == nil && page.NextLink != "" {
			r.nextLink = strings.TrimPrefix(page.NextLink, r.ts.base)
		}
	}
	b.WriteString(hostPort.ReplaceAllString(string(resp.body), "HOST"))
	b.WriteString("\n")
	return b.String()
}

// difference shows the first line where got and want part, preferring a difference in
// anything but the ETag (a hash that differs whenever the document does).
func difference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	first := -1
	for i := 0; i < max(len(g), len(w)); i++ {
		gl, wl := lineAt(g, i), lineAt(w, i)
		if gl == wl {
			continue
		}
		if first < 0 {
			first = i
		}
		if !strings.HasPrefix(gl, "ETag:") {
			first = i
			break
		}
	}
	gl, wl := lineAt(g, first), lineAt(w, first)
	at := 0
	for at < len(gl) && at < len(wl) && gl[at] == wl[at] {
		at++
	}
	from := max(0, at-150)
	return fmt.Sprintf("at line %d, byte %d:\n got: …%s\nwant: …%s", first+1, at, gl[from:min(len(gl), at+250)], wl[from:min(len(wl), at+250)])
}

func lineAt(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return ""
}
