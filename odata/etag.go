package odata

import (
	"encoding/base64"
	"strings"
)

// ETag renders a row version as a weak entity tag, W/"<base64url of the value's canonical
// text>": opaque to clients, exact for every type.
func ETag(v Value) string {
	if v.Null {
		return `W/"null"`
	}
	return `W/"` + base64.RawURLEncoding.EncodeToString([]byte(tokenText(v))) + `"`
}

// MatchETag reports whether an If-Match header value matches the current version: "*" matches
// any existing row, otherwise one of the comma-separated tags must equal ETag(current).
func MatchETag(header string, current Value) bool {
	want := ETag(current)
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || tag == want || "W/"+tag == want {
			return true
		}
	}
	return false
}
