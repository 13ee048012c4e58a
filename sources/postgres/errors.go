package postgres

import (
	"errors"
	"net/http"

	"github.com/lib/pq"

	"github.com/sfconnect/sfconnect/odata"
)

// ClientError turns the constraint violations a client causes into readable OData errors (the
// driver's message, with SQL and values, stays in the log through Err); anything else is the
// server's problem and returns nil.
func (Dialect) ClientError(err error) *odata.Error {
	var pe *pq.Error
	if !errors.As(err, &pe) {
		return nil
	}
	return clientError(string(pe.Code))
}

// clientError maps a SQLSTATE to the error the client sees.
func clientError(code string) *odata.Error {
	switch code {
	case "23505": // unique_violation
		return odata.Errorf(http.StatusConflict, "Conflict", "an entity with the same key or unique value already exists")
	case "23503": // foreign_key_violation
		return odata.Errorf(http.StatusConflict, "Conflict", "the change refers to an entity that does not exist, or removes one that others still refer to")
	case "23502": // not_null_violation
		return odata.BadRequest("MissingValue", "a required property is missing or null")
	case "22001": // string_data_right_truncation
		return odata.BadRequest("ValueTooLong", "a value is longer than its property allows")
	case "23514": // check_violation
		return odata.BadRequest("InvalidValue", "a value is not allowed by the rules of the table")
	case "22003": // numeric_value_out_of_range
		return odata.BadRequest("InvalidValue", "a number is out of the range of its property")
	case "22P02", "22007", "22008": // invalid text representation, datetime format / overflow
		return odata.BadRequest("InvalidValue", "a value is not valid for its property")
	case "22021", "22P05": // character not in repertoire (NUL), untranslatable character
		return odata.BadRequest("InvalidValue", "a text value contains a character the database cannot store")
	case "57014": // query_canceled: statement_timeout, or the request's deadline
		return timeoutError()
	}
	return nil
}

// timeoutError is the answer when the database cancelled a statement for taking too long.
func timeoutError() *odata.Error {
	return odata.Errorf(http.StatusGatewayTimeout, "Timeout", "the database took too long to answer; narrow the filter or try again")
}
