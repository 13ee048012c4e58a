package auth

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"io"
	"math/big"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/config"
)

// testPKI is a CA with helpers to issue server and client certificates, generated per test.
type testPKI struct {
	t    testing.TB
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	dir  string
}

func newTestPKI(t testing.TB, name string) *testPKI {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: name},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testPKI{t: t, cert: cert, key: key, dir: t.TempDir()}
}

// issue returns a certificate signed by the CA; server certs are for 127.0.0.1.
func (p *testPKI) issue(subject pkix.Name, server bool) tls.Certificate {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tpl := &x509.Certificate{SerialNumber: serial, Subject: subject, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}, EmailAddresses: []string{"ops@example.com"}}
	if server {
		tpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}
		tpl.IPAddresses = []net.IP{net.ParseIP("127.0.0.1")}
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, p.cert, &key.PublicKey, p.key)
	if err != nil {
		p.t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func (p *testPKI) writePEM(name string, blocks ...*pem.Block) string {
	path := filepath.Join(p.dir, name)
	var data []byte
	for _, b := range blocks {
		data = append(data, pem.EncodeToMemory(b)...)
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		p.t.Fatal(err)
	}
	return path
}

// files writes a server certificate, its key and the CA, and returns the auth.tls section.
func (p *testPKI) files(clientAuth string) config.TLS {
	srv := p.issue(pkix.Name{CommonName: "sfconnect"}, true)
	keyDER, _ := x509.MarshalPKCS8PrivateKey(srv.PrivateKey)
	return config.TLS{
		Cert:       p.writePEM("server.crt", &pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate[0]}),
		Key:        p.writePEM("server.key", &pem.Block{Type: "PRIVATE KEY", Bytes: keyDER}),
		ClientCA:   p.writePEM("ca.crt", &pem.Block{Type: "CERTIFICATE", Bytes: p.cert.Raw}),
		ClientAuth: clientAuth,
	}
}

func (p *testPKI) client(cert *tls.Certificate) *http.Client {
	pool := x509.NewCertPool()
	pool.AddCert(p.cert)
	tc := &tls.Config{RootCAs: pool}
	if cert != nil {
		tc.Certificates = []tls.Certificate{*cert}
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: tc}, Timeout: 10 * time.Second}
}

// whoami serves the principal ID (or 401) over the given security's TLS.
func whoami(t *testing.T, sec *Security) *httptest.Server {
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p, err := sec.Authn.Authenticate(r, false)
		if err != nil {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		fmt.Fprint(w, p.ID(), " ", p.claimStrings("cn"), p.claimStrings("ou"))
	}))
	// httptest installs its own certificate when Certificates is empty (ours come from
	// GetCertificate), so hand it ours explicitly.
	cert, err := sec.TLS.GetCertificate(&tls.ClientHelloInfo{})
	if err != nil {
		t.Fatal(err)
	}
	srv.TLS = sec.TLS.Clone()
	srv.TLS.Certificates = []tls.Certificate{*cert}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

func get(c *http.Client, url string) (int, string, error) {
	resp, err := c.Get(url)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), nil
}

