package server

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestCSRFTokens(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	a := &csrfTokens{key: []byte("shared"), ttl: time.Minute, now: clock}
	b := &csrfTokens{key: []byte("shared"), ttl: time.Minute, now: clock}
	other := &csrfTokens{key: []byte("other"), ttl: time.Minute, now: clock}
	tok := a.issue()
	if !b.valid(tok) {
		t.Error("a replica with the same secret must accept the token")
	}
	if other.valid(tok) {
		t.Error("a different secret must reject the token")
	}
	// last changes the token's final character: a different value, or the same bits spelled
	// with other padding bits (which strict decoding must refuse too).
	last := func(c byte) string { return tok[:len(tok)-1] + string(c) }
	flipped := byte('A')
	if tok[len(tok)-1] == 'A' {
		flipped = 'Q'
	}
	for _, bad := range []string{"", "Fetch", "x" + tok, last(flipped), last(tok[len(tok)-1] + 1)} {
		if a.valid(bad) {
			t.Errorf("accepted %q", bad)
		}
	}
	now = now.Add(2 * time.Minute)
	if a.valid(tok) {
		t.Error("an expired token must be rejected")
	}
}

func TestRequestOrigin(t *testing.T) {
	cases := []struct {
		name   string
		host   string
		header map[string]string
		tls    bool
		trust  bool
		want   string
	}{
		{"plain", "example.com:8080", nil, false, false, "http://example.com:8080"},
		{"tls", "example.com", nil, true, false, "https://example.com"},
		{"untrusted proxy headers ignored", "internal:8080", map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.com"}, false, false, "http://internal:8080"},
		{"trusted x-forwarded", "internal:8080", map[string]string{"X-Forwarded-Proto": "https", "X-Forwarded-Host": "odata.example.com, proxy2"}, false, true, "https://odata.example.com"},
		{"trusted forwarded", "internal", map[string]string{"Forwarded": `for=1.2.3.4;proto=https;host="api.example.com"`}, false, true, "https://api.example.com"},
		{"smuggled host", "internal", map[string]string{"X-Forwarded-Host": "a.com/\"><script>"}, false, true, "http://localhost"},
		{"odd scheme", "h", map[string]string{"X-Forwarded-Proto": "javascript"}, false, true, "http://h"},
	}
	for _, tc := range cases {
		r := httptest.NewRequest(http.MethodGet, "/odata", nil)
		r.Host = tc.host
		for k, v := range tc.header {
			r.Header.Set(k, v)
		}
		if tc.tls {
			r.TLS = &tls.ConnectionState{}
		}
		scheme, host := requestOrigin(r, tc.trust)
		if got := scheme + "://" + host; got != tc.want {
			t.Errorf("%s: got %s, want %s", tc.name, got, tc.want)
		}
	}
}

func TestPreferMaxPageSize(t *testing.T) {
	cases := []struct {
		prefer []string
		want   int
		ok     bool
	}{
		{nil, 0, false},
		{[]string{"odata.maxpagesize=50"}, 50, true},
		{[]string{"return=minimal, odata.maxpagesize = 7"}, 7, true},
		{[]string{"maxpagesize=3"}, 3, true},
		{[]string{"odata.maxpagesize=-1"}, 0, false},
		{[]string{"odata.maxpagesize=abc"}, 0, false},
		{[]string{"odata.track-changes", `odata.maxpagesize="9"`}, 9, true},
	}
	for _, tc := range cases {
		n, ok := preferMaxPageSize(tc.prefer)
		if n != tc.want || ok != tc.ok {
			t.Errorf("%q: got %d %v, want %d %v", tc.prefer, n, ok, tc.want, tc.ok)
		}
	}
}
