package server

import "net/http"

// Header names in canonical form (textproto.CanonicalMIMEHeaderKey). The hot path indexes the
// header maps with them directly: Header.Get and Header.Set canonicalise their key on every
// call, and for a mixed-case name such as "OData-Version" that means building a new string
// each time (a lookup re-canonicalised four request headers and set three response headers
// per request). TestHeaderNamesCanonical keeps them canonical.
const (
	hdrAccept          = "Accept"
	hdrAcceptEncoding  = "Accept-Encoding"
	hdrContentEncoding = "Content-Encoding"
	hdrContentType     = "Content-Type"
	hdrODataMaxVersion = "Odata-Maxversion"
	hdrODataVersion    = "Odata-Version"
	hdrPrefer          = "Prefer"
	hdrRequestID       = "X-Request-Id"
	hdrVary            = "Vary"
)

// headerValue is h.Get(name) for a canonical name.
func headerValue(h http.Header, name string) string {
	if v := h[name]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// Response header values that never change, shared by every response so setting them
// allocates nothing. They are only ever replaced in the map, never written through: net/http
// and echo read header values, and Header.Add appends to a full slice, which copies it.
var (
	varyAcceptEncoding = fixedValue("Accept-Encoding")
	odataVersion40     = fixedValue("4.0")
	odataVersion401    = fixedValue("4.01")
)

// fixedValue is a one-element header value with no spare capacity, so an append to it copies.
func fixedValue(v string) []string { return []string{v}[:1:1] }
