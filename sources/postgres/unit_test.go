package postgres

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

func TestConnString(t *testing.T) {
	tests := []struct {
		url     string
		timeout int
		want    map[string]string
	}{
		{"postgres://u:p%40ss@db:5433/erp?sslmode=require", 60000,
			map[string]string{"sslmode": "require", "statement_timeout": "60000", "TimeZone": "UTC", "fallback_application_name": "sfconnect", "binary_parameters": "yes"}},
		{"postgresql://u@db/erp?sslmode=verify-full&sslrootcert=/ca.pem&statement_timeout=5000&timezone=Europe/Paris", 60000,
			map[string]string{"sslmode": "verify-full", "sslrootcert": "/ca.pem", "statement_timeout": "5000", "timezone": "Europe/Paris", "TimeZone": ""}},
		{"postgres://u@db/erp", 0, map[string]string{"statement_timeout": "", "TimeZone": "UTC"}},
	}
	for _, tt := range tests {
		got, err := connString(tt.url, sources.PoolOptions{StatementTimeoutMS: tt.timeout})
		if err != nil {
			t.Fatalf("%s: %v", tt.url, err)
		}
		u, err := url.Parse(got)
		if err != nil {
			t.Fatal(err)
		}
		if u.User.String() != mustParse(t, tt.url).User.String() || u.Host != mustParse(t, tt.url).Host {
			t.Errorf("%s: user/host changed: %s", tt.url, got)
		}
		for k, v := range tt.want {
			if g := u.Query().Get(k); g != v {
				t.Errorf("%s: %s = %q, want %q (%s)", tt.url, k, g, v, got)
			}
		}
	}
	if _, err := connString("mysql://x@y/z", sources.PoolOptions{}); err == nil {
		t.Error("a mysql URL was accepted")
	}
}

func mustParse(t *testing.T, s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestClientErrorCodes(t *testing.T) {
	for code, status := range map[string]int{
		"23505": http.StatusConflict, "23503": http.StatusConflict, "23502": http.StatusBadRequest,
		"22001": http.StatusBadRequest, "23514": http.StatusBadRequest, "22003": http.StatusBadRequest,
		"22021": http.StatusBadRequest, "57014": http.StatusGatewayTimeout, // a readable 504, not a 500
	} {
		if e := clientError(code); e == nil || e.Status != status {
			t.Errorf("%s: %v, want status %d", code, e, status)
		}
	}
	for _, code := range []string{"40001", "53300", "42P01"} {
		if e := clientError(code); e != nil {
			t.Errorf("%s is the server's problem, got client error %v", code, e)
		}
	}
}

// TestMapTypeTypmod covers the typmod arithmetic the fixture cannot reach.
func TestMapTypeTypmod(t *testing.T) {
	tests := []struct {
		t                   pgType
		typ                 schema.EdmType
		maxLen, prec, scale int
	}{
		{pgType{Name: "numeric", Typmod: (38<<16 | 10) + 4}, schema.EdmDecimal, 0, 38, 10},
		{pgType{Name: "numeric", Typmod: (5<<16 | 0x7fe) + 4}, schema.EdmDecimal, 0, 0, 0}, // numeric(5,-2)
		{pgType{Name: "varchar", Typmod: 255 + 4}, schema.EdmString, 255, 0, 0},
		{pgType{Name: "varchar", Typmod: -1}, schema.EdmString, 0, 0, 0},
		{pgType{Name: "timestamptz", Typmod: 3}, schema.EdmDateTimeOffset, 0, 3, 0},
		{pgType{Name: "int4", Category: "A"}, schema.EdmInvalid, 0, 0, 0},
		{pgType{Name: "citext", TypType: "b"}, schema.EdmString, 0, 0, 0},
		{pgType{Name: "hstore", TypType: "b"}, schema.EdmInvalid, 0, 0, 0},
	}
	for _, tt := range tests {
		var c sources.Column
		mapType(&c, tt.t)
		if c.Type != tt.typ || c.MaxLength != tt.maxLen || c.Precision != tt.prec || c.Scale != tt.scale {
			t.Errorf("%+v: got %s %d %d,%d, want %s %d %d,%d", tt.t, c.Type, c.MaxLength, c.Precision, c.Scale, tt.typ, tt.maxLen, tt.prec, tt.scale)
		}
		if c.Type == schema.EdmInvalid && c.Warning == "" {
			t.Errorf("%+v: skipped without a warning", tt.t)
		}
	}
}

// FuzzConnString: any URL either fails cleanly or keeps its scheme, user and host and gains
// the per-connection settings.
func FuzzConnString(f *testing.F) {
	for _, s := range []string{"postgres://u:p@h:5432/d?sslmode=require", "postgresql://h/d?TimeZone=Europe/Paris", "postgres://h/d?statement_timeout=1&a=%zz", "postgres:///d"} {
		f.Add(s, 1000)
	}
	f.Fuzz(func(t *testing.T, s string, timeout int) {
		got, err := connString(s, sources.PoolOptions{StatementTimeoutMS: timeout})
		if err != nil {
			return
		}
		in, out := mustParse(t, s), mustParse(t, got)
		if in.Scheme != out.Scheme || in.Host != out.Host || in.User.String() != out.User.String() {
			t.Fatalf("%q became %q", s, got)
		}
		if out.Query().Get("binary_parameters") == "" || out.Query().Get("fallback_application_name") == "" {
			t.Fatalf("%q: settings missing in %q", s, got)
		}
	})
}
