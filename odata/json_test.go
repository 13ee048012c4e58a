package odata

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/schema"
)

// plain8 must flag exactly the words holding a byte that AppendString cannot copy as it is.
func TestPlain8(t *testing.T) {
	needsCare := func(c byte) bool { return c < 0x20 || c == '"' || c == '\\' || c >= 0x80 }
	check := func(w [8]byte) {
		want := true
		for _, c := range w {
			if needsCare(c) {
				want = false
			}
		}
		if got := plain8(string(w[:])); got != want {
			t.Fatalf("plain8(%q) = %v, want %v", w[:], got, want)
		}
	}
	// Every byte value in every position of an otherwise plain word, and next to each other
	// (borrows run upward from a low byte).
	for pos := range 8 {
		for c := range 256 {
			w := [8]byte{'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'}
			w[pos] = byte(c)
			check(w)
			if pos < 7 {
				w[pos+1] = 0x1f
				check(w)
				w[pos+1] = 0x20
				check(w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	edge := []byte{0, 0x1f, 0x20, 0x21, '"', '\\', 0x5b, 0x5d, 0x7f, 0x80, 0xff, 'a'}
	for range 200000 {
		var w [8]byte
		for i := range w {
			if rng.IntN(2) == 0 {
				w[i] = edge[rng.IntN(len(edge))]
			} else {
				w[i] = byte(rng.IntN(256))
			}
		}
		check(w)
	}
}

// AppendString must produce valid JSON that decodes to the input (invalid UTF-8 as U+FFFD),
// whatever the alignment of the bytes that need escaping.
func FuzzAppendString(f *testing.F) {
	for _, s := range []string{"", "plain ascii text", `quote " and \ back`, "tab\tnew\nline\r", "\x00\x01\x1f",
		"éàü ünïcødé", "\xff\xfe broken", "12345678\"12345678", "1234567\\", "\u2028\u2029", "日本語のテキスト"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := AppendString(nil, s)
		var back string
		if err := json.Unmarshal(out, &back); err != nil {
			t.Fatalf("AppendString(%q) = %s: not JSON: %v", s, out, err)
		}
		want := s
		if !utf8.ValidString(s) {
			want = string([]rune(s)) // invalid bytes become U+FFFD, as json decodes them
		}
		if back != want {
			t.Fatalf("AppendString(%q) decodes to %q, want %q", s, back, want)
		}
	})
}

func TestAppendDate(t *testing.T) {
	for _, d := range []time.Time{time.Date(2016, 1, 2, 0, 0, 0, 0, time.UTC), time.Date(1, 12, 31, 23, 0, 0, 0, time.UTC),
		time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC), time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(-1, 6, 15, 0, 0, 0, 0, time.UTC), time.Date(0, 2, 29, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 3, 1, 23, 30, 0, 0, time.FixedZone("x", -5*3600))} {
		if got, want := string(appendDate(nil, d)), d.Format("2006-01-02"); got != want {
			t.Errorf("appendDate(%v) = %q, want %q", d, got, want)
		}
	}
}

// A page of several entities (member names encoded once) reads exactly as entities written one
// by one, also when the property list changes between entities.
func TestCollectionWriterMemberNames(t *testing.T) {
	a := &schema.Property{Name: "id", Type: schema.EdmInt32}
	b := &schema.Property{Name: `we"ird\name`, Type: schema.EdmString}
	c := &schema.Property{Name: "day", Type: schema.EdmDate}
	two, three := []*schema.Property{a, b}, []*schema.Property{a, b, c}
	day := time.Date(2020, 2, 29, 0, 0, 0, 0, time.UTC)
	rows := []struct {
		props []*schema.Property
		vals  []Value
		etag  string
	}{
		{two, []Value{{Type: schema.EdmInt32, Int: 1}, {Type: schema.EdmString, Text: "x"}}, ""},
		{two, []Value{{Type: schema.EdmInt32, Int: 2}, {Type: schema.EdmString, Text: "y\n"}}, `W/"1"`},
		{three, []Value{{Type: schema.EdmInt32, Int: 3}, {Type: schema.EdmString, Null: true}, {Type: schema.EdmDate, Time: day}}, ""},
		{two[:1], []Value{{Type: schema.EdmInt32, Int: 4}}, ""},
		{nil, nil, `W/"2"`},
	}
	var out bytes.Buffer
	cw := NewCollectionWriter(&out, JSONOptions{})
	cw.Start("ctx", -1)
	want := []byte(`{"@odata.context":"ctx","value":[`)
	for i, r := range rows {
		cw.Entity(r.props, r.vals, r.etag)
		if i > 0 {
			want = append(want, ',')
		}
		want = EntityJSON(want, r.props, r.vals, r.etag, JSONOptions{})
	}
	want = append(want, "]}"...)
	if err := cw.End(""); err != nil {
		t.Fatal(err)
	}
	if out.String() != string(want) {
		t.Fatalf("page:\n%s\nwant:\n%s", out.String(), want)
	}
}
