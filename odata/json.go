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
		dst = v.Time.AppendFormat(dst, "2006-01-02")
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

// EntityJSON appends one entity object: {"Prop":value,...} (plus @odata.etag when etag != "").
func EntityJSON(dst []byte, props []*schema.Property, vals []Value, etag string, o JSONOptions) []byte {
	dst = append(dst, '{')
	if etag != "" {
		dst = append(dst, `"@odata.etag":`...)
		dst = AppendString(dst, etag)
		if len(props) > 0 {
			dst = append(dst, ',')
		}
	}
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
	c.buf = EntityJSON(c.buf, props, vals, etag, c.o)
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
