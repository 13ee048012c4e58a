package mysql

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"fmt"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/jmoiron/sqlx"

	"github.com/sfconnect/sfconnect/sources"
)

// Engine opens and introspects MySQL and MariaDB databases.
type Engine struct{}

var _ sources.Engine = Engine{}

// Schemes: MariaDB speaks the same protocol and uses the same scheme.
func (Engine) Schemes() []string { return []string{"mysql", "mariadb"} }

// Dialect is MySQL's SQL dialect (MariaDB included).
func (Engine) Dialect() sources.Dialect { return Dialect{} }

// Open converts the URL into a driver configuration, asks the server once whether it is MySQL
// or MariaDB (they name the statement timeout differently), and opens the pool.
func (Engine) Open(ctx context.Context, rawURL string, pool sources.PoolOptions) (*sqlx.DB, error) {
	cfg, err := driverConfig(rawURL)
	if err != nil {
		return nil, err
	}
	if pool.StatementTimeoutMS > 0 {
		mariadb, err := isMariaDB(ctx, cfg)
		if err != nil {
			return nil, err
		}
		setStatementTimeout(cfg, mariadb, pool.StatementTimeoutMS)
	}
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return nil, fmt.Errorf("configuring mysql: %w", err)
	}
	db := sqlx.NewDb(sql.OpenDB(connector), "mysql")
	applyPool(db, pool)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connecting to mysql: %w", err)
	}
	return db, nil
}

// driverConfig turns mysql://user:pass@host:port/db?params into the driver's configuration.
// The URL's parameters are the driver's own (tls=true|skip-verify|preferred, charset, timeout,
// ...; unknown ones are session variables), plus socket=PATH and the mysql client's
// ssl-ca/ssl-cert/ssl-key files; sfconnect then requires parseTime=true and loc=UTC
// (DATETIME values are read and written as UTC) and, unless the URL says otherwise, sets
// time_zone='+00:00' (TIMESTAMP values in UTC) and interpolateParams=true (one round trip per
// query instead of prepare, execute and close).
func driverConfig(rawURL string) (*mysql.Config, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("parsing the mysql URL: %w", err)
	}
	if u.Scheme != "mysql" && u.Scheme != "mariadb" {
		return nil, fmt.Errorf("not a mysql URL (scheme %q)", u.Scheme)
	}
	q := u.Query()
	socket, files := q.Get("socket"), tlsFiles{q.Get("ssl-ca"), q.Get("ssl-cert"), q.Get("ssl-key")}
	for _, k := range []string{"socket", "ssl-ca", "ssl-cert", "ssl-key"} {
		q.Del(k)
	}
	_, hasInterpolate := q["interpolateParams"]
	_, hasTimeZone := q["time_zone"]
	cfg, err := mysql.ParseDSN("/?" + q.Encode())
	if err != nil {
		return nil, fmt.Errorf("parsing the mysql URL parameters: %w", err)
	}
	if u.User != nil {
		cfg.User = u.User.Username()
		cfg.Passwd, _ = u.User.Password()
	}
	if socket != "" {
		cfg.Net, cfg.Addr = "unix", socket
	} else {
		host, port := u.Hostname(), u.Port()
		if host == "" {
			host = "127.0.0.1"
		}
		if port == "" {
			port = "3306"
		}
		cfg.Net, cfg.Addr = "tcp", net.JoinHostPort(host, port)
	}
	// ParseDSN built the TLS configuration for its default address; rebuild it for the real
	// host (NewConnector does, from TLSConfig), so the certificate is checked against it.
	cfg.TLS = nil
	if err := files.apply(cfg); err != nil {
		return nil, err
	}
	cfg.DBName = strings.TrimPrefix(u.Path, "/")
	if cfg.DBName == "" {
		return nil, fmt.Errorf("the mysql URL names no database (mysql://user:pass@host:3306/DATABASE)")
	}
	cfg.ParseTime, cfg.Loc = true, time.UTC
	// RowsAffected must count matched rows, not changed ones: an update that sets the values a
	// row already has (Salesforce edits send every field) is not a 404.
	cfg.ClientFoundRows = true
	if !hasInterpolate {
		cfg.InterpolateParams = true
	}
	if cfg.Params == nil {
		cfg.Params = map[string]string{}
	}
	if !hasTimeZone {
		cfg.Params["time_zone"] = "'+00:00'"
	}
	return cfg, nil
}

