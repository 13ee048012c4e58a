package metadata

import (
	"encoding/json"
	"encoding/xml"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAppendXMLAttr(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{`a&b<c>d"e'f`, `a&amp;b&lt;c&gt;d&quot;e'f`},
		{"line\nbreak\ttab\rcr", "line&#xA;break&#x9;tab&#xD;cr"},
		{"bell\x07nul\x00", "bell\uFFFDnul\uFFFD"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"nonchar\uFFFE", "nonchar\uFFFD"},
		{"ünïcødé — 日本", "ünïcødé — 日本"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := string(appendXMLAttr(nil, tc.in)); got != tc.want {
			t.Errorf("appendXMLAttr(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", `"plain"`},
		{`q"b\`, `"q\"b\\"`},
		{"n\nr\rt\t", `"n\nr\rt\t"`},
		{"\x00\x1f", `"\u0000\u001F"`},
		{"bad\xffutf8", `"bad\ufffdutf8"`},
		{"ls\u2028ps\u2029", `"ls\u2028ps\u2029"`},
		{"<&>", `"<&>"`},
		{"ünïcødé", `"ünïcødé"`},
	}
	for _, tc := range tests {
		if got := string(appendJSONString(nil, tc.in)); got != tc.want {
			t.Errorf("appendJSONString(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

// validUTF8 replaces each invalid byte (not each run, as strings.ToValidUTF8 does) with U+FFFD,
// which is what encoding/json does too.
func validUTF8(s string) string {
	var b strings.Builder
	for _, r := range s { // range yields utf8.RuneError for every invalid byte
		b.WriteRune(r)
	}
	return b.String()
}

// xmlSafe is what an attribute value may round-trip to: runes XML cannot carry become U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == 0xFFFE || r == 0xFFFF || (r < 0x20 && r != '\t' && r != '\n' && r != '\r') {
			return utf8.RuneError
		}
		return r
	}, validUTF8(s))
}

// FuzzEscape: any description must survive a parse by a standard XML and JSON decoder.
func FuzzEscape(f *testing.F) {
	for _, s := range []string{"", "a&b", "\x00\r\n\t", "\xff\xfe", "\u2028\"\\", "]]>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		doc := append(appendXMLAttr([]byte(`<a v="`), s), `"/>`...)
		var a struct {
			V string `xml:"v,attr"`
		}
		if err := xml.Unmarshal(doc, &a); err != nil {
			t.Fatalf("XML attribute for %q does not parse: %v\n%s", s, err, doc)
		}
		if want := xmlSafe(s); a.V != want {
			t.Errorf("XML round trip of %q = %q, want %q", s, a.V, want)
		}
		var got string
		if err := json.Unmarshal(appendJSONString(nil, s), &got); err != nil {
			t.Fatalf("JSON string for %q does not parse: %v", s, err)
		}
		if want := validUTF8(s); got != want {
			t.Errorf("JSON round trip of %q = %q, want %q", s, got, want)
		}
	})
}
