package odata

import (
	"encoding/base64"
	"io"
	"math"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/sfconnect/sfconnect/schema"
)

// JSONOptions are the format parameters negotiated from Accept / $format.
type JSONOptions struct {
	// IEEE754Compatible writes Int64 and Decimal as strings (the client cannot hold them in a
	// double).
	IEEE754Compatible bool
	// NoMetadata is odata.metadata=none: no @odata.context.
	NoMetadata bool
}

// AppendValue appends v as the OData JSON representation of an Edm value.
func AppendValue(dst []byte, v Value, o JSONOptions) []byte {
	if v.Null {
		return append(dst, "null"...)
	}
	switch v.Type {
	case schema.EdmString, schema.EdmGuid, schema.EdmTimeOfDay, schema.EdmDuration:
		return AppendString(dst, v.Text)
	case schema.EdmBoolean:
		return strconv.AppendBool(dst, v.Bool)
	case schema.EdmInt64:
		if o.IEEE754Compatible {
			dst = append(dst, '"')
			dst = strconv.AppendInt(dst, v.Int, 10)
			return append(dst, '"')
		}
		return strconv.AppendInt(dst, v.Int, 10)
	case schema.EdmByte, schema.EdmSByte, schema.EdmInt16, schema.EdmInt32:
		return strconv.AppendInt(dst, v.Int, 10)
	case schema.EdmDecimal:
		if o.IEEE754Compatible || !isJSONNumber(v.Text) {
			return AppendString(dst, v.Text)
		}
		return append(dst, v.Text...)
	case schema.EdmDouble, schema.EdmSingle:
		return appendFloat(dst, v.Float, v.Type)
	case schema.EdmDate:
		dst = append(dst, '"')
		dst = appendDate(dst, v.Time)
		return append(dst, '"')
	case schema.EdmDateTimeOffset:
		dst = append(dst, '"')
		dst = v.Time.AppendFormat(dst, time.RFC3339Nano)
		return append(dst, '"')
	case schema.EdmBinary:
		dst = append(dst, '"')
		dst = base64.URLEncoding.AppendEncode(dst, []byte(v.Text))
		return append(dst, '"')
	}
	return append(dst, "null"...)
}

// appendDate is AppendFormat(dst, "2006-01-02") without the layout interpretation, for the
// years it writes as four digits.
func appendDate(dst []byte, t time.Time) []byte {
	y, m, d := t.Date()
	if y < 0 || y > 9999 {
		return t.AppendFormat(dst, "2006-01-02")
	}
	return append(dst, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d/10), byte('0'+d%10))
}

func appendFloat(dst []byte, f float64, t schema.EdmType) []byte {
	switch {
	case math.IsNaN(f):
		return append(dst, `"NaN"`...)
	case math.IsInf(f, 1):
		return append(dst, `"INF"`...)
	case math.IsInf(f, -1):
		return append(dst, `"-INF"`...)
	}
	bits := 64
	if t == schema.EdmSingle {
		bits = 32
	}
	return strconv.AppendFloat(dst, f, 'g', -1, bits)
}

// isJSONNumber reports whether s is a JSON number (decimal text from a database normally is;
// PostgreSQL's numeric 'NaN' is not and goes out as a string).
func isJSONNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() int {
		start := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i - start
	}
	if digits() == 0 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

const hexDigits = "0123456789abcdef"

// AppendString appends s as a JSON string. Invalid UTF-8 becomes U+FFFD so the response stays
// valid JSON whatever bytes the database holds.
func AppendString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if i+8 <= len(s) && plain8(s[i:i+8]) {
			i += 8 // eight bytes that are copied as they are: most text, every property name
			continue
		}
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
			i++
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plain8 reports whether none of the eight bytes of s needs escaping or UTF-8 decoding: none
// is below 0x20, '"', '\\' or at least 0x80. Word-at-a-time tests (exact for existence):
// (x - 0x20…) & ^x & 0x80… has a bit set iff some byte is below 0x20, the same on x^'"'…
// and x^'\\'… finds a byte equal to them.
func plain8(s string) bool {
	x := uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	q, b := x^(ones*'"'), x^(ones*'\\')
	special := x | (x-ones*0x20)&^x | (q-ones)&^q | (b-ones)&^b
	return special&highs == 0
}

// EntityJSON appends one entity object: {"Prop":value,...} (plus @odata.etag when etag != "").
func EntityJSON(dst []byte, props []*schema.Property, vals []Value, etag string, o JSONOptions) []byte {
	dst = entityStart(dst, etag, len(props))
	for i, p := range props {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = AppendString(dst, p.Name)
		dst = append(dst, ':')
		dst = AppendValue(dst, vals[i], o)
	}
	return append(dst, '}')
}

