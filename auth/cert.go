package auth

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"

	"github.com/sfconnect/sfconnect/config"
)

// TLSConfig builds the server's TLS configuration: the certificate and key, and when a client
// CA is configured, client-certificate verification against it (mutual TLS). Nil without
// auth.tls.cert.
func TLSConfig(cfg config.TLS) (*tls.Config, error) {
	if cfg.Cert == "" {
		return nil, nil
	}
	files := &certFiles{cert: cfg.Cert, key: cfg.Key}
	if _, err := files.load(); err != nil {
		return nil, err
	}
	tc := &tls.Config{GetCertificate: files.get, MinVersion: tls.VersionTLS12}
	if cfg.ClientCA != "" {
		pem, err := os.ReadFile(cfg.ClientCA)
		if err != nil {
			return nil, fmt.Errorf("reading auth.tls.client_ca: %w", err)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, errors.New("auth.tls.client_ca holds no PEM certificate")
		}
		tc.ClientCAs = pool
		tc.ClientAuth = tls.VerifyClientCertIfGiven
		if cfg.ClientAuth == "require" {
			tc.ClientAuth = tls.RequireAndVerifyClientCert
		}
	}
	return tc, nil
}

// certFiles serves the certificate from its files and reloads it when either file changes, so
// a renewed certificate (cert-manager, certbot) takes effect without a restart. A renewal that
// does not load (say, the key not written yet) keeps the previous certificate.
type certFiles struct {
	cert, key string

	mu              sync.Mutex
	cur             *tls.Certificate
	certMod, keyMod time.Time
}

func (f *certFiles) load() (*tls.Certificate, error) {
	ci, err1 := os.Stat(f.cert)
	ki, err2 := os.Stat(f.key)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("loading auth.tls.cert/key: %w", err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cur != nil && ci.ModTime().Equal(f.certMod) && ki.ModTime().Equal(f.keyMod) {
		return f.cur, nil
	}
	pair, err := tls.LoadX509KeyPair(f.cert, f.key)
	if err != nil {
		return nil, fmt.Errorf("loading auth.tls.cert/key: %w", err)
	}
	f.cur, f.certMod, f.keyMod = &pair, ci.ModTime(), ki.ModTime()
	return f.cur, nil
}

func (f *certFiles) get(*tls.ClientHelloInfo) (*tls.Certificate, error) {
	c, err := f.load()
	if err != nil {
		f.mu.Lock()
		defer f.mu.Unlock()
		if f.cur != nil {
			return f.cur, nil
		}
	}
	return c, err
}

// certPrincipal is the principal of a verified client certificate. Only verified chains count:
// the TLS stack verified them against the client CA during the handshake.
func certPrincipal(cs *tls.ConnectionState) *Principal {
	if cs == nil || len(cs.VerifiedChains) == 0 || len(cs.VerifiedChains[0]) == 0 {
		return nil
	}
	leaf := cs.VerifiedChains[0][0]
	claims := map[string]any{"cn": leaf.Subject.CommonName, "serial": leaf.SerialNumber.String()}
	addList := func(name string, vals []string) {
		l := make([]any, len(vals))
		for i, v := range vals {
			l[i] = v
		}
		claims[name] = l
	}
	addList("o", leaf.Subject.Organization)
	addList("ou", leaf.Subject.OrganizationalUnit)
	addList("email", leaf.EmailAddresses)
	addList("dns", leaf.DNSNames)
	return &Principal{Kind: KindCert, Name: leaf.Subject.String(), Claims: claims}
}
