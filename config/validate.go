package config

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Validate reports every problem at once, each naming its key.
func (c *Config) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	if c.Paging.PageSize < 1 {
		bad("paging.page_size must be at least 1")
	}
	if c.Paging.MaxPageSize < 1 || c.Paging.MaxPageSize > 2000 {
		bad("paging.max_page_size must be between 1 and 2000 (Salesforce's server-driven page limit)")
	}
	if c.Paging.PageSize > c.Paging.MaxPageSize {
		bad("paging.page_size (%d) exceeds paging.max_page_size (%d)", c.Paging.PageSize, c.Paging.MaxPageSize)
	}
	if !strings.HasPrefix(c.ServicePath, "/") || strings.HasSuffix(c.ServicePath, "/") && c.ServicePath != "/" {
		bad("service_path %q must start with / and not end with /", c.ServicePath)
	}
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			bad("public_url %q must be an absolute http(s) URL", c.PublicURL)
		}
	}
	if c.MaxProcs < 0 {
		bad("max_procs must be 0 (automatic) or a positive number of CPUs")
	}
	if c.Limits.MaxTop < 1 {
		bad("limits.max_top must be at least 1")
	}
	if c.Limits.MaxBodyBytes < 1 {
		bad("limits.max_body_bytes must be positive")
	}
	if c.CSRF.Enabled && c.CSRF.Header == "" {
		bad("csrf.header must not be empty")
	}
	c.Auth.validate(bad)
	seen := map[string]bool{}
	for i, e := range c.Entities {
		if e.Table == "" {
			bad("entities[%d].table is required", i)
		}
		if seen[e.Table] {
			bad("entities[%d].table %q is listed twice", i, e.Table)
		}
		seen[e.Table] = true
	}
	return errors.Join(errs...)
}
