package server

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"io"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/auth"
	"github.com/sfconnect/sfconnect/config"
)

// testCA issues certificates for the TLS tests.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
}

func newTestCA(t *testing.T) *testCA {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	tpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test CA"}, IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign, NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour)}
	der, err := x509.CreateCertificate(rand.Reader, tpl, tpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	return &testCA{cert: cert, key: key}
}

func (ca *testCA) issue(t *testing.T, cn string, server bool) tls.Certificate {
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tpl := &x509.Certificate{SerialNumber: serial, Subject: pkix.Name{CommonName: cn}, NotBefore: time.Now().Add(-time.Hour),
		NotAfter: time.Now().Add(time.Hour), KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}}
	if server {
		tpl.ExtKeyUsage, tpl.IPAddresses = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, []net.IP{net.ParseIP("127.0.0.1")}
	}
	der, err := x509.CreateCertificate(rand.Reader, tpl, ca.cert, &key.PublicKey, ca.key)
	if err != nil {
		t.Fatal(err)
	}
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key}
}

func writePEM(t *testing.T, path, typ string, der []byte) string {
	if err := os.WriteFile(path, pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// serveInBackground runs Serve and returns the bound address; the server stops with the test.
func serveInBackground(t *testing.T, srv *Server) string {
	ctx, cancel := context.WithCancel(context.Background())
	addr := make(chan string, 1)
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ctx, "127.0.0.1:0", func(a string) { addr <- a }) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	select {
	case a := <-addr:
		return a
	case err := <-done:
		t.Fatalf("Serve: %v", err)
	}
	return ""
}

// TestServeMutualTLS: with auth.tls the server speaks HTTPS only, and a client certificate
// signed by the client CA is the principal that access rules name.
func TestServeMutualTLS(t *testing.T) {
	ca := newTestCA(t)
	dir := t.TempDir()
	srvCert := ca.issue(t, "sfconnect", true)
	keyDER, _ := x509.MarshalPKCS8PrivateKey(srvCert.PrivateKey)
	cfg := config.Defaults()
	cfg.Auth = config.Auth{
		TLS: config.TLS{Cert: writePEM(t, filepath.Join(dir, "s.crt"), "CERTIFICATE", srvCert.Certificate[0]),
			Key: writePEM(t, filepath.Join(dir, "s.key"), "PRIVATE KEY", keyDER), ClientCA: writePEM(t, filepath.Join(dir, "ca.crt"), "CERTIFICATE", ca.cert.Raw)},
		Access: []config.AccessRule{{Principals: []string{"cert:CN=salesforce"}, Read: []string{"Orders"}}},
	}
	model, orders := ordersModel(t)
	sec, err := auth.New(t.Context(), cfg.Auth, model, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	srv := New(cfg, model, &memStore{set: orders}, slog.New(slog.DiscardHandler), nil, WithSecurity(sec))
	addr := serveInBackground(t, srv)

	pool := x509.NewCertPool()
	pool.AddCert(ca.cert)
	client := func(cert *tls.Certificate) *http.Client {
		tc := &tls.Config{RootCAs: pool}
		if cert != nil {
			tc.Certificates = []tls.Certificate{*cert}
		}
		return &http.Client{Transport: &http.Transport{TLSClientConfig: tc}, Timeout: 10 * time.Second}
	}
	status := func(c *http.Client, url string) int {
		resp, err := c.Get(url)
		if err != nil {
			t.Fatalf("GET %s: %v", url, err)
		}
		defer resp.Body.Close()
		_, _ = io.Copy(io.Discard, resp.Body)
		return resp.StatusCode
	}
	sf, other := ca.issue(t, "salesforce", false), ca.issue(t, "someone", false)
	if s := status(client(&sf), "https://"+addr+"/odata/Orders"); s != 200 {
		t.Errorf("certificate principal: %d", s)
	}
	if s := status(client(&other), "https://"+addr+"/odata/Orders"); s != 403 {
		t.Errorf("certificate without a grant: %d, want 403", s)
	}
	if s := status(client(nil), "https://"+addr+"/odata/Orders"); s != 401 {
		t.Errorf("no certificate: %d, want 401", s)
	}
	if s := status(http.DefaultClient, "http://"+addr+"/odata/Orders"); s != 400 {
		t.Errorf("plain HTTP to the TLS port: %d, want 400", s)
	}
}

// TestRequestSmuggling sends raw HTTP/1.1 that proxies and servers disagree about: the server
// must refuse it outright instead of guessing where the request ends.
func TestRequestSmuggling(t *testing.T) {
	f := newSecureFixture(t, nil)
	addr := serveInBackground(t, f.srv)
	auth := "Authorization: Basic c2Y6c2YtcGFzc3dvcmQ=\r\nX-User-Region: EMEA\r\n"
	cases := map[string]string{
		"conflicting content-length": "POST /odata/Orders HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 40\r\n\r\n{}",
		"te and cl":                  "POST /odata/Orders HTTP/1.1\r\nHost: x\r\n" + auth + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /odata/Orders(2) HTTP/1.1\r\nHost: x\r\n\r\n",
		"bad transfer-encoding":      "POST /odata/Orders HTTP/1.1\r\nHost: x\r\n" + auth + "Transfer-Encoding: xchunked\r\n\r\n",
		"space before colon":         "GET /odata/Orders HTTP/1.1\r\nHost: x\r\nAuthorization : Basic c2Y6c2YtcGFzc3dvcmQ=\r\n\r\n",
		"bare LF in header value":    "GET /odata/Orders HTTP/1.1\r\nHost: x\r\nX-User-Region: EMEA\nX-Evil: 1\r\n\r\n",
		"no host":                    "GET /odata/Orders HTTP/1.1\r\n" + auth + "\r\n",
		"huge header":                "GET /odata/Orders HTTP/1.1\r\nHost: x\r\nX-Pad: " + strings.Repeat("a", 200<<10) + "\r\n\r\n",
	}
	for name, raw := range cases {
		conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
		_, _ = io.WriteString(conn, raw)
		line, _ := bufio.NewReader(conn).ReadString('\n')
		conn.Close()
		// 501 is RFC 9112's answer to an unknown transfer coding.
		if !strings.HasPrefix(line, "HTTP/1.1 4") && !strings.HasPrefix(line, "HTTP/1.1 501") {
			t.Errorf("%s: %q, want a 4xx", name, strings.TrimSpace(line))
		}
	}
	// Go unfolds obs-fold into one value (RFC 9112 allows that instead of a 400): the folded
	// header is then one odd region value, and the row filter still confines the caller.
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
	_, _ = io.WriteString(conn, "GET /odata/Orders HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-User-Region: EMEA\r\n or true\r\n"+
		"Authorization: Basic c2Y6c2YtcGFzc3dvcmQ=\r\n\r\n")
	all, _ := io.ReadAll(conn)
	if !strings.Contains(string(all), `"value":[]`) {
		t.Errorf("obs-fold region header: %s", all)
	}
	if len(f.store.writes) != 0 {
		t.Errorf("a smuggled request reached the store: %d writes", len(f.store.writes))
	}
}