func TestMutualTLS(t *testing.T) {
	ca := newTestPKI(t, "sfconnect test CA")
	other := newTestPKI(t, "some other CA")
	good := ca.issue(pkix.Name{CommonName: "salesforce-prod", Organization: []string{"Acme"}, OrganizationalUnit: []string{"crm"}}, false)
	foreign := other.issue(pkix.Name{CommonName: "salesforce-prod", Organization: []string{"Acme"}}, false)

	optional := whoami(t, mustNew(t, config.Auth{TLS: ca.files("optional")}, Options{}))
	code, body, err := get(ca.client(&good), optional.URL)
	if err != nil || code != 200 || body != "cert:CN=salesforce-prod,OU=crm,O=Acme [salesforce-prod] [crm]" {
		t.Fatalf("valid client certificate: %d %q %v", code, body, err)
	}
	if code, _, err := get(ca.client(nil), optional.URL); err != nil || code != 401 {
		t.Fatalf("no certificate with optional client auth: %d %v, want 401", code, err)
	}
	// A Go client withholds a certificate the server's CA list does not cover, so force it.
	forced := ca.client(nil)
	forced.Transport.(*http.Transport).TLSClientConfig.GetClientCertificate = func(*tls.CertificateRequestInfo) (*tls.Certificate, error) {
		return &foreign, nil
	}
	if code, _, err := get(forced, optional.URL); err == nil {
		t.Fatalf("certificate from another CA accepted (status %d)", code)
	}

	required := whoami(t, mustNew(t, config.Auth{TLS: ca.files("require")}, Options{}))
	if _, _, err := get(ca.client(nil), required.URL); err == nil {
		t.Fatal("handshake without a certificate succeeded with client_auth: require")
	}
	if code, _, err := get(ca.client(&good), required.URL); err != nil || code != 200 {
		t.Fatalf("required + valid: %d %v", code, err)
	}
}

func TestTLSConfigErrors(t *testing.T) {
	ca := newTestPKI(t, "ca")
	files := ca.files("")
	bad := []config.TLS{
		{Cert: filepath.Join(ca.dir, "missing.crt"), Key: files.Key},
		{Cert: files.Cert, Key: files.Key, ClientCA: filepath.Join(ca.dir, "missing.crt")},
		{Cert: files.Cert, Key: files.Key, ClientCA: files.Key}, // a key is no CA certificate
	}
	for i, c := range bad {
		if _, err := TLSConfig(c); err == nil {
			t.Errorf("case %d accepted", i)
		}
	}
	if tc, err := TLSConfig(config.TLS{}); tc != nil || err != nil {
		t.Errorf("no TLS: %v %v", tc, err)
	}
	tc, err := TLSConfig(config.TLS{Cert: files.Cert, Key: files.Key})
	if err != nil || tc.ClientAuth != tls.NoClientCert || tc.MinVersion != tls.VersionTLS12 || tc.GetCertificate == nil {
		t.Errorf("server-only TLS: %+v %v", tc, err)
	}
}

// TestCertificateReload: a renewed certificate on disk is served from the next handshake on.
func TestCertificateReload(t *testing.T) {
	ca := newTestPKI(t, "ca")
	files := ca.files("")
	tc, err := TLSConfig(config.TLS{Cert: files.Cert, Key: files.Key})
	if err != nil {
		t.Fatal(err)
	}
	serial := func() string {
		c, err := tc.GetCertificate(&tls.ClientHelloInfo{})
		if err != nil {
			t.Fatal(err)
		}
		leaf, _ := x509.ParseCertificate(c.Certificate[0])
		return leaf.SerialNumber.String()
	}
	first := serial()
	if serial() != first {
		t.Fatal("unchanged files gave another certificate")
	}
	renewed := ca.issue(pkix.Name{CommonName: "sfconnect"}, true)
	keyDER, _ := x509.MarshalPKCS8PrivateKey(renewed.PrivateKey)
	ca.writePEM("server.crt", &pem.Block{Type: "CERTIFICATE", Bytes: renewed.Certificate[0]})
	ca.writePEM("server.key", &pem.Block{Type: "PRIVATE KEY", Bytes: keyDER})
	later := time.Now().Add(time.Minute) // file systems with coarse mtimes
	for _, p := range []string{files.Cert, files.Key} {
		if err := os.Chtimes(p, later, later); err != nil {
			t.Fatal(err)
		}
	}
	second := serial()
	if second == first {
		t.Fatal("the renewed certificate was not picked up")
	}
	if err := os.WriteFile(files.Key, []byte("half-written"), 0o600); err != nil {
		t.Fatal(err)
	}
	_ = os.Chtimes(files.Key, later.Add(time.Minute), later.Add(time.Minute))
	if serial() != second {
		t.Fatal("a broken renewal replaced the working certificate")
	}
}
