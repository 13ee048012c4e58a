package odata

import (
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"

	"github.com/sfconnect/sfconnect/schema"
)

// WriteKind is create, update or delete.
type WriteKind uint8

// The write kinds.
const (
	WriteCreate WriteKind = iota + 1
	WriteUpdate
	WriteDelete
)

// Write is one planned create, update or delete, handed to the store to run as one transaction.
type Write struct {
	Kind WriteKind
	Set  *schema.EntitySet
	// Key addresses the row of an update or delete.
	Key []Value
	// Values are the properties to write.
	Values []Assignment
	// Replace (PUT) sets every writable property not in Values to null.
	Replace bool
	// Guard is the caller's row filter: rows outside it cannot be seen (404) and a create or
	// update may not produce one (403). Nil when the caller sees every row.
	Guard Expr
	// IfMatch, when not empty, is the client's If-Match header: the store checks it against the
	// row's current version (Set.ETag) inside the transaction and fails with 412 on mismatch.
	IfMatch string
}

// KeyString renders a key predicate in canonical URL form: "(42)", "('A”B')", "(a=1,b='x')",
// percent-encoded for use in a path (Location and OData-EntityId headers).
func KeyString(set *schema.EntitySet, key []Value) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, k := range set.Key {
		if i > 0 {
			b.WriteByte(',')
		}
		if len(set.Key) > 1 {
			b.WriteString(k.Name)
			b.WriteByte('=')
		}
		b.WriteString(url.PathEscape(LiteralString(key[i])))
	}
	b.WriteByte(')')
	return b.String()
}

// LiteralString renders v as an OData URL literal (not percent-encoded).
func LiteralString(v Value) string {
	switch {
	case v.Null:
		return "null"
	case v.Type.IsIntegral():
		return strconv.FormatInt(v.Int, 10)
	case v.Type == schema.EdmString:
		return "'" + strings.ReplaceAll(v.Text, "'", "''") + "'"
	case v.Type == schema.EdmBoolean:
		return strconv.FormatBool(v.Bool)
	case v.Type == schema.EdmDate:
		return v.Time.Format("2006-01-02")
	case v.Type == schema.EdmDateTimeOffset:
		return v.Time.Format("2006-01-02T15:04:05.999999999Z07:00")
	case v.Type == schema.EdmDouble || v.Type == schema.EdmSingle:
		return strconv.FormatFloat(v.Float, 'g', -1, 64)
	case v.Type == schema.EdmDuration:
		return "duration'" + v.Text + "'"
	case v.Type == schema.EdmBinary:
		return "binary'" + base64.RawURLEncoding.EncodeToString([]byte(v.Text)) + "'"
	}
	return v.Text // Decimal, Guid, TimeOfDay: bare
}
