package sources

import (
	"context"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/schema"
)

// Engine is one database engine: how to open it, how to read its catalogue, and its SQL dialect.
// Each dialect package (sources/sqlite, sources/postgres, sources/mysql) provides one; the
// composition root passes the engines it links to Open, so there is no init-time registry.
type Engine interface {
	// Schemes lists the URL schemes the engine opens, e.g. "postgres", "postgresql".
	Schemes() []string
	// Open connects to the database named by url (the engine's own scheme).
	Open(ctx context.Context, url string, pool PoolOptions) (*sqlx.DB, error)
	// Introspect reads the tables, views and columns selected by opt.
	Introspect(ctx context.Context, db *sqlx.DB, opt IntrospectOptions) ([]Table, error)
	// Dialect is the engine's SQL dialect.
	Dialect() Dialect
}

// StatementBounder is implemented by engines whose database ends, by itself, every read that
// runs longer than a bound. BoundedReads returns that bound for a database opened with url and
// pool, or 0 when the engine cannot vouch for one (none configured, or the URL sets its own).
// The store uses it to know which reads need no cancellation watcher (Store.DetachFastReads).
type StatementBounder interface {
	BoundedReads(url string, pool PoolOptions) time.Duration
}

// LocalServer is implemented by engines that talk to a database server process: SameHost
// reports whether url names a server on this host (loopback address, localhost, a Unix
// socket), which then competes with sfconnect for the same CPUs.
type LocalServer interface {
	SameHost(url string) bool
}

// URLOnThisHost is SameHost for URL-shaped database URLs: the value of the query parameter
// hostParam when present (PostgreSQL's host=, MySQL's socket=), else the URL's host.
func URLOnThisHost(rawURL, hostParam string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	if h := u.Query().Get(hostParam); h != "" {
		return LoopbackHost(h)
	}
	return LoopbackHost(u.Hostname())
}

// TimeoutUnlessURLSets is BoundedReads for engines whose Open sends pool.StatementTimeoutMS
// as a session setting unless the URL names one of params itself: then the URL's value rules
// and is not vouched for (0).
func TimeoutUnlessURLSets(rawURL string, pool PoolOptions, params ...string) time.Duration {
	if pool.StatementTimeoutMS <= 0 {
		return 0
	}
	for _, p := range params {
		if strings.Contains(rawURL, p) {
			return 0
		}
	}
	return time.Duration(pool.StatementTimeoutMS) * time.Millisecond
}

// LoopbackHost reports whether host (a URL host without port, or a socket path) is this
// machine: empty (the drivers' default, localhost or a Unix socket), "localhost", a loopback
// address or a path.
func LoopbackHost(host string) bool {
	host = strings.Trim(host, "[]")
	if host == "" || host == "localhost" || strings.HasPrefix(host, "/") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// PoolOptions configure the connection pool and statement timeout.
type PoolOptions struct {
	MaxOpenConns     int
	MaxIdleConns     int
	ConnMaxLifetimeS int
	// StatementTimeoutMS bounds each statement in the database (0 = engine default).
	StatementTimeoutMS int
}

// IntrospectOptions select what to read from the catalogue.
type IntrospectOptions struct {
	// Schemas to read; empty means the connection's default schema.
	Schemas []string
	// Tables restricts the read to these names ("table" or "schema.table"); empty = all.
	Tables []string
}

// Keep returns the tables o.Tables names ("table" or "schema.table"); all when it names none.
// Engines that cannot filter in their catalogue query filter their result with it.
func (o IntrospectOptions) Keep(tables []Table) []Table {
	if len(o.Tables) == 0 {
		return tables
	}
	want := make(map[string]bool, len(o.Tables))
	for _, n := range o.Tables {
		want[n] = true
	}
	var out []Table
	for _, t := range tables {
		if want[tableName(&t)] || want[t.Name] {
			out = append(out, t)
		}
	}
	return out
}

// Table is a table or view as the database describes it, before naming rules and config turn
// it into an entity set.
type Table struct {
	Schema     string // empty = default schema
	Name       string
	View       bool
	Columns    []Column
	PrimaryKey []string   // column names in key order; empty for views and keyless tables
	Unique     [][]string // unique constraints, each a list of column names
	Comment    string
}

// Column is one column as the database describes it, with the EDM type its dialect maps it to.
type Column struct {
	Name     string
	DBType   string         // the database's own type name, e.g. "numeric(14,2)"
	Type     schema.EdmType // EdmInvalid: unsupported, skipped with Warning
	Warning  string         // why the column is skipped or degraded
	Nullable bool
	// MaxLength for strings/binaries (0 unknown); Precision/Scale for decimals and the
	// fractional-second precision of times.
	MaxLength, Precision, Scale int
	// Generated: identity/serial/computed; the database fills it. ReadOnly: clients may never
	// write it (generated always, computed). HasDefault: may be omitted on insert.
	Generated, ReadOnly, HasDefault bool
	Comment                         string
}
