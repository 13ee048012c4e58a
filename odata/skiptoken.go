package odata

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash"
	"io"
	"math"
	"strconv"
	"sync"
	"time"

	"github.com/sfconnect/sfconnect/schema"
)

// A skiptoken is opaque to clients: base64url(version | fingerprint-bound values | MAC). It
// carries the order-key values of the last row delivered, so the next page is a keyset read
// that costs what the first page costs. The MAC (HMAC-SHA256 over the query fingerprint and the
// values) makes a tampered token, or one taken from another query, a 400 instead of a wrong page.

const (
	skipTokenVersion = 1
	skipTokenMACLen  = 16
	maxSkipTokenLen  = 8192
)

// SkipTokens signs and verifies skiptokens with one secret shared by every replica.
type SkipTokens struct {
	key []byte
	// macs recycles keyed HMAC states: hmac.New hashes the key into its inner and outer pads,
	// two SHA-256 blocks and a dozen allocations that every nextLink page paid twice (decode
	// and encode); Reset returns a state to just after that.
	macs sync.Pool
}

// NewSkipTokens returns a signer; the secret must be the same on every replica behind a load
// balancer.
func NewSkipTokens(secret []byte) *SkipTokens {
	s := &SkipTokens{key: secret}
	s.macs.New = func() any { return hmac.New(sha256.New, s.key) }
	return s
}

// Encode returns the token for the order values of the last row of a page. fingerprint
// identifies the query (set, filter, search, order) the token is valid for.
func (s *SkipTokens) Encode(fingerprint string, vals []Value) string {
	body := []byte{skipTokenVersion}
	for _, v := range vals {
		body = appendTokenValue(body, v)
	}
	out := append(body, s.mac(fingerprint, body)...)
	return base64.RawURLEncoding.EncodeToString(out)
}

// Decode verifies token against fingerprint and returns values typed like the order items.
func (s *SkipTokens) Decode(fingerprint, token string, order []OrderItem) ([]Value, error) {
	bad := BadRequest("BadSkipToken", "$skiptoken is invalid or belongs to another query").WithTarget("$skiptoken")
	if len(token) > maxSkipTokenLen {
		return nil, bad
	}
	raw, err := base64.RawURLEncoding.Strict().DecodeString(token) // one spelling per token
	if err != nil || len(raw) < 1+skipTokenMACLen || raw[0] != skipTokenVersion {
		return nil, bad
	}
	body, mac := raw[:len(raw)-skipTokenMACLen], raw[len(raw)-skipTokenMACLen:]
	if !hmac.Equal(mac, s.mac(fingerprint, body)) {
		return nil, bad
	}
	vals, err := decodeTokenValues(body[1:], order)
	if err != nil {
		bad.Err = err
		return nil, bad
	}
	return vals, nil
}

func (s *SkipTokens) mac(fingerprint string, body []byte) []byte {
	h := s.macs.Get().(hash.Hash)
	defer s.macs.Put(h)
	h.Reset()
	_, _ = io.WriteString(h, fingerprint)
	h.Write([]byte{0})
	h.Write(body)
	return h.Sum(nil)[:skipTokenMACLen]
}

// appendTokenValue writes a null flag and the value's canonical text, length-prefixed.
func appendTokenValue(dst []byte, v Value) []byte {
	if v.Null {
		return append(dst, 0)
	}
	dst = append(dst, 1)
	text := tokenText(v)
	dst = binary.AppendUvarint(dst, uint64(len(text)))
	return append(dst, text...)
}

func tokenText(v Value) string {
	switch {
	case v.Type.IsIntegral():
		return strconv.FormatInt(v.Int, 10)
	case v.Type == schema.EdmDouble || v.Type == schema.EdmSingle:
		return strconv.FormatUint(math.Float64bits(v.Float), 16)
	case v.Type == schema.EdmBoolean:
		return strconv.FormatBool(v.Bool)
	case v.Type == schema.EdmDate || v.Type == schema.EdmDateTimeOffset:
		return v.Time.Format(time.RFC3339Nano)
	}
	return v.Text
}

func decodeTokenValues(b []byte, order []OrderItem) ([]Value, error) {
	vals := make([]Value, 0, len(order))
	for _, it := range order {
		t := it.Expr.Type()
		if len(b) == 0 {
			return nil, fmt.Errorf("token has %d values, query orders by %d", len(vals), len(order))
		}
		flag := b[0]
		b = b[1:]
		if flag == 0 {
			vals = append(vals, Value{Type: t, Null: true})
			continue
		}
		n, w := binary.Uvarint(b)
		if w <= 0 || uint64(len(b)-w) < n {
			return nil, fmt.Errorf("truncated token value")
		}
		v, err := parseTokenText(t, string(b[w:w+int(n)]))
		if err != nil {
			return nil, err
		}
		vals = append(vals, v)
		b = b[w+int(n):]
	}
	if len(b) != 0 {
		return nil, fmt.Errorf("token has trailing bytes")
	}
	return vals, nil
}

func parseTokenText(t schema.EdmType, s string) (Value, error) {
	v := Value{Type: t}
	var err error
	switch {
	case t.IsIntegral():
		v.Int, err = strconv.ParseInt(s, 10, 64)
	case t == schema.EdmDouble || t == schema.EdmSingle:
		var bits uint64
		bits, err = strconv.ParseUint(s, 16, 64)
		v.Float = math.Float64frombits(bits)
	case t == schema.EdmBoolean:
		v.Bool, err = strconv.ParseBool(s)
	case t == schema.EdmDate || t == schema.EdmDateTimeOffset:
		v.Time, err = time.Parse(time.RFC3339Nano, s)
	default:
		v.Text = s
	}
	return v, err
}
