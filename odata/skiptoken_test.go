package odata

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sfconnect/sfconnect/schema"
)

func TestSkipTokenRoundTrip(t *testing.T) {
	props := []*schema.Property{
		{Name: "A", Type: schema.EdmString}, {Name: "B", Type: schema.EdmInt64}, {Name: "C", Type: schema.EdmDouble},
		{Name: "D", Type: schema.EdmDateTimeOffset}, {Name: "E", Type: schema.EdmDate}, {Name: "F", Type: schema.EdmBoolean},
		{Name: "G", Type: schema.EdmDecimal, Nullable: true},
	}
	var order []OrderItem
	for _, p := range props {
		order = append(order, OrderItem{Expr: &PropertyRef{Prop: p}})
	}
	at := time.Date(2024, 5, 1, 10, 0, 0, 123456789, time.FixedZone("", 2*3600))
	vals := []Value{StringValue("O'Neil ✓\x00"), IntValue(schema.EdmInt64, math.MinInt64), DoubleValue(-0.1),
		TimeValue(schema.EdmDateTimeOffset, at), TimeValue(schema.EdmDate, time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)),
		BoolValue(true), {Type: schema.EdmDecimal, Null: true}}
	tokens := NewSkipTokens([]byte("k"))
	tok := tokens.Encode("fp", vals)
	got, err := tokens.Decode("fp", tok, order)
	if err != nil {
		t.Fatal(err)
	}
	for i := range vals {
		if LiteralString(got[i]) != LiteralString(vals[i]) || got[i].Null != vals[i].Null {
			t.Errorf("value %d: got %s, want %s", i, LiteralString(got[i]), LiteralString(vals[i]))
		}
	}
	if !got[3].Time.Equal(at) {
		t.Errorf("time lost precision: %v vs %v", got[3].Time, at)
	}
}

func TestSkipTokenRejectsTamperingAndForeignTokens(t *testing.T) {
	p := &schema.Property{Name: "ID", Type: schema.EdmInt64}
	order := []OrderItem{{Expr: &PropertyRef{Prop: p}}}
	tokens := NewSkipTokens([]byte("secret"))
	tok := tokens.Encode("Orders\x00\x00\x00", []Value{IntValue(schema.EdmInt64, 42)})
	flipped := []byte(tok)
	flipped[len(flipped)/2] ^= 1
	cases := map[string]struct{ fp, token string }{
		"tampered":       {"Orders\x00\x00\x00", string(flipped)},
		"other query":    {"Orders\x00name eq 'x'\x00\x00", tok},
		"other secret":   {"Orders\x00\x00\x00", NewSkipTokens([]byte("other")).Encode("Orders\x00\x00\x00", []Value{IntValue(schema.EdmInt64, 42)})},
		"not base64":     {"Orders\x00\x00\x00", "!!!"},
		"truncated":      {"Orders\x00\x00\x00", tok[:5]},
		"huge":           {"Orders\x00\x00\x00", strings.Repeat("A", 10000)},
		"too few values": {"Orders\x00\x00\x00", tokens.Encode("Orders\x00\x00\x00", nil)},
	}
	for name, tc := range cases {
		_, err := tokens.Decode(tc.fp, tc.token, order)
		oe, ok := AsError(err)
		if !ok || oe.Status != 400 {
			t.Errorf("%s: got %v, want a 400", name, err)
		}
	}
}

func TestAppendString(t *testing.T) {
	cases := map[string]string{
		"plain":        `"plain"`,
		`q"b\`:         `"q\"b\\"`,
		"tab\tnl\n":    `"tab\tnl\n"`,
		"\x01":         `"\u0001"`,
		"Zoë 東京":       `"Zoë 東京"`,
		"bad\xffutf8":  `"bad\ufffdutf8"`,
		"</script>":    `"</script>"`,
		"\u2028 line":  "\"\u2028 line\"",
		"":             `""`,
		"end\\":        `"end\\"`,
		"mixed\x1f\"x": `"mixed\u001f\"x"`,
	}
	for in, want := range cases {
		if got := string(AppendString(nil, in)); got != want {
			t.Errorf("AppendString(%q) = %s, want %s", in, got, want)
		}
	}
}

func TestAppendValue(t *testing.T) {
	at := time.Date(2024, 5, 1, 10, 0, 0, 500000000, time.FixedZone("", -7*3600))
	cases := []struct {
		v    Value
		ieee bool
		want string
	}{
		{IntValue(schema.EdmInt64, 9007199254740993), false, `9007199254740993`},
		{IntValue(schema.EdmInt64, 9007199254740993), true, `"9007199254740993"`},
		{IntValue(schema.EdmInt32, -5), true, `-5`},
		{DecimalValue("12.50"), false, `12.50`},
		{DecimalValue("12.50"), true, `"12.50"`},
		{DecimalValue("NaN"), false, `"NaN"`},
		{DoubleValue(math.Inf(-1)), false, `"-INF"`},
		{DoubleValue(1e21), false, `1e+21`},
		{TimeValue(schema.EdmDateTimeOffset, at), false, `"2024-05-01T10:00:00.5-07:00"`},
		{TimeValue(schema.EdmDate, at), false, `"2024-05-01"`},
		{Value{Type: schema.EdmBinary, Text: "\xff\xfe"}, false, `"__4="`},
		{Value{Type: schema.EdmString, Null: true}, false, `null`},
		{BoolValue(false), false, `false`},
	}
	for _, tc := range cases {
		if got := string(AppendValue(nil, tc.v, JSONOptions{IEEE754Compatible: tc.ieee})); got != tc.want {
			t.Errorf("%v (ieee=%v): got %s, want %s", tc.v, tc.ieee, got, tc.want)
		}
	}
}

// The pooled HMAC states must give what a fresh HMAC gives, also when reused across goroutines
// (tokens issued before the pool, or by another replica, stay valid).
func TestSkipTokenMACMatchesFreshHMAC(t *testing.T) {
	key := []byte("replica-shared-secret")
	s := NewSkipTokens(key)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 500 {
				fp := fmt.Sprintf("orders\x00id gt %d\x00\x00", g*1000+i)
				body := []byte{skipTokenVersion, 1, byte(i), byte(g)}
				h := hmac.New(sha256.New, key)
				h.Write([]byte(fp))
				h.Write([]byte{0})
				h.Write(body)
				if want := h.Sum(nil)[:skipTokenMACLen]; !bytes.Equal(s.mac(fp, body), want) {
					t.Errorf("mac(%q) differs from a fresh HMAC", fp)
					return
				}
			}
		}()
	}
	wg.Wait()
}
