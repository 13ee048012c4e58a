package config

import (
	"fmt"
	"strings"
	"time"
)

// Config is the whole configuration file.
type Config struct {
	Listen    string `yaml:"listen"`
	PublicURL string `yaml:"public_url"`
	// TrustProxy lets X-Forwarded-Proto/-Host (or Forwarded) build absolute URLs; only enable
	// it behind a proxy that sets them, or clients can point nextLinks elsewhere.
	TrustProxy bool `yaml:"trust_proxy"`
	// Secret signs skiptokens and CSRF tokens; give every replica the same value (or set
	// SFCONNECT_SECRET). Random per process when empty.
	Secret      string `yaml:"secret"`
	ServicePath string `yaml:"service_path"`
	// Namespace qualifies entity types in $metadata.
	Namespace string `yaml:"namespace"`
	// MaxProcs is how many CPUs sfconnect's Go runtime uses (GOMAXPROCS). 0, the default:
	// all of them, or half when the database server runs on the same host, because every
	// request needs about as much database CPU as sfconnect CPU, and Go's idle threads, woken
	// for every new goroutine, otherwise compete with the database for the same cores. The
	// GOMAXPROCS environment variable, when set, wins.
	MaxProcs int      `yaml:"max_procs"`
	Database Database `yaml:"database"`
	// Writable is the default for every entity set (each may override it).
	Writable bool     `yaml:"writable"`
	Paging   Paging   `yaml:"paging"`
	Count    Count    `yaml:"count"`
	Limits   Limits   `yaml:"limits"`
	CSRF     CSRF     `yaml:"csrf"`
	Auth     Auth     `yaml:"auth"`
	Log      Log      `yaml:"log"`
	Entities []Entity `yaml:"entities"`
}

// Database says where the rows live and how to talk to it.
type Database struct {
	URL              string        `yaml:"url"`
	Schemas          []string      `yaml:"schemas"`
	MaxOpenConns     int           `yaml:"max_open_conns"`
	MaxIdleConns     int           `yaml:"max_idle_conns"`
	ConnMaxLifetime  time.Duration `yaml:"conn_max_lifetime"`
	StatementTimeout time.Duration `yaml:"statement_timeout"`
	// PreparedStatements (default true) keeps read statements prepared per connection; turn
	// it off behind a pooler that cannot keep them (PgBouncer in transaction mode).
	PreparedStatements *bool `yaml:"prepared_statements"`
}

// Prepared reports whether read statements are kept prepared (the default).
func (d Database) Prepared() bool { return d.PreparedStatements == nil || *d.PreparedStatements }

// Paging configures server-driven paging.
type Paging struct {
	PageSize    int `yaml:"page_size"`
	MaxPageSize int `yaml:"max_page_size"`
}

// Count configures $count.
type Count struct {
	// CacheTTL > 0 caches counts per (set, filter, search) for that long: fast list views on
	// large tables, at the price of counts up to CacheTTL old. Off by default.
	CacheTTL time.Duration `yaml:"cache_ttl"`
}

// Limits are the request guardrails.
type Limits struct {
	RequestTimeout  time.Duration `yaml:"request_timeout"`
	MaxBodyBytes    ByteSize      `yaml:"max_body_bytes"`
	MaxURLLength    int           `yaml:"max_url_length"`
	MaxFilterLength int           `yaml:"max_filter_length"`
	MaxNodes        int           `yaml:"max_nodes"`
	MaxDepth        int           `yaml:"max_depth"`
	MaxTop          int           `yaml:"max_top"`
}

// CSRF configures the Salesforce CSRF token handshake.
type CSRF struct {
	Enabled bool   `yaml:"enabled"`
	Header  string `yaml:"header"`
	// TTL is how long a fetched token stays valid.
	TTL time.Duration `yaml:"ttl"`
}

// Log configures logging.
type Log struct {
	Level  string `yaml:"level"`  // debug, info, warn, error
	Format string `yaml:"format"` // json or text
}

// Entity exposes (and shapes) one table or view.
type Entity struct {
	// Table is "name" or "schema.name".
	Table string `yaml:"table"`
	// Name is the entity set name; default derived from the table name.
	Name string `yaml:"name"`
	// Key names the key columns; required for views, overrides the primary key otherwise.
	Key []string `yaml:"key"`
	// Writable overrides the top-level default when set.
	Writable *bool `yaml:"writable"`
	// Search lists the columns $search matches; default all string columns.
	Search []string `yaml:"search"`
	// ETag names a version column (e.g. updated_at) for optimistic concurrency.
	ETag string `yaml:"etag"`
	// ReadOnly lists columns clients may never write.
	ReadOnly []string `yaml:"read_only"`
	// Exclude lists columns not exposed at all.
	Exclude     []string          `yaml:"exclude"`
	Rename      map[string]string `yaml:"rename"`
	Description string            `yaml:"description"`
}

// ByteSize is a size in bytes that also reads "8MB", "512KB", "1GiB".
type ByteSize int64

// UnmarshalText parses a size with an optional unit.
func (b *ByteSize) UnmarshalText(text []byte) error {
	s := strings.TrimSpace(strings.ToUpper(string(text)))
	units := []struct {
		suffix string
		mult   int64
	}{{"GIB", 1 << 30}, {"MIB", 1 << 20}, {"KIB", 1 << 10}, {"GB", 1 << 30}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.mult
			break
		}
	}
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil || n < 0 {
		return fmt.Errorf("invalid size %q (want e.g. 8MB)", string(text))
	}
	*b = ByteSize(n * mult)
	return nil
}

// Defaults returns the configuration used when nothing is set.
func Defaults() Config {
	return Config{
		Listen:      ":8080",
		ServicePath: "/odata",
		Namespace:   "sfconnect",
		Database:    Database{MaxOpenConns: 16, MaxIdleConns: 16, ConnMaxLifetime: 30 * time.Minute, StatementTimeout: 60 * time.Second},
		Paging:      Paging{PageSize: 500, MaxPageSize: 2000},
		Limits: Limits{
			RequestTimeout: 90 * time.Second, MaxBodyBytes: 8 << 20, MaxURLLength: 16 << 10,
			MaxFilterLength: 8000, MaxNodes: 500, MaxDepth: 50, MaxTop: 100000,
		},
		CSRF: CSRF{Header: "X-CSRF-Token", TTL: 30 * time.Minute},
		Log:  Log{Level: "info", Format: "text"},
	}
}
