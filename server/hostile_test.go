package server

import (
	"bytes"
	"encoding/json"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// hostile is one malicious or malformed request.
type hostile struct {
	name, method, target string
	header               map[string]string
	body                 string
	must4xx              bool // invalid input: a clean 4xx; otherwise any status below 500 (or 501)
}

func q(s string) string { return url.QueryEscape(s) }

func hostileCorpus() []hostile {
	deep := strings.Repeat("(", 5000) + "id eq 1" + strings.Repeat(")", 5000)
	nots := strings.Repeat("not ", 10000) + "true"
	in := "id in (" + strings.Repeat("1,", 5000) + "1)"
	huge := strings.Repeat("a", 100000)
	return []hostile{
		// SQL injection in every parameter
		{"filter sql", "GET", "/odata/Orders?$filter=" + q("region eq 'x'; DROP TABLE Orders; --"), nil, "", true},
		{"filter sql comment", "GET", "/odata/Orders?$filter=" + q("region eq 'a' or 1=1 --"), nil, "", true},
		{"filter quoted sql", "GET", "/odata/Orders?$filter=" + q("region eq ''' OR ''1''=''1'"), nil, "", false},
		{"filter union", "GET", "/odata/Orders?$filter=" + q("id eq 1 UNION SELECT * FROM users"), nil, "", true},
		{"filter function injection", "GET", "/odata/Orders?$filter=" + q("contains(region,'a') eq true or pg_sleep(10) eq 1"), nil, "", true},
		{"orderby sql", "GET", "/odata/Orders?$orderby=" + q("id; DROP TABLE Orders"), nil, "", true},
		{"orderby subquery", "GET", "/odata/Orders?$orderby=" + q("(select 1)"), nil, "", true},
		{"select sql", "GET", "/odata/Orders?$select=" + q("id,region; --"), nil, "", true},
		{"select star sql", "GET", "/odata/Orders?$select=" + q("*,(select password from users)"), nil, "", true},
		{"top sql", "GET", "/odata/Orders?$top=" + q("1; DROP TABLE Orders"), nil, "", true},
		{"top negative", "GET", "/odata/Orders?$top=-1", nil, "", true},
		{"top overflow", "GET", "/odata/Orders?$top=99999999999999999999", nil, "", true},
		{"skip float", "GET", "/odata/Orders?$skip=1e3", nil, "", true},
		{"count sql", "GET", "/odata/Orders?$count=" + q("true; --"), nil, "", true},
		{"skiptoken sql", "GET", "/odata/Orders?$skiptoken=" + q("' OR 1=1 --"), nil, "", true},
		{"skiptoken forged", "GET", "/odata/Orders?$skiptoken=eyJhIjoxfQ", nil, "", true},
		{"search sql", "GET", "/odata/Orders?$search=" + q("x' OR '1'='1"), nil, "", false},
		{"format injection", "GET", "/odata/Orders?$format=" + q("json;odata.metadata=full\r\nX-Evil: 1"), nil, "", false},
		{"duplicate filter", "GET", "/odata/Orders?$filter=id%20eq%201&$filter=id%20eq%202", nil, "", true},
		{"unknown option", "GET", "/odata/Orders?$where=1", nil, "", true},
		// keys
		{"key type", "GET", "/odata/Orders('1')", nil, "", true},
		{"key injection", "GET", "/odata/Orders(1%20or%201%20eq%201)", nil, "", true},
		{"key sql", "GET", "/odata/Orders(1);DROP%20TABLE%20Orders", nil, "", true},
		{"key duplicate", "GET", "/odata/Orders(id=1,id=2)", nil, "", true},
		{"key invalid utf8", "GET", "/odata/Orders('%ff%fe')", nil, "", true},
		{"key overflow", "GET", "/odata/Orders(99999999999999999999999)", nil, "", true},
		// paths
		{"traversal", "GET", "/odata/..%2f..%2fetc%2fpasswd", nil, "", true},
		{"traversal dots", "GET", "/odata/%2e%2e/%2e%2e/etc/passwd", nil, "", true},
		{"traversal plain", "GET", "/odata/Orders/../../etc/passwd", nil, "", true},
		{"nul in path", "GET", "/odata/Orders%00", nil, "", true},
		{"batch", "POST", "/odata/$batch", nil, "", false},
		{"property path", "GET", "/odata/Orders(1)/region", nil, "", false},
		// huge and deeply nested
		{"huge filter", "GET", "/odata/Orders?$filter=" + q("region eq '"+huge+"'"), nil, "", true},
		{"deep parens", "GET", "/odata/Orders?$filter=" + q(deep), nil, "", true},
		{"many nots", "GET", "/odata/Orders?$filter=" + q(nots), nil, "", true},
		{"huge in list", "GET", "/odata/Orders?$filter=" + q(in), nil, "", true},
		{"invalid utf8 filter", "GET", "/odata/Orders?$filter=region%20eq%20'%ff%fe'", nil, "", true},
		{"bad percent encoding", "GET", "/odata/Orders?$filter=%zz", nil, "", true},
		// bodies
		{"body sql property", "POST", "/odata/Orders", nil, `{"region":"EMEA","x; DROP TABLE Orders":1}`, true},
		{"body sql value", "POST", "/odata/Orders", nil, `{"region":"EMEA'); DROP TABLE Orders; --"}`, true},
		{"body not json", "POST", "/odata/Orders", nil, `region=EMEA`, true},
		{"body nested", "POST", "/odata/Orders", nil, strings.Repeat("[", 100000) + strings.Repeat("]", 100000), true},
		{"body nested object", "POST", "/odata/Orders", nil, `{"region":` + strings.Repeat(`{"a":`, 50000) + "1" + strings.Repeat("}", 50000) + "}", true},
		{"body invalid utf8", "POST", "/odata/Orders", nil, "{\"region\":\"EM\xffEA\"}", true},
		{"body too long value", "POST", "/odata/Orders", nil, `{"region":"` + strings.Repeat("E", 1000) + `"}`, true},
		{"body huge", "POST", "/odata/Orders", nil, `{"note":"` + strings.Repeat("x", 9<<20) + `"}`, true},
		{"body wrong type", "PATCH", "/odata/Orders(1)", nil, `{"region":1}`, true},
		{"body key mismatch", "PATCH", "/odata/Orders(1)", nil, `{"id":2}`, true},
		{"content type", "POST", "/odata/Orders", map[string]string{"Content-Type": "text/xml"}, `<a/>`, true},
		{"gzip lie", "POST", "/odata/Orders", map[string]string{"Content-Encoding": "gzip"}, `{"region":"EMEA"}`, true},
		// headers
		{"tunnel trace", "POST", "/odata/Orders", map[string]string{"X-HTTP-Method": "TRACE"}, `{}`, true},
		{"old version", "GET", "/odata/Orders", map[string]string{"OData-MaxVersion": "3.0"}, "", true},
		{"crlf in prefer", "GET", "/odata/Orders", map[string]string{"Prefer": "odata.maxpagesize=1\r\nX-Evil: 1"}, "", false},
		{"crlf in request id", "GET", "/odata/Orders", map[string]string{"X-Request-ID": "a\r\nSet-Cookie: x=1"}, "", false},
		{"crlf in accept", "GET", "/odata/Orders", map[string]string{"Accept": "application/json\r\nX: 1"}, "", false},
		{"if-match garbage", "PATCH", "/odata/Orders(1)", map[string]string{"If-Match": "\"\r\n"}, `{"note":"n"}`, false},
	}
}

// TestHostileInput: every hostile request gets a clean answer (never a 500, always an OData
// error body for errors), and whatever is answered stays inside the caller's row filter.
func TestHostileInput(t *testing.T) {
	f := newSecureFixture(t, nil)
	for _, h := range hostileCorpus() {
		t.Run(h.name, func(t *testing.T) {
			r := f.do(h.method, h.target, "sf:EMEA", h.header, h.body)
			checkClean(t, h, r)
			if r.status == 200 && strings.HasPrefix(h.target, "/odata/Orders?") {
				got, _, _ := ids(t, r)
				for _, id := range got {
					if !slices.Contains(emea, id) {
						t.Errorf("row %d outside the filter", id)
					}
				}
			}
			for _, v := range r.header {
				for _, s := range v {
					if strings.ContainsAny(s, "\r\n") {
						t.Errorf("response header carries CR/LF: %q", s)
					}
				}
			}
		})
	}
	regions := map[string]int{}
	for _, row := range f.store.rows {
		regions[row[1].Text]++
	}
	if regions["EMEA"] != 5 || regions["APAC"] != 3 || regions["AMER"] != 2 || len(f.store.rows) != 10 {
		t.Errorf("hostile input changed data: %v", regions)
	}
}

// TestHostileCredentials: broken credentials are clean 401s.
func TestHostileCredentials(t *testing.T) {
	f := newSecureFixture(t, nil)
	for _, a := range []string{"Basic", "Basic ====", "Basic " + strings.Repeat("A", 70000), "Bearer x.y.z", "Bearer \x00", "Basic YQ==\r\nX: y",
		"NTLM TlRMTVNTUAABAAAAB4IIogAAAAAAAAAAAAAAAAAAAAAGAbEdAAAADw==", "basic " + "c2Y6c2YtcGFzc3dvcmQ=" + " extra"} {
		r := f.do("GET", "/odata/Orders", "", map[string]string{"Authorization": a}, "")
		if r.status != 401 {
			t.Errorf("%q: %d", a[:min(len(a), 30)], r.status)
		}
		checkClean(t, hostile{name: a, must4xx: true}, r)
	}
	for _, k := range []string{"", strings.Repeat("k", 70000), adminKey + "\x00", adminKey[:len(adminKey)-1], " " + adminKey} {
		r := f.do("GET", "/odata/Orders", "", map[string]string{"X-Api-Key": k}, "")
		if r.status != 401 {
			t.Errorf("api key %q: %d", k[:min(len(k), 30)], r.status)
		}
	}
}

func checkClean(t *testing.T, h hostile, r resp) {
	t.Helper()
	if r.status >= 500 && r.status != 501 {
		t.Fatalf("%s: status %d: %s", h.name, r.status, r.body)
	}
	if h.must4xx && (r.status < 400 || r.status >= 500) {
		t.Errorf("%s: status %d, want a 4xx: %.200s", h.name, r.status, r.body)
	}
	if r.status >= 400 {
		var e struct {
			Error struct{ Code, Message string } `json:"error"`
		}
		if err := json.Unmarshal(r.body, &e); err != nil || e.Error.Code == "" {
			t.Errorf("%s: error body is not an OData error: %.200s", h.name, r.body)
		}
		for _, leak := range []string{"DROP", "SELECT", "panic", "goroutine", ".go:"} {
			if bytes.Contains(r.body, []byte(leak)) && !strings.Contains(h.target+h.body, leak) {
				t.Errorf("%s: error body leaks %q: %s", h.name, leak, r.body)
			}
		}
	}
}
