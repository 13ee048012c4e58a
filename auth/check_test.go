package auth

import (
	"strings"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"github.com/sfconnect/sfconnect/config"
	"github.com/sfconnect/sfconnect/odata"
)

func TestCheck(t *testing.T) {
	weak, _ := bcrypt.GenerateFromPassword([]byte("pw"), 4)
	weakArgon, _ := HashArgon2id([]byte("pw"), cheapArgon2)
	strong, _ := bcrypt.GenerateFromPassword([]byte("pw"), MinBcryptCost)
	cases := []struct {
		name     string
		mod      func(*config.Config)
		problems []string
		warnings []string
		absent   []string
	}{
		{"no auth, writable", func(c *config.Config) {}, []string{"writable but no authentication"}, []string{"plain HTTP"}, nil},
		{"anonymous writable", func(c *config.Config) { c.Auth.Anonymous = yes() }, nil, []string{"anonymous callers may write (Orders)"}, nil},
		{"weak hashes, clear key", func(c *config.Config) {
			c.Auth.Basic.Users = []config.User{{Name: "a", PasswordHash: string(weak)}, {Name: "b", PasswordHash: weakArgon}, {Name: "c", PasswordHash: string(strong)}}
			c.Auth.APIKey.Keys = []config.APIKey{{Name: "k", Key: "0123456789abcdef"}}
		}, nil, []string{"user a: weak bcrypt cost 4", "user b: weak argon2id", "key k is stored in clear", "rate_limit is not set"}, []string{"user c", "anonymous"}},
		{"tls and limits", func(c *config.Config) {
			c.Auth.TLS = config.TLS{Cert: "c", Key: "k"}
			c.Auth.APIKey.Keys = []config.APIKey{{Name: "k", SHA256: SHA256Hex([]byte("x"))}}
			c.Auth.RateLimit.RequestsPerSecond = 5
		}, nil, nil, []string{"plain HTTP", "rate_limit", "clear"}},
		{"behind a TLS proxy", func(c *config.Config) {
			c.PublicURL = "https://odata.example.com"
			c.Auth.Anonymous = yes()
		}, nil, nil, []string{"plain HTTP"}},
		{"grants and filters", func(c *config.Config) {
			c.Auth.Anonymous = yes()
			c.Auth.Access = []config.AccessRule{
				{Principals: []string{"*"}, Read: []string{"Orders"}, Write: []string{"Customers"}, Filters: map[string]string{"Orders": "region eq {header.X-Region}"}},
			}
		}, nil, []string{"grants write on Customers, which is read-only", "anonymous callers get read request headers"}, nil},
		{"broken filter", func(c *config.Config) {
			c.Auth.Anonymous = yes()
			c.Auth.Access = []config.AccessRule{{Principals: []string{"*"}, Read: []string{"Orders"}, Filters: map[string]string{"Orders": "nope eq 1"}}}
		}, []string{"does not work for entity set Orders"}, nil, nil},
		{"http issuer", func(c *config.Config) { c.Auth.OIDC = &config.OIDC{Issuer: "http://idp", Audience: "a"} }, nil, []string{"is not https"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Defaults()
			tc.mod(&cfg)
			problems, warnings := Check(cfg, testModel(t), odata.ParseFilter)
			all := strings.Join(problems, "\n") + "\n--\n" + strings.Join(warnings, "\n")
			for _, p := range tc.problems {
				if !strings.Contains(strings.Join(problems, "\n"), p) {
					t.Errorf("missing problem %q in\n%s", p, all)
				}
			}
			for _, w := range tc.warnings {
				if !strings.Contains(strings.Join(warnings, "\n"), w) {
					t.Errorf("missing warning %q in\n%s", w, all)
				}
			}
			for _, a := range tc.absent {
				if strings.Contains(all, a) {
					t.Errorf("unexpected %q in\n%s", a, all)
				}
			}
			if tc.problems == nil && len(problems) > 0 {
				t.Errorf("unexpected problems: %q", problems)
			}
		})
	}
}
