package mysql

import (
	"strings"
	"time"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/schema"
	"github.com/sfconnect/sfconnect/sources"
)

// Dialect is MySQL's and MariaDB's SQL: `quoted` identifiers, ? bind markers, no RETURNING
// (MariaDB 10.5 has it, MySQL does not; LastInsertId serves both).
type Dialect struct{}

var _ sources.Dialect = Dialect{}

// Name is used in golden file names.
func (Dialect) Name() string { return "mysql" }

// QuoteIdent back-quotes name, doubling embedded back quotes.
func (Dialect) QuoteIdent(name string) string {
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// Placeholder is ? whatever n.
func (Dialect) Placeholder(int) string { return "?" }

// Arg converts v into a driver value MySQL compares correctly with columns of v.Type. Instants
// are bound in UTC (the connection's loc and time_zone are UTC); dates as 'YYYY-MM-DD'.
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
	return v.Text
}

// InsertReturning is false: the new key comes from LastInsertId or the request body.
func (Dialect) InsertReturning() bool { return false }

// ForUpdate locks the row read before a conditional write.
func (Dialect) ForUpdate() string { return " FOR UPDATE" }

// EmptyInsert is MySQL's INSERT without columns.
func (Dialect) EmptyInsert() string { return "() VALUES ()" }