// entityStart opens an entity object, with its @odata.etag annotation when etag != "".
func entityStart(dst []byte, etag string, members int) []byte {
	dst = append(dst, '{')
	if etag != "" {
		dst = append(dst, `"@odata.etag":`...)
		dst = AppendString(dst, etag)
		if members > 0 {
			dst = append(dst, ',')
		}
	}
	return dst
}

// CollectionWriter streams a collection response: the head, one entity at a time, then the
// tail with an optional nextLink. It buffers up to flushAt bytes, so memory stays flat whatever
// the page size.
type CollectionWriter struct {
	w       io.Writer
	o       JSONOptions
	buf     []byte
	n       int
	written int64
	err     error
	names   memberNames
}

// memberNames are the encoded member names (`"name":`) of one property list, so a page encodes
// its property names once rather than once per entity (a tenth of a 500-row page's CPU).
type memberNames struct {
	props []*schema.Property // the list they were encoded for
	text  []byte
	end   []int // end[i]: end in text of props[i]'s name
}

func (m *memberNames) of(props []*schema.Property) *memberNames {
	if len(m.props) == len(props) && (len(props) == 0 || &m.props[0] == &props[0]) {
		return m
	}
	m.props, m.text, m.end = props, m.text[:0], m.end[:0]
	if cap(m.text) == 0 { // sized once: two allocations instead of a dozen growths
		n := 0
		for _, p := range props {
			n += len(p.Name) + 4 // quotes, colon, room for an escape
		}
		m.text, m.end = make([]byte, 0, n), make([]int, 0, len(props))
	}
	for _, p := range props {
		m.text = append(AppendString(m.text, p.Name), ':')
		m.end = append(m.end, len(m.text))
	}
	return m
}

// entity is EntityJSON with the member names already encoded.
func (m *memberNames) entity(dst []byte, vals []Value, etag string, o JSONOptions) []byte {
	dst = entityStart(dst, etag, len(m.end))
	start := 0
	for i, end := range m.end {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, m.text[start:end]...)
		start = end
		dst = AppendValue(dst, vals[i], o)
	}
	return append(dst, '}')
}

const flushAt = 32 << 10

// bufPool recycles the writers' buffers: a fresh 36 KB buffer per response was most of the
// bytes a small request allocated (bench/REPORT.md, profile findings).
var bufPool = sync.Pool{New: func() any { b := make([]byte, 0, flushAt+4096); return &b }}

// NewCollectionWriter returns a writer onto w. End returns its buffer to a pool; the writer
// must not be used after End.
func NewCollectionWriter(w io.Writer, o JSONOptions) *CollectionWriter {
	bp := bufPool.Get().(*[]byte)
	return &CollectionWriter{w: w, o: o, buf: (*bp)[:0]}
}

// Start writes the head; count < 0 omits @odata.count.
func (c *CollectionWriter) Start(contextURL string, count int64) {
	c.buf = append(c.buf, '{')
	if !c.o.NoMetadata {
		c.buf = append(c.buf, `"@odata.context":`...)
		c.buf = AppendString(c.buf, contextURL)
		c.buf = append(c.buf, ',')
	}
	if count >= 0 {
		c.buf = append(c.buf, `"@odata.count":`...)
		c.buf = strconv.AppendInt(c.buf, count, 10)
		c.buf = append(c.buf, ',')
	}
	c.buf = append(c.buf, `"value":[`...)
}

// Entity writes one entity.
func (c *CollectionWriter) Entity(props []*schema.Property, vals []Value, etag string) {
	if c.n > 0 {
		c.buf = append(c.buf, ',')
	}
	c.n++
	if c.n == 1 { // a one-entity page gains nothing from encoding the names apart
		c.buf = EntityJSON(c.buf, props, vals, etag, c.o)
	} else {
		c.buf = c.names.of(props).entity(c.buf, vals, etag, c.o)
	}
	if len(c.buf) >= flushAt {
		c.flush()
	}
}

// Size is the number of bytes produced so far (written or buffered).
func (c *CollectionWriter) Size() int64 { return c.written + int64(len(c.buf)) }

// End closes the collection and flushes; nextLink is omitted when empty.
func (c *CollectionWriter) End(nextLink string) error {
	c.buf = append(c.buf, ']')
	if nextLink != "" {
		c.buf = append(c.buf, `,"@odata.nextLink":`...)
		c.buf = AppendString(c.buf, nextLink)
	}
	c.buf = append(c.buf, '}')
	c.flush()
	if cap(c.buf) <= 2*(flushAt+4096) { // an entity far above flushAt grew it: let that one go
		buf := c.buf[:0]
		bufPool.Put(&buf)
	}
	c.buf = nil
	return c.err
}

func (c *CollectionWriter) flush() {
	if c.err == nil && len(c.buf) > 0 {
		var n int
		n, c.err = c.w.Write(c.buf)
		c.written += int64(n)
	}
	c.buf = c.buf[:0]
}
