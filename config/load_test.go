package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func writeConfig(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sfconnect.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func env(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }

// TestLoadPrecedence: a flag beats an environment variable, which beats the file, which beats the
// defaults.
func TestLoadPrecedence(t *testing.T) {
	path := writeConfig(t, "listen: ':7000'\ndatabase:\n  url: sqlite:file.db\npublic_url: https://file.example\n")
	cases := []struct {
		name       string
		flags      Overrides
		vars       map[string]string
		listen, db string
	}{
		{"file", Overrides{}, nil, ":7000", "sqlite:file.db"},
		{"env beats file", Overrides{}, map[string]string{"SFCONNECT_LISTEN": ":7001", "SFCONNECT_DB": "sqlite:env.db"}, ":7001", "sqlite:env.db"},
		{"flag beats env", Overrides{Listen: ":7002", DB: "sqlite:flag.db"}, map[string]string{"SFCONNECT_LISTEN": ":7001", "SFCONNECT_DB": "sqlite:env.db"}, ":7002", "sqlite:flag.db"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := Load(path, tc.flags, env(tc.vars))
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Listen != tc.listen || cfg.Database.URL != tc.db || cfg.PublicURL != "https://file.example" {
				t.Fatalf("listen %q db %q public_url %q; want %q %q", cfg.Listen, cfg.Database.URL, cfg.PublicURL, tc.listen, tc.db)
			}
		})
	}
	cfg, err := Load("", Overrides{}, env(nil))
	if err != nil || cfg.Listen != ":8080" || cfg.Paging.PageSize != 500 || cfg.Limits.RequestTimeout != 90*time.Second || !cfg.Database.Prepared() {
		t.Fatalf("defaults: %+v, %v", cfg, err)
	}
}

// TestParseErrors: the file is strict, errors name the key and its line, and a reference to an
// unset environment variable is an error rather than an empty secret.
func TestParseErrors(t *testing.T) {
	cases := []struct{ name, yaml, want string }{
		{"unknown top-level key", "listen: ':1'\nlisen: ':2'\n", `line 2: unknown key "lisen" (in top level)`},
		{"unknown nested key", "paging:\n  page_sise: 10\n", `line 2: unknown key "page_sise" (in paging)`},
		{"unknown entity key", "entities:\n  - table: t\n    keys: [a]\n", `line 3: unknown key "keys" (in entities[])`},
		{"unset variable", "secret: ${NOT_SET_ANYWHERE}\n", "environment variables not set: NOT_SET_ANYWHERE"},
		{"bad duration", "limits:\n  request_timeout: soon\n", "soon"},
		{"bad size", "limits:\n  max_body_bytes: lots\n", "lots"},
		{"negative max_procs", "max_procs: -1\n", "max_procs must be 0 (automatic) or a positive number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Load(writeConfig(t, tc.yaml), Overrides{}, env(nil))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestParseValues(t *testing.T) {
	yaml := "secret: ${S}\ndatabase:\n  url: postgres://u:${PW}@db/erp\n  prepared_statements: false\nlimits:\n  max_body_bytes: 2MB\ncount:\n  cache_ttl: 30s\nmax_procs: 3\n"
	cfg, err := Load(writeConfig(t, yaml), Overrides{}, env(map[string]string{"S": "s3cret", "PW": "p w"}))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Secret != "s3cret" || cfg.Database.URL != "postgres://u:p w@db/erp" || cfg.Database.Prepared() ||
		cfg.Limits.MaxBodyBytes != 2<<20 || cfg.Count.CacheTTL != 30*time.Second || cfg.MaxProcs != 3 {
		t.Fatalf("parsed %+v", cfg)
	}
}
