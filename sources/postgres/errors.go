package postgres

import (
	"errors"

	"github.com/lib/pq"

	"github.com/sfconnect/sfconnect/odata"
	"github.com/sfconnect/sfconnect/sources"
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
		return sources.ViolationError(sources.Duplicate)
	case "23503": // foreign_key_violation
		return sources.ViolationError(sources.MissingReference)
	case "23502": // not_null_violation
		return sources.ViolationError(sources.MissingValue)
	case "22001": // string_data_right_truncation
		return sources.ViolationError(sources.TooLong)
	case "23514": // check_violation
		return sources.ViolationError(sources.CheckFailed)
	case "22003": // numeric_value_out_of_range
		return sources.ViolationError(sources.OutOfRange)
	case "22P02", "22007", "22008": // invalid text representation, datetime format / overflow
		return sources.ViolationError(sources.InvalidValue)
	case "22021", "22P05": // character not in repertoire (NUL), untranslatable character
		return sources.ViolationError(sources.InvalidText)
	case "57014": // query_canceled: statement_timeout, or the request's deadline
		return sources.ViolationError(sources.StatementTimeout)
	}
	return nil
}
