package mysql

import (
	"errors"

	"github.com/go-sql-driver/mysql"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/sources"
)

// ClientError turns the constraint violations a client causes into readable OData errors (the
// driver's message stays in the log through Err); anything else returns nil.
func (Dialect) ClientError(err error) *odata.Error {
	var me *mysql.MySQLError
	if !errors.As(err, &me) {
		return nil
	}
	return clientError(me.Number)
}

// clientError maps a MySQL/MariaDB error number to the error the client sees.
func clientError(number uint16) *odata.Error {
	switch number {
	case 1062, 1586: // ER_DUP_ENTRY, ER_DUP_ENTRY_WITH_KEY_NAME
		return sources.ViolationError(sources.Duplicate)
	case 1451, 1452, 1216, 1217: // row is referenced / reference missing (and their pre-5.5 forms)
		return sources.ViolationError(sources.MissingReference)
	case 1048, 1364: // ER_BAD_NULL_ERROR, ER_NO_DEFAULT_FOR_FIELD
		return sources.ViolationError(sources.MissingValue)
	case 1406: // ER_DATA_TOO_LONG
		return sources.ViolationError(sources.TooLong)
	case 3819, 4025: // check constraint violated: MySQL 8, MariaDB
		return sources.ViolationError(sources.CheckFailed)
	case 1264, 1690: // out of range
		return sources.ViolationError(sources.OutOfRange)
	case 3024, 1969: // max_execution_time (MySQL), max_statement_time (MariaDB) exceeded
		return sources.ViolationError(sources.StatementTimeout)
	case 1292, 1366, 1265: // incorrect value, truncated data
		return sources.ViolationError(sources.InvalidValue)
	}
	return nil
}
