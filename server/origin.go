package server

import (
	"net/http"
	"strings"
)

// requestOrigin is the scheme and host a client used, for absolute nextLinks and context URLs
// when public_url is not configured. Proxy headers count only when trusted by configuration;
// hosts with characters outside a hostname's alphabet are replaced so no header content can be
// smuggled into a link.
func requestOrigin(r *http.Request, trustProxy bool) (scheme, host string) {
	scheme, host = "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if trustProxy {
		if fwd := r.Header.Get("Forwarded"); fwd != "" {
			first, _, _ := strings.Cut(fwd, ",")
			for _, pair := range strings.Split(first, ";") {
				k, v, _ := strings.Cut(strings.TrimSpace(pair), "=")
				v = strings.Trim(v, `"`)
				switch strings.ToLower(k) {
				case "proto":
					scheme = strings.ToLower(v)
				case "host":
					host = v
				}
			}
		} else {
			if p := firstValue(r.Header.Get("X-Forwarded-Proto")); p != "" {
				scheme = strings.ToLower(p)
			}
			if h := firstValue(r.Header.Get("X-Forwarded-Host")); h != "" {
				host = h
			}
		}
	}
	if scheme != "http" && scheme != "https" {
		scheme = "http"
	}
	if !validHost(host) {
		host = "localhost"
	}
	return scheme, host
}

func firstValue(h string) string {
	first, _, _ := strings.Cut(h, ",")
	return strings.TrimSpace(first)
}

func validHost(h string) bool {
	if h == "" || len(h) > 255 {
		return false
	}
	for _, r := range h {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune(".-:[]_", r)) {
			return false
		}
	}
	return true
}
