package postgres

import (
	"strconv"
	"strings"
	"time"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// Dialect is PostgreSQL's SQL: "quoted" identifiers, $n bind markers, RETURNING.
type Dialect struct{}

var _ sources.Dialect = Dialect{}

// Name is used in golden file names.
func (Dialect) Name() string { return "postgres" }

// QuoteIdent double-quotes name, doubling embedded quotes; the name keeps its case.
func (Dialect) QuoteIdent(name string) string {
	return `"` + strings.ReplaceAll(name, `"`, `""`) + `"`
}

// Placeholder is $n.
func (Dialect) Placeholder(n int) string {
	if n > 0 && n < len(placeholders) {
		return placeholders[n]
	}
	return "$" + strconv.Itoa(n)
}

// placeholders holds $1..$63, so binding an argument allocates no marker text.
var placeholders = func() (p [64]string) {
	for i := 1; i < len(p); i++ {
		p[i] = "$" + strconv.Itoa(i)
	}
	return p
}()

// Arg converts v into what lib/pq sends as text the server parses into the column's type
// (lib/pq sends parameters untyped, so the column decides). Instants are sent in UTC: a
// timestamp without time zone column drops the offset and keeps UTC wall time, which is how
// such columns are served.
func (Dialect) Arg(v odata.Value) any {
	if v.Null {
		return nil
	}
	switch v.Type {
	case schema.EdmBoolean:
		return v.Bool
	case schema.EdmByte, schema.EdmSByte, schema.EdmInt16, schema.EdmInt32, schema.EdmInt64:
		return v.Int
	case schema.EdmDouble, schema.EdmSingle:
		return v.Float
	case schema.EdmDate:
		return v.Time.Format("2006-01-02")
	case schema.EdmDateTimeOffset:
		// Microseconds, truncated as SQLite stores them; the server would round.
		return v.Time.UTC().Truncate(time.Microsecond)
	case schema.EdmBinary:
		return []byte(v.Text)
	}
	return v.Text // String, Decimal (exact text), Guid, TimeOfDay, Duration
}

// InsertReturning: PostgreSQL returns generated keys with INSERT ... RETURNING.
func (Dialect) InsertReturning() bool { return true }

// ForUpdate locks the row read before a conditional write.
func (Dialect) ForUpdate() string { return " FOR UPDATE" }

// EmptyInsert is the INSERT tail without columns.
func (Dialect) EmptyInsert() string { return "DEFAULT VALUES" }
