package auth

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"

	"github.com/sfconnect/sfconnect/config"
)

// TLSConfig builds the server's TLS configuration: the certificate and key, and when a client
// CA is configured, client-certificate verification against it (mutual TLS). Nil without
// auth.tls.cert.
func TLSConfig(cfg config.TLS) (*tls.Config, error) {
	if cfg.Cert == "" {
		return nil, nil
	}
	pair, err := tls.LoadX509KeyPair(cfg.Cert, cfg.Key)
	if err != nil {
		return nil, fmt.Errorf("loading auth.tls.cert/key: %w", err)
	}
	tc := &tls.Config{Certificates: []tls.Certificate{pair}, MinVersion: tls.VersionTLS12}
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
