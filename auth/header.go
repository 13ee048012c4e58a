package auth

import (
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// maxCredentialLen bounds an Authorization value: real JWTs are a few KB at most.
const maxCredentialLen = 16 << 10

// splitAuthorization splits "Scheme credentials" (scheme case-insensitive, RFC 9110 §11.4).
func splitAuthorization(h string) (scheme, cred string, ok bool) {
	scheme, cred, ok = strings.Cut(h, " ")
	if !ok || scheme == "" || !isToken(scheme) {
		return "", "", false
	}
	cred = strings.TrimLeft(cred, " ")
	if cred == "" {
		return "", "", false
	}
	return strings.ToLower(scheme), cred, true
}

// parseBasic decodes Basic credentials: canonical base64("user:password"). The user must be valid UTF-8
// without control characters; the password may be any bytes except control characters.
func parseBasic(cred string) (user string, password []byte, ok bool) {
	// The decoder skips CR and LF even in strict mode; a credential is one canonical token.
	if len(cred) > maxCredentialLen || strings.ContainsAny(cred, "\r\n") {
		return "", nil, false
	}
	raw, err := base64.StdEncoding.Strict().DecodeString(cred)
	if err != nil {
		return "", nil, false
	}
	i := strings.IndexByte(string(raw), ':')
	if i <= 0 {
		return "", nil, false
	}
	user = string(raw[:i])
	if !utf8.ValidString(user) || hasControl(user) || hasControl(string(raw[i+1:])) {
		return "", nil, false
	}
	return user, raw[i+1:], true
}

// parseBearer checks a bearer token's syntax (RFC 6750 b64token) and the three-part JWS
// compact shape before any cryptography runs.
func parseBearer(cred string) (string, bool) {
	if len(cred) > maxCredentialLen {
		return "", false
	}
	dots := 0
	for i := 0; i < len(cred); i++ {
		c := cred[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '-', c == '_', c == '~', c == '+', c == '/':
		case c == '.':
			dots++
		case c == '=' && i > 0:
		default:
			return "", false
		}
	}
	return cred, dots == 2
}

func hasControl(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] == 0x7f {
			return true
		}
	}
	return false
}

func isToken(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0) {
			return false
		}
	}
	return s != ""
}
