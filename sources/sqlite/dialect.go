package sqlite

import (
	"strconv"
	"strings"
	"time"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// Dialect is SQLite's SQL. Values follow the storage conventions the demo writes and the
// scanner reads: Date as 'YYYY-MM-DD' text, DateTimeOffset as fixed-width UTC text
// 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (so text order is time order), Boolean as 0/1, Decimal with
// NUMERIC affinity, Guid as lower-case text, Binary as BLOB.
type Dialect struct{}

var _ sources.Dialect = Dialect{}

// Name implements sources.Dialect.
func (Dialect) Name() string { return "sqlite" }

// QuoteIdent implements sources.Dialect.
func (Dialect) QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Placeholder implements sources.Dialect.
func (Dialect) Placeholder(int) string { return "?" }

// DateTimeLayout is the fixed-width UTC text form of Edm.DateTimeOffset in SQLite.
const DateTimeLayout = "2006-01-02T15:04:05.000000Z"

// Arg implements sources.Dialect.
func (Dialect) Arg(v odata.Value) any {
	if v.Null {
		return nil
	}
	switch v.Type {
	case schema.EdmBoolean:
		if v.Bool {
			return int64(1)
		}
		return int64(0)
	case schema.EdmByte, schema.EdmSByte, schema.EdmInt16, schema.EdmInt32, schema.EdmInt64:
		return v.Int
	case schema.EdmDouble, schema.EdmSingle:
		return v.Float
	case schema.EdmDecimal:
		return decimalArg(v.Text)
	case schema.EdmDate:
		return timeText(v.Time, "2006-01-02")
	case schema.EdmDateTimeOffset:
		return timeText(v.Time.UTC(), DateTimeLayout)
	case schema.EdmGuid:
		return strings.ToLower(v.Text)
	case schema.EdmBinary:
		return []byte(v.Text)
	}
	return v.Text
}

// timeText formats t in the fixed-width text form. A year above 9999 has no such form: it
// becomes a text greater than every stored value ("~" sorts after the digits and "Z"), so
// comparisons still answer as for the real instant. Years below 1 format with a leading "-",
// which already sorts before every stored value.
func timeText(t time.Time, layout string) string {
	if t.Year() > 9999 {
		return "9999-12-31T23:59:59.999999Z"[:len(layout)] + "~"
	}
	return t.Format(layout)
}

// decimalArg binds a decimal as SQLite holds it in a NUMERIC column: an integer when it is
// one (exact up to 2^63), else a double. Binding text would compare as text, not as a number,
// against computed expressions (they have no affinity).
func decimalArg(text string) any {
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		return n
	}
	if f, err := strconv.ParseFloat(text, 64); err == nil {
		return f
	}
	return text
}

// Compare implements sources.Dialect: strings compare with BINARY collation (exact,
// case-sensitive) even when the column is declared COLLATE NOCASE. An index on the column is
// still used when its collation is BINARY (the default).
func (Dialect) Compare(op string, t schema.EdmType) string {
	coll := ""
	if t == schema.EdmString {
		coll = " COLLATE BINARY"
	}
	if op == "IN" {
		return "{0}" + coll + " IN ({1})"
	}
	return "{0} " + op + " {1}" + coll
}

// Match implements sources.Dialect. Case-sensitive tests use GLOB (always case-sensitive; a
// prefix GLOB uses an index on the column); case-insensitive ones use LIKE, which folds ASCII
// letters only (SQLite without ICU does not fold other scripts).
func (Dialect) Match(kind sources.MatchKind, text string, fold bool) (string, string) {
	if strings.IndexByte(text, 0) >= 0 {
		return matchNUL(kind, fold), text
	}
	if fold {
		p := sources.EscapeLike(text)
		return `{0} LIKE {1} ESCAPE '\'`, wrap(kind, p, "%")
	}
	return "{0} GLOB {1}", wrap(kind, escapeGlob(text), "*")
}

// matchNUL tests text containing NUL characters, which GLOB and LIKE patterns cannot carry
// (SQLite reads them as C strings): byte-wise on BLOB casts, which keep every byte.
func matchNUL(kind sources.MatchKind, fold bool) string {
	s, t := "CAST({0} AS BLOB)", "CAST({1} AS BLOB)"
	if fold {
		return "(instr(lower({0}), lower({1})) > 0)"
	}
	switch kind {
	case sources.MatchPrefix:
		return "(substr(" + s + ", 1, length(" + t + ")) = " + t + ")"
	case sources.MatchSuffix:
		return "(substr(" + s + ", length(" + s + ") - length(" + t + ") + 1) = " + t + ")"
	}
	return "(instr(" + s + ", " + t + ") > 0)"
}

func wrap(kind sources.MatchKind, p, any string) string {
	switch kind {
	case sources.MatchPrefix:
		return p + any
	case sources.MatchSuffix:
		return any + p
	}
	return any + p + any
}

// escapeGlob makes GLOB's metacharacters * ? [ literal by putting each in a bracket class.
func escapeGlob(s string) string {
	if !strings.ContainsAny(s, "*?[") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '*', '?', '[':
			b.WriteByte('[')
			b.WriteRune(r)
			b.WriteByte(']')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Bool implements sources.Dialect.
func (Dialect) Bool(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// NullsLowest implements sources.Dialect: SQLite already sorts NULL lowest.
func (Dialect) NullsLowest(bool) string { return "" }

// LimitOffset implements sources.Dialect.
func (Dialect) LimitOffset(hasLimit, hasOffset bool) string {
	switch {
	case hasLimit && hasOffset:
		return " LIMIT {0} OFFSET {1}"
	case hasLimit:
		return " LIMIT {0}"
	}
	return " LIMIT -1 OFFSET {1}"
}

// InsertReturning reports that SQLite (3.35+, as bundled) has INSERT ... RETURNING.
func (Dialect) InsertReturning() bool { return true }

// EmptyInsert spells an INSERT without columns.
func (Dialect) EmptyInsert() string { return "DEFAULT VALUES" }
