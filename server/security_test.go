package server

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
)

// secureFixture is a server over a memStore of orders in three regions, protected by:
//   - Basic user "sf" (role sales): Orders confined to region = X-User-Region header, writable;
//   - API key "admin": everything, unfiltered;
//   - Basic user "clerk": Customers only.
type secureFixture struct {
	t     *testing.T
	srv   *Server
	store *memStore
	logs  *syncBuf
	clock *testClock
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) { s.mu.Lock(); defer s.mu.Unlock(); return s.b.Write(p) }
func (s *syncBuf) String() string              { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }

type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }
func hashOf(t *testing.T, pw string) string {
	h, err := bcrypt.GenerateFromPassword([]byte(pw), bcrypt.MinCost)
	if err != nil {
		t.Fatal(err)
	}
	return string(h)
}

const adminKey = "admin-key-0123456789abcdef"

func ordersModel(t *testing.T) (*schema.Model, *schema.EntitySet) {
	id := &schema.Property{Name: "id", Column: "id", Type: schema.EdmInt64, ReadOnly: true, Generated: true}
	region := &schema.Property{Name: "region", Column: "region", Type: schema.EdmString, Nullable: true, MaxLength: 20}
	note := &schema.Property{Name: "note", Column: "note", Type: schema.EdmString, Nullable: true, MaxLength: 100}
	orders := &schema.EntitySet{Name: "Orders", Writable: true, Key: []*schema.Property{id},
		Properties: []*schema.Property{id, region, note}, Search: []*schema.Property{region, note}}
	cid := &schema.Property{Name: "id", Column: "id", Type: schema.EdmInt64}
	customers := &schema.EntitySet{Name: "Customers", Key: []*schema.Property{cid}, Properties: []*schema.Property{cid}}
	m := &schema.Model{Namespace: "t", ContainerName: "C", EntitySets: []*schema.EntitySet{orders, customers}}
	if err := m.Index(); err != nil {
		t.Fatal(err)
	}
	return m, orders
}

