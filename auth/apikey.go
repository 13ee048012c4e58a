package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"

	"github.com/sfconnect/sfconnect/config"
)

// apiKeys verifies static keys sent in a header. Keys are kept only as SHA-256 digests and
// the presented key's digest is compared with every configured one in constant time, so
// neither the keys nor which one nearly matched leaks through timing.
type apiKeys struct {
	header string
	keys   []apiKey
}

type apiKey struct {
	cfg    config.APIKey
	digest []byte
}

func newAPIKeys(cfg config.APIKeys) (*apiKeys, error) {
	a := &apiKeys{header: http.CanonicalHeaderKey(cfg.Header)}
	if a.header == "" {
		a.header = "X-Api-Key"
	}
	for i, k := range cfg.Keys {
		var d []byte
		if k.SHA256 != "" {
			var err error
			if d, err = hex.DecodeString(strings.ToLower(k.SHA256)); err != nil || len(d) != sha256.Size {
				return nil, fmt.Errorf("auth.api_keys.keys[%d].sha256 is not a hex SHA-256 digest", i)
			}
		} else {
			s := sha256.Sum256([]byte(k.Key))
			d = s[:]
		}
		a.keys = append(a.keys, apiKey{cfg: k, digest: d})
	}
	return a, nil
}

// SHA256Hex is the digest form api_keys.keys[].sha256 expects.
func SHA256Hex(key []byte) string {
	s := sha256.Sum256(key)
	return hex.EncodeToString(s[:])
}

func (a *apiKeys) check(presented string) *Principal {
	d := sha256.Sum256([]byte(presented))
	var found *apiKey
	for i := range a.keys {
		if subtle.ConstantTimeCompare(d[:], a.keys[i].digest) == 1 && found == nil {
			found = &a.keys[i]
		}
	}
	if found == nil {
		return nil
	}
	return &Principal{Kind: KindKey, Name: found.cfg.Name, Roles: found.cfg.Roles, Claims: stringClaims(found.cfg.Claims)}
}
