package mysql

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

func TestDriverConfig(t *testing.T) {
	cfg, err := driverConfig("mysql://app:p%40ss%3Aw0rd@db.internal:3307/erp?tls=skip-verify&charset=utf8mb4&readTimeout=30s")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.User != "app" || cfg.Passwd != "p@ss:w0rd" || cfg.Net != "tcp" || cfg.Addr != "db.internal:3307" || cfg.DBName != "erp" {
		t.Errorf("connection: %+v", cfg)
	}
	if cfg.TLSConfig != "skip-verify" || cfg.ReadTimeout != 30*time.Second {
		t.Errorf("parameters not passed through: tls %q readTimeout %s", cfg.TLSConfig, cfg.ReadTimeout)
	}
	if !cfg.ParseTime || cfg.Loc != time.UTC || !cfg.InterpolateParams || cfg.Params["time_zone"] != "'+00:00'" {
		t.Errorf("sfconnect settings: parseTime %v loc %v interpolate %v time_zone %q", cfg.ParseTime, cfg.Loc, cfg.InterpolateParams, cfg.Params["time_zone"])
	}

	cfg, err = driverConfig("mysql://root@localhost/erp?socket=/run/mysqld/mysqld.sock&interpolateParams=false&time_zone=%27SYSTEM%27&loc=Local")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Net != "unix" || cfg.Addr != "/run/mysqld/mysqld.sock" || cfg.InterpolateParams || cfg.Params["time_zone"] != "'SYSTEM'" || cfg.Loc != time.UTC {
		t.Errorf("overrides: net %s addr %s interpolate %v time_zone %q loc %v", cfg.Net, cfg.Addr, cfg.InterpolateParams, cfg.Params["time_zone"], cfg.Loc)
	}

	cfg, err = driverConfig("mariadb://u@db/erp")
	if err != nil || cfg.Addr != "db:3306" {
		t.Errorf("default port: %v %v", cfg, err)
	}
	for _, bad := range []string{"mysql://u@db", "postgres://u@db/x", "mysql://u@db/x?tls=bogus"} {
		if _, err := driverConfig(bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestStatementTimeoutVariable(t *testing.T) {
	cfg, _ := driverConfig("mysql://u@db/erp")
	setStatementTimeout(cfg, true, 1500)
	if cfg.Params["max_statement_time"] != "1.5" || cfg.Params["max_execution_time"] != "" {
		t.Errorf("MariaDB: %v", cfg.Params)
	}
	cfg, _ = driverConfig("mysql://u@db/erp")
	setStatementTimeout(cfg, false, 1500)
	if cfg.Params["max_execution_time"] != "1500" || cfg.Params["max_statement_time"] != "" {
		t.Errorf("MySQL: %v", cfg.Params)
	}
	cfg, _ = driverConfig("mysql://u@db/erp?max_execution_time=10")
	setStatementTimeout(cfg, false, 1500)
	if cfg.Params["max_execution_time"] != "10" {
		t.Errorf("the URL's own setting was overridden: %v", cfg.Params)
	}
}

func TestClientErrorNumbers(t *testing.T) {
	for number, status := range map[uint16]int{
		1062: http.StatusConflict, 1451: http.StatusConflict, 1452: http.StatusConflict, 1048: http.StatusBadRequest,
		1364: http.StatusBadRequest, 1406: http.StatusBadRequest, 4025: http.StatusBadRequest, 3819: http.StatusBadRequest,
		1969: http.StatusGatewayTimeout, 3024: http.StatusGatewayTimeout, // a readable 504, not a 500
	} {
		if e := clientError(number); e == nil || e.Status != status {
			t.Errorf("%d: %v, want status %d", number, e, status)
		}
	}
	for _, number := range []uint16{1213, 1205, 1146} {
		if e := clientError(number); e != nil {
			t.Errorf("%d is the server's problem, got client error %v", number, e)
		}
	}
}

// TestTLSConfig: tls=true verifies against the URL's host (not the driver's default address),
// and ssl-ca replaces the system roots.
func TestTLSConfig(t *testing.T) {
	cfg, err := driverConfig("mysql://u@db.internal:3307/erp?tls=true")
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TLS != nil || cfg.TLSConfig != "true" {
		t.Errorf("tls=true: TLS %+v, TLSConfig %q; want it rebuilt by the connector for db.internal", cfg.TLS, cfg.TLSConfig)
	}
	if _, err := mysql.NewConnector(cfg); err != nil {
		t.Fatal(err)
	}

	ca := filepath.Join(t.TempDir(), "ca.pem")
	if err := os.WriteFile(ca, selfSignedPEM(t), 0o600); err != nil {
		t.Fatal(err)
	}
	cfg, err = driverConfig("mysql://u@db.internal:3307/erp?ssl-ca=" + ca)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.TLS == nil || cfg.TLS.RootCAs == nil || cfg.TLS.ServerName != "db.internal" || cfg.Params["ssl-ca"] != "" {
		t.Errorf("ssl-ca: %+v, params %v", cfg.TLS, cfg.Params)
	}
	for _, bad := range []string{"?ssl-ca=/nonexistent.pem", "?ssl-cert=" + ca, "?tls=skip-verify&ssl-ca=" + ca, "?ssl-ca=" + filepath.Dir(ca)} {
		if _, err := driverConfig("mysql://u@db/erp" + bad); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func selfSignedPEM(t *testing.T) []byte {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der})
}

// FuzzDriverConfig: any URL either fails cleanly or yields a configuration with sfconnect's
// invariants (UTC, parsed times, a database, an address) that the driver accepts.
func FuzzDriverConfig(f *testing.F) {
	for _, s := range []string{"mysql://u:p@h:1/d?tls=true", "mysql://u@h/d?socket=/s&time_zone=%27x%27", "mariadb://h/d?x=y&loc=Local",
		"mysql://u@[::1]:3306/d?ssl-ca=", "mysql://%zz@h/d", "mysql:///d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		cfg, err := driverConfig(s)
		if err != nil {
			return
		}
		if !cfg.ParseTime || cfg.Loc != time.UTC || cfg.DBName == "" || cfg.Addr == "" {
			t.Fatalf("%q: parseTime %v loc %v db %q addr %q", s, cfg.ParseTime, cfg.Loc, cfg.DBName, cfg.Addr)
		}
		_, _ = mysql.NewConnector(cfg) // must not panic
	})
}