// isMariaDB asks the server its version on one short-lived connection.
func isMariaDB(ctx context.Context, cfg *mysql.Config) (bool, error) {
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return false, fmt.Errorf("configuring mysql: %w", err)
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	var version string
	if err := db.QueryRowContext(ctx, "SELECT VERSION()").Scan(&version); err != nil {
		return false, fmt.Errorf("connecting to mysql: %w", err)
	}
	return strings.Contains(strings.ToLower(version), "mariadb"), nil
}

// setStatementTimeout bounds statements through a session variable set when a connection
// opens: MariaDB's max_statement_time (seconds, every statement) or MySQL's max_execution_time
// (milliseconds, SELECT only: MySQL has no timeout for writes).
func setStatementTimeout(cfg *mysql.Config, mariadb bool, ms int) {
	for k := range cfg.Params {
		if k == "max_statement_time" || k == "max_execution_time" {
			return // the URL sets it
		}
	}
	if mariadb {
		cfg.Params["max_statement_time"] = strconv.FormatFloat(float64(ms)/1000, 'f', -1, 64)
	} else {
		cfg.Params["max_execution_time"] = strconv.Itoa(ms)
	}
}

func applyPool(db *sqlx.DB, pool sources.PoolOptions) {
	if pool.MaxOpenConns > 0 {
		db.SetMaxOpenConns(pool.MaxOpenConns)
	}
	if pool.MaxIdleConns > 0 {
		db.SetMaxIdleConns(pool.MaxIdleConns)
	}
	if pool.ConnMaxLifetimeS > 0 {
		db.SetConnMaxLifetime(time.Duration(pool.ConnMaxLifetimeS) * time.Second)
	}
}

// tlsFiles are PEM files named in the URL: a CA to verify the server with (instead of the
// system roots) and a client certificate and key.
type tlsFiles struct{ ca, cert, key string }

func (f tlsFiles) apply(cfg *mysql.Config) error {
	if f == (tlsFiles{}) {
		return nil
	}
	if cfg.TLSConfig == "skip-verify" || cfg.TLSConfig == "preferred" {
		return fmt.Errorf("ssl-ca/ssl-cert/ssl-key need tls=true (or no tls parameter), not tls=%s", cfg.TLSConfig)
	}
	conf := &tls.Config{MinVersion: tls.VersionTLS12}
	if f.ca != "" {
		pem, err := os.ReadFile(f.ca)
		if err != nil {
			return fmt.Errorf("reading ssl-ca: %w", err)
		}
		conf.RootCAs = x509.NewCertPool()
		if !conf.RootCAs.AppendCertsFromPEM(pem) {
			return fmt.Errorf("ssl-ca %s holds no PEM certificate", f.ca)
		}
	}
	if (f.cert == "") != (f.key == "") {
		return fmt.Errorf("ssl-cert and ssl-key go together")
	}
	if f.cert != "" {
		pair, err := tls.LoadX509KeyPair(f.cert, f.key)
		if err != nil {
			return fmt.Errorf("reading ssl-cert/ssl-key: %w", err)
		}
		conf.Certificates = []tls.Certificate{pair}
	}
	if host, _, err := net.SplitHostPort(cfg.Addr); err == nil {
		conf.ServerName = host
	}
	cfg.TLS = conf
	return nil
}

// BoundedReads is the max_statement_time (MariaDB) or max_execution_time (MySQL, SELECT only:
// every read) each session starts with, unless the URL sets one of them (then 0).
func (Engine) BoundedReads(rawURL string, pool sources.PoolOptions) time.Duration {
	return sources.TimeoutUnlessURLSets(rawURL, pool, "max_statement_time", "max_execution_time")
}

// SameHost reports whether the URL's server is on this host (loopback, localhost, or a
// socket= path).
func (Engine) SameHost(rawURL string) bool { return sources.URLOnThisHost(rawURL, "socket") }
