package sqlite

import (
	"errors"
	"net/http"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/sfconnect/sfconnect/odata"
)

// ClientError turns constraint violations into client errors: a duplicate key or unique
// value and a broken reference are 409 Conflict, a missing required value or a failed CHECK
// is 400, lock contention beyond the busy timeout is 503 with Retry-After. Messages are fixed sentences: the driver's text (table and column names, SQL) is
// never shown, only logged through Err by the caller.
func (Dialect) ClientError(err error) *odata.Error {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return nil
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_ROWID:
		return odata.Errorf(http.StatusConflict, "Conflict", "an entity with the same key or unique value already exists")
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return odata.Errorf(http.StatusConflict, "Conflict", "the change refers to an entity that does not exist, or removes one that others still refer to")
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return odata.BadRequest("MissingValue", "a required property is missing or null")
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return odata.BadRequest("InvalidValue", "a value is not allowed by the rules of the table")
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_BUSY_SNAPSHOT, sqlite3.SQLITE_LOCKED:
		// Another writer held the lock for longer than the busy timeout.
		e := odata.Errorf(http.StatusServiceUnavailable, "Busy", "the database is busy; try again")
		e.Header = http.Header{"Retry-After": []string{"1"}}
		return e
	}
	return nil
}
