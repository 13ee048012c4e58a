package sqlite

import (
	"errors"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/sources"
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
		return sources.ViolationError(sources.Duplicate)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return sources.ViolationError(sources.MissingReference)
	case sqlite3.SQLITE_CONSTRAINT_NOTNULL:
		return sources.ViolationError(sources.MissingValue)
	case sqlite3.SQLITE_CONSTRAINT_CHECK:
		return sources.ViolationError(sources.CheckFailed)
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_BUSY_SNAPSHOT, sqlite3.SQLITE_LOCKED:
		// Another writer held the lock for longer than the busy timeout.
		return sources.ViolationError(sources.Busy)
	}
	return nil
}