func newSecureFixture(t *testing.T, mod func(*config.Config)) *secureFixture {
	t.Helper()
	model, orders := ordersModel(t)
	store := &memStore{set: orders}
	for i, r := range []string{"EMEA", "APAC", "EMEA", "AMER", "EMEA", "APAC", "EMEA", "AMER", "EMEA", "APAC"} {
		store.rows = append(store.rows, []odata.Value{odata.IntValue(schema.EdmInt64, int64(i+1)), odata.StringValue(r),
			odata.StringValue(fmt.Sprintf("order %d for %s", i+1, strings.ToLower(r)))})
	}
	store.nextID = int64(len(store.rows))
	cfg := config.Defaults()
	cfg.Auth = config.Auth{
		Basic: config.Basic{Users: []config.User{
			{Name: "sf", PasswordHash: hashOf(t, "sf-password"), Roles: []string{"sales"}},
			{Name: "clerk", PasswordHash: hashOf(t, "clerk-password")}}},
		APIKey: config.APIKeys{Keys: []config.APIKey{{Name: "admin", SHA256: auth.SHA256Hex([]byte(adminKey))}}},
		Access: []config.AccessRule{
			{Principals: []string{"role:sales"}, Read: []string{"Orders"}, Write: []string{"Orders"},
				Filters: map[string]string{"Orders": "region eq {header.X-User-Region}"}},
			{Principals: []string{"key:admin"}, Read: []string{"*"}, Write: []string{"*"}},
			{Principals: []string{"user:clerk"}, Read: []string{"Customers"}},
		},
	}
	if mod != nil {
		mod(&cfg)
	}
	clock := &testClock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	sec, err := auth.New(t.Context(), cfg.Auth, model, auth.Options{Now: clock.now})
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuf{}
	log := slog.New(slog.NewJSONHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	return &secureFixture{t: t, srv: New(cfg, model, store, log, []byte("secret"), WithSecurity(sec)), store: store, logs: logs, clock: clock}
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request; who is "sf:REGION" (user sf with that region header), "admin", "clerk",
// or "" (no credentials).
func (f *secureFixture) do(method, target, who string, hdr map[string]string, body string) resp {
	f.t.Helper()
	req := httptest.NewRequest(method, target, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	switch user, region, _ := strings.Cut(who, ":"); user {
	case "sf":
		req.SetBasicAuth("sf", "sf-password")
		if region != "" {
			req.Header.Set("X-User-Region", region)
		}
	case "clerk":
		req.SetBasicAuth("clerk", "clerk-password")
	case "admin":
		req.Header.Set("X-Api-Key", adminKey)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.Bytes()}
}

// ids returns the ids of a collection response (following no links).
func ids(t *testing.T, r resp) (out []int64, next string, count int64) {
	t.Helper()
	var doc struct {
		Value []struct {
			ID int64 `json:"id"`
		} `json:"value"`
		Next  string `json:"@odata.nextLink"`
		Count *int64 `json:"@odata.count"`
	}
	if err := json.Unmarshal(r.body, &doc); err != nil {
		t.Fatalf("status %d, body %s: %v", r.status, r.body, err)
	}
	for _, v := range doc.Value {
		out = append(out, v.ID)
	}
	count = -1
	if doc.Count != nil {
		count = *doc.Count
	}
	return out, doc.Next, count
}

var emea = []int64{1, 3, 5, 7, 9}

func TestAuthRequired(t *testing.T) {
	f := newSecureFixture(t, nil)
	for _, target := range []string{"/odata", "/odata/", "/odata/$metadata", "/odata/Orders", "/odata/Orders(1)", "/odata/Nope", "/odata/../etc/passwd"} {
		r := f.do("GET", target, "", nil, "")
		if r.status != 401 {
			t.Errorf("%s without credentials: %d", target, r.status)
		}
		ch := r.header.Values("WWW-Authenticate")
		if len(ch) != 2 || !strings.HasPrefix(ch[0], `Basic realm="sfconnect"`) || !strings.HasPrefix(ch[1], "ApiKey ") {
			t.Errorf("%s: challenges %q", target, ch)
		}
		if !bytes.Contains(r.body, []byte(`"code":"Unauthorized"`)) || r.header.Get("OData-Version") == "" {
			t.Errorf("%s: not an OData error: %s", target, r.body)
		}
	}
	if r := f.do("POST", "/odata/Orders", "", nil, `{"region":"EMEA"}`); r.status != 401 || len(f.store.writes) != 0 {
		t.Errorf("anonymous create: %d, %d writes", r.status, len(f.store.writes))
	}
	pub := newSecureFixture(t, func(c *config.Config) { c.Auth.PublicMetadata = true })
	for _, target := range []string{"/odata", "/odata/$metadata"} {
		if r := pub.do("GET", target, "", nil, ""); r.status != 200 {
			t.Errorf("public %s: %d", target, r.status)
		}
	}
	if r := pub.do("GET", "/odata/Orders", "", nil, ""); r.status != 401 {
		t.Errorf("public metadata opened the data: %d", r.status)
	}
}

// TestRowFilterConfinesReads: whatever the caller asks, it sees its region's rows only.
func TestRowFilterConfinesReads(t *testing.T) {
	f := newSecureFixture(t, nil)
	cases := []struct {
		target string
		want   []int64
	}{
		{"/odata/Orders", emea},
		{"/odata/Orders?$filter=" + url.QueryEscape("region eq 'APAC'"), nil},
		{"/odata/Orders?$filter=" + url.QueryEscape("region eq 'APAC' or true"), emea},
		{"/odata/Orders?$filter=" + url.QueryEscape("region ne 'EMEA' or id gt 0"), emea},
		{"/odata/Orders?$filter=" + url.QueryEscape("id eq 2"), nil},
		{"/odata/Orders?$filter=" + url.QueryEscape("id le 3"), []int64{1, 3}},
		{"/odata/Orders?$orderby=id%20desc&$top=2", []int64{9, 7}},
		{"/odata/Orders?$skip=4", []int64{9}},
	}
	for _, tc := range cases {
		r := f.do("GET", tc.target, "sf:EMEA", nil, "")
		got, _, _ := ids(t, r)
		if r.status != 200 || !slices.Equal(got, tc.want) {
			t.Errorf("%s: %d %v, want %v", tc.target, r.status, got, tc.want)
		}
	}
	if r := f.do("GET", "/odata/Orders", "sf:APAC", nil, ""); !slices.Equal(first(ids(t, r)), []int64{2, 6, 10}) {
		t.Errorf("APAC sees %s", r.body)
	}
	if r := f.do("GET", "/odata/Orders", "admin", nil, ""); len(first(ids(t, r))) != 10 {
		t.Errorf("admin sees %s", r.body)
	}
}

func first(a []int64, _ string, _ int64) []int64 { return a }

func TestRowFilterConfinesCounts(t *testing.T) {
	f := newSecureFixture(t, nil)
	r := f.do("GET", "/odata/Orders?$count=true&$top=1", "sf:EMEA", nil, "")
	if _, _, n := ids(t, r); n != 5 {
		t.Errorf("$count=true: %d, want 5", n)
	}
	for target, want := range map[string]string{
		"/odata/Orders/$count": "5",
		"/odata/Orders/$count?$filter=" + url.QueryEscape("region eq 'APAC' or region eq 'AMER'"): "0",
		"/odata/Orders/$count?$filter=" + url.QueryEscape("id gt 4"):                              "3",
	} {
		if r := f.do("GET", target, "sf:EMEA", nil, ""); r.status != 200 || string(r.body) != want {
			t.Errorf("%s: %d %s, want %s", target, r.status, r.body, want)
		}
	}
}

func TestRowFilterConfinesKeyReads(t *testing.T) {
	f := newSecureFixture(t, nil)
	if r := f.do("GET", "/odata/Orders(3)", "sf:EMEA", nil, ""); r.status != 200 || !bytes.Contains(r.body, []byte(`"id":3`)) {
		t.Errorf("own row: %d %s", r.status, r.body)
	}
	outside := f.do("GET", "/odata/Orders(2)", "sf:EMEA", nil, "")
	missing := f.do("GET", "/odata/Orders(99)", "sf:EMEA", nil, "")
	if outside.status != 404 || missing.status != 404 || !bytes.Equal(outside.body, missing.body) {
		t.Errorf("a row outside the filter must look exactly like a missing one: %d %s / %d %s", outside.status, outside.body, missing.status, missing.body)
	}
}

func TestRowFilterConfinesPaging(t *testing.T) {
	f := newSecureFixture(t, nil)
	var seen []int64
	target := "/odata/Orders?$count=true"
	for pages := 0; target != ""; pages++ {
		if pages > 10 {
			t.Fatal("nextLinks never end")
		}
		r := f.do("GET", target, "sf:EMEA", map[string]string{"Prefer": "odata.maxpagesize=2"}, "")
		got, next, n := ids(t, r)
		if n != 5 {
			t.Errorf("page %d count %d", pages, n)
		}
		seen = append(seen, got...)
		target = strings.TrimPrefix(next, "http://example.com")
	}
	if !slices.Equal(seen, emea) {
		t.Errorf("walked %v, want %v", seen, emea)
	}
	// A nextLink fetched by a caller of another region continues inside that caller's filter.
	r := f.do("GET", "/odata/Orders", "sf:EMEA", map[string]string{"Prefer": "odata.maxpagesize=1"}, "")
	_, next, _ := ids(t, r)
	r = f.do("GET", strings.TrimPrefix(next, "http://example.com"), "sf:APAC", map[string]string{"Prefer": "odata.maxpagesize=10"}, "")
	if got := first(ids(t, r)); !slices.Equal(got, []int64{2, 6, 10}) {
		t.Errorf("foreign nextLink gave %v", got)
	}
}

func TestRowFilterConfinesSearch(t *testing.T) {
	f := newSecureFixture(t, nil)
	r := f.do("GET", "/odata/Orders?$search=apac", "sf:EMEA", nil, "")
	if got := first(ids(t, r)); r.status != 200 || len(got) != 0 {
		t.Errorf("$search=apac by EMEA: %d %v", r.status, got)
	}
	r = f.do("GET", "/odata/Orders?$search=order&$count=true", "sf:EMEA", nil, "")
	if got, _, n := ids(t, r); !slices.Equal(got, emea) || n != 5 {
		t.Errorf("$search=order by EMEA: %v count %d", got, n)
	}
}

func TestRowFilterGuardsWrites(t *testing.T) {
	f := newSecureFixture(t, nil)
	cases := []struct {
		method, target, body string
		status               int
	}{
		{"PATCH", "/odata/Orders(2)", `{"note":"x"}`, 404},      // APAC row: invisible
		{"DELETE", "/odata/Orders(2)", "", 404},                 // same
		{"PUT", "/odata/Orders(4)", `{"region":"EMEA"}`, 404},   // can't pull a row in
		{"PATCH", "/odata/Orders(1)", `{"region":"APAC"}`, 403}, // can't push a row out
		{"POST", "/odata/Orders", `{"region":"APAC"}`, 403},     // can't create outside
		{"POST", "/odata/Orders", `{"region":null}`, 403},       // null is outside too
		{"PATCH", "/odata/Orders(1)", `{"note":"ok"}`, 204},     // own row
		{"POST", "/odata/Orders", `{"region":"EMEA","note":"n"}`, 201},
		{"DELETE", "/odata/Orders(3)", "", 204},
	}
	for _, tc := range cases {
		r := f.do(tc.method, tc.target, "sf:EMEA", nil, tc.body)
		if r.status != tc.status {
			t.Errorf("%s %s %s: %d %s, want %d", tc.method, tc.target, tc.body, r.status, r.body, tc.status)
		}
	}
	for _, w := range f.store.writes {
		if exprText(w.Guard) != "(region eq 'EMEA')" {
			t.Errorf("write guard %s", exprText(w.Guard))
		}
	}
	regions := map[string]int{}
	for _, row := range f.store.rows {
		regions[row[1].Text]++
	}
	if regions["APAC"] != 3 || regions["AMER"] != 2 || regions["EMEA"] != 5 {
		t.Errorf("rows outside the filter changed: %v", regions)
	}
}

func TestAuthorizationBySet(t *testing.T) {
	f := newSecureFixture(t, nil)
	cases := []struct {
		method, target, who, body string
		status                    int
	}{
		{"GET", "/odata/Customers", "sf:EMEA", "", 403},
		{"GET", "/odata/Customers/$count", "sf:EMEA", "", 403},
		{"GET", "/odata/Customers(1)", "sf:EMEA", "", 403},
		{"GET", "/odata/Orders", "clerk", "", 403},
		{"POST", "/odata/Orders", "clerk", `{"region":"EMEA"}`, 403},
		{"GET", "/odata/Customers", "clerk", "", 200},
		{"GET", "/odata/Orders", "sf", "", 403}, // no region header: no guessing
		{"POST", "/odata/Customers", "admin", `{"id":1}`, 405},
		{"GET", "/odata/$metadata", "clerk", "", 200},
	}
	for _, tc := range cases {
		if r := f.do(tc.method, tc.target, tc.who, nil, tc.body); r.status != tc.status {
			t.Errorf("%s %s as %s: %d %s, want %d", tc.method, tc.target, tc.who, r.status, r.body, tc.status)
		}
	}
	if !strings.Contains(f.logs.String(), `"result":"forbidden"`) {
		t.Error("403s are not audited")
	}
}

// TestPlaceholderInjectionThroughHeaders: hostile header values stay one string literal.
func TestPlaceholderInjectionThroughHeaders(t *testing.T) {
	f := newSecureFixture(t, nil)
	for _, v := range []string{"x' or 1 eq 1 or 'a", "EMEA' or region ne 'EMEA", "') or true or ('", "EMEA'--", "%27 or true"} {
		r := f.do("GET", "/odata/Orders?$count=true", "sf", map[string]string{"X-User-Region": v}, "")
		if got, _, n := ids(t, r); r.status != 200 || len(got) != 0 || n != 0 {
			t.Errorf("region %q: %d %v count %d", v, r.status, got, n)
		}
	}
	for _, v := range []string{"EMEA\r\nX-Evil: 1", "EMEA\x00", "\xffEMEA", strings.Repeat("E", 5000)} {
		if r := f.do("GET", "/odata/Orders", "sf", map[string]string{"X-User-Region": v}, ""); r.status != 403 {
			t.Errorf("region %q: %d, want 403", v[:min(len(v), 20)], r.status)
		}
	}
}

func TestRateAndConcurrencyLimits(t *testing.T) {
	f := newSecureFixture(t, func(c *config.Config) { c.Auth.RateLimit = config.RateLimit{RequestsPerSecond: 1, Burst: 2} })
	for i := 0; i < 2; i++ {
		if r := f.do("GET", "/odata/Orders", "admin", nil, ""); r.status != 200 {
			t.Fatalf("within burst: %d", r.status)
		}
	}
	r := f.do("GET", "/odata/Orders", "admin", nil, "")
	if r.status != 429 || r.header.Get("Retry-After") != "1" || !bytes.Contains(r.body, []byte("TooManyRequests")) {
		t.Fatalf("over the rate: %d %q %s", r.status, r.header.Get("Retry-After"), r.body)
	}
	if r := f.do("GET", "/odata/Orders", "sf:EMEA", nil, ""); r.status != 200 {
		t.Errorf("another principal was limited: %d", r.status)
	}
	f.clock.add(time.Second)
	if r := f.do("GET", "/odata/Orders", "admin", nil, ""); r.status != 200 {
		t.Errorf("after refill: %d", r.status)
	}

	g := newSecureFixture(t, func(c *config.Config) { c.Auth.RateLimit = config.RateLimit{MaxConcurrent: 1} })
	g.store.entered, g.store.block = make(chan struct{}), make(chan struct{})
	done := make(chan resp)
	go func() { done <- g.do("GET", "/odata/Orders", "admin", nil, "") }()
	<-g.store.entered // the first request is inside the store
	r = g.do("GET", "/odata/Orders/$count", "admin", nil, "")
	if r.status != 429 || r.header.Get("Retry-After") == "" {
		t.Errorf("second concurrent request: %d %q", r.status, r.header.Get("Retry-After"))
	}
	close(g.store.block)
	if r := <-done; r.status != 200 {
		t.Errorf("first request: %d", r.status)
	}
	g.store.block = nil
	if r := g.do("GET", "/odata/Orders", "admin", nil, ""); r.status != 200 {
		t.Errorf("after the first finished: %d", r.status)
	}
}

// TestFailedAuthenticationLimit: password guessing from one address is cut off with 429s,
// even for a correct password, until the budget refills; other addresses are unaffected.
func TestFailedAuthenticationLimit(t *testing.T) {
	f := newSecureFixture(t, func(c *config.Config) { c.Auth.RateLimit.FailuresPerMinute = 3 })
	wrong := map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte("sf:guess"))}
	for i := 0; i < 3; i++ {
		if r := f.do("GET", "/odata/Orders", "", wrong, ""); r.status != 401 {
			t.Fatalf("guess %d: %d", i, r.status)
		}
	}
	if r := f.do("GET", "/odata/Orders", "", nil, ""); r.status != 429 {
		t.Errorf("after 3 failures, no credentials: %d", r.status)
	}
	r := f.do("GET", "/odata/Orders", "sf:EMEA", nil, "")
	if r.status != 429 || r.header.Get("Retry-After") != "20" {
		t.Errorf("after 3 failures, right password: %d Retry-After %q", r.status, r.header.Get("Retry-After"))
	}
	req := httptest.NewRequest("GET", "/odata/Orders", nil)
	req.RemoteAddr = "198.51.100.9:4000"
	req.SetBasicAuth("sf", "sf-password")
	req.Header.Set("X-User-Region", "EMEA")
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != 200 {
		t.Errorf("another address: %d", rec.Code)
	}
	f.clock.add(20 * time.Second)
	if r := f.do("GET", "/odata/Orders", "sf:EMEA", nil, ""); r.status != 200 {
		t.Errorf("after the refill: %d", r.status)
	}
	if !strings.Contains(f.logs.String(), `"result":"rejected_failures"`) {
		t.Error("failure-limit refusals are not audited")
	}
}

// TestRequestDeadline: a read that outlives limits.request_timeout ends as a 504 with the
// request id, not as Salesforce's own timeout.
func TestRequestDeadline(t *testing.T) {
	f := newSecureFixture(t, func(c *config.Config) { c.Limits.RequestTimeout = time.Millisecond })
	f.store.waitForDeadline = true
	r := f.do("GET", "/odata/Orders", "admin", map[string]string{"X-Request-ID": "slow-1"}, "")
	if r.status != 504 || !bytes.Contains(r.body, []byte("slow-1")) {
		t.Errorf("slow read: %d %s", r.status, r.body)
	}
}

func TestAuditLog(t *testing.T) {
	f := newSecureFixture(t, nil)
	req := map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte("sf:hunter2-guess")), "X-Request-ID": "req-42"}
	f.do("GET", "/odata/Orders", "", req, "")
	f.do("GET", "/odata/Orders", "", map[string]string{"Authorization": "Basic " + base64.StdEncoding.EncodeToString([]byte("hunter2-typed-as-user:x"))}, "")
	f.do("PATCH", "/odata/Orders(1)", "sf:EMEA", map[string]string{"X-Request-ID": "req-43"}, `{"note":"secret row content"}`)
	f.do("DELETE", "/odata/Orders(2)", "sf:EMEA", nil, "")
	logs := f.logs.String()
	for _, secret := range []string{"hunter2", "sf-password", "secret row content", adminKey} {
		if strings.Contains(logs, secret) {
			t.Errorf("the log contains %q", secret)
		}
	}
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(logs), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		if m["msg"] == "audit" {
			lines = append(lines, m)
		}
	}
	want := []map[string]any{
		{"action": "authenticate", "result": "denied", "status": 401.0, "scheme": "basic", "claimed": "sf", "reason": "wrong password", "request_id": "req-42"},
		{"action": "authenticate", "result": "denied", "scheme": "basic", "claimed": "", "reason": "unknown user"},
		{"action": "update", "entity_set": "Orders", "key": "(1)", "result": "ok", "status": 204.0, "principal": "user:sf", "request_id": "req-43"},
		{"action": "delete", "entity_set": "Orders", "key": "(2)", "result": "NotFound", "status": 404.0, "principal": "user:sf"},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d audit lines, want %d:\n%s", len(lines), len(want), logs)
	}
	for i, w := range want {
		for k, v := range w {
			if lines[i][k] != v {
				t.Errorf("audit line %d: %s = %v, want %v", i, k, lines[i][k], v)
			}
		}
		if lines[i]["request_id"] == nil {
			t.Errorf("audit line %d has no request id", i)
		}
	}
}

func exprText(e odata.Expr) string {
	switch e := e.(type) {
	case nil:
		return "<nil>"
	case *odata.Binary:
		return "(" + exprText(e.Left) + " " + e.Op.String() + " " + exprText(e.Right) + ")"
	case *odata.PropertyRef:
		return e.Prop.Name
	case *odata.Literal:
		return odata.LiteralString(e.Value)
	}
	return fmt.Sprintf("%T", e)
}
