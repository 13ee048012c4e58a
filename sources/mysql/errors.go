package mysql

import (
	"errors"
	"net/http"

	"github.com/go-sql-driver/mysql"

	"github.com/sfconnect/sfconnect/odata"
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
		return odata.Errorf(http.StatusConflict, "Conflict", "an entity with the same key or unique value already exists")
	case 1451, 1452, 1216, 1217: // row is referenced / reference missing (and their pre-5.5 forms)
		return odata.Errorf(http.StatusConflict, "Conflict", "the change refers to an entity that does not exist, or removes one that others still refer to")
	case 1048, 1364: // ER_BAD_NULL_ERROR, ER_NO_DEFAULT_FOR_FIELD
		return odata.BadRequest("MissingValue", "a required property is missing or null")
	case 1406: // ER_DATA_TOO_LONG
		return odata.BadRequest("ValueTooLong", "a value is longer than its property allows")
	case 3819, 4025: // check constraint violated: MySQL 8, MariaDB
		return odata.BadRequest("InvalidValue", "a value is not allowed by the rules of the table")
	case 1264, 1690: // out of range
		return odata.BadRequest("InvalidValue", "a number is out of the range of its property")
	case 3024, 1969: // max_execution_time (MySQL), max_statement_time (MariaDB) exceeded
		return odata.Errorf(http.StatusGatewayTimeout, "Timeout", "the database took too long to answer; narrow the filter or try again")
	case 1292, 1366, 1265: // incorrect value, truncated data
		return odata.BadRequest("InvalidValue", "a value is not valid for its property")
	}
	return nil
}
