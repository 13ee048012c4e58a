package server

import (
	"math/rand/v2"
	"mime"
	"net/http"
	"net/textproto"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestHeaderNamesCanonical(t *testing.T) {
	for _, name := range []string{hdrAccept, hdrAcceptEncoding, hdrContentEncoding, hdrContentType,
		hdrODataMaxVersion, hdrODataVersion, hdrPrefer, hdrRequestID, hdrVary} {
		if c := textproto.CanonicalMIMEHeaderKey(name); c != name {
			t.Errorf("%q is not canonical (%q): indexing the header map with it misses", name, c)
		}
	}
}

func TestFixedValueCopiesOnAdd(t *testing.T) {
	h := http.Header{}
	h[hdrVary] = varyAcceptEncoding
	h.Add(hdrVary, "Origin")
	if got := varyAcceptEncoding; len(got) != 1 || got[0] != "Accept-Encoding" {
		t.Fatalf("the shared value changed: %q", got)
	}
	if got := h.Values(hdrVary); len(got) != 2 || got[1] != "Origin" {
		t.Fatalf("Add after a fixed value: %q", got)
	}
	other := http.Header{}
	other[hdrVary] = varyAcceptEncoding
	if got := other.Values(hdrVary); len(got) != 1 {
		t.Fatalf("a second response sees %q", got)
	}
}

func TestHeaderValue(t *testing.T) {
	h := http.Header{}
	h.Set("odata-maxversion", "4.01")
	if got := headerValue(h, hdrODataMaxVersion); got != "4.01" {
		t.Fatalf("headerValue = %q, want 4.01", got)
	}
	if got := headerValue(h, hdrPrefer); got != "" {
		t.Fatalf("missing header = %q", got)
	}
}

// The UTF-8 guard must agree with url.QueryUnescape + utf8.ValidString, which it skips for
// queries that stay ASCII.
func TestDecodesToInvalidUTF8(t *testing.T) {
	reference := func(raw string) bool {
		dq, err := url.QueryUnescape(raw)
		return err == nil && !utf8.ValidString(dq)
	}
	cases := []string{"", "a=b", "%24filter=id%20eq%201", "%ff", "%C3%A9", "%C3", "é", "\xff", "%zz%ff",
		"%", "%4", "%41", "a+b%e2%82%ac", "%e2%82", "x=" + strings.Repeat("%C3%A9", 400) + "%ff",
		strings.Repeat("%C3%A9", 400)}
	for _, raw := range cases {
		if got, want := decodesToInvalidUTF8(raw), reference(raw); got != want {
			t.Errorf("decodesToInvalidUTF8(%q) = %v, want %v", raw, got, want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	alphabet := []string{"%", "a", "F", "f", "0", "9", "c3", "A9", "ff", "+", "é", "\xff", "%C3", "%a9"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(12) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		raw := b.String()
		if got, want := decodesToInvalidUTF8(raw), reference(raw); got != want {
			t.Fatalf("decodesToInvalidUTF8(%q) = %v, want %v", raw, got, want)
		}
	}
}

// The parameterless Accept fast path must read what the general parser reads.
func TestPlainMediaRangeAgrees(t *testing.T) {
	general := func(h string) []mediaRange {
		var out []mediaRange
		for part := range strings.SplitSeq(h, ",") {
			if typ, params, err := mime.ParseMediaType(strings.TrimSpace(part)); err == nil {
				out = append(out, mediaRange{typ: typ, params: params})
			}
		}
		return out
	}
	for _, h := range []string{"application/json", "*/*", " Application/JSON ", "application/*", "text/plain",
		"application/json;odata.metadata=none", "application/json, text/plain", "application", "/json",
		"application/", "application/json/x", "appli cation/json", "application/jsön", "", "a/b", "x-y.z+w/q!#$&^_.+-"} {
		r, ok := plainMediaRange(h)
		want := general(h)
		if !ok {
			continue // general path
		}
		if len(want) != 1 || want[0].typ != r.typ || len(want[0].params) != 0 {
			t.Errorf("plainMediaRange(%q) = %q, the general parser reads %+v", h, r.typ, want)
		}
	}
	if got := parseAccept("application/json;odata.metadata=none"); len(got) != 1 || got[0].params["odata.metadata"] != "none" {
		t.Errorf("parameters lost: %+v", got)
	}
}
