package sources

import (
	"net/http"

	"github.com/sfconnect/sfconnect/odata"
)

// Violation is a kind of database error that the client caused or can act on. Each dialect maps
// its engine's error codes to a Violation; ViolationError renders the one readable sentence for
// it, so a client sees the same answer on every engine (the e2e corpus compares them byte for
// byte) and never the driver's text, which names tables and columns.
type Violation uint8

// The violations dialects report.
const (
	Duplicate        Violation = iota + 1 // unique or primary key
	MissingReference                      // foreign key, either direction
	MissingValue                          // NOT NULL
	TooLong                               // string longer than the column
	CheckFailed                           // CHECK constraint
	OutOfRange                            // number outside the column's range
	InvalidValue                          // a value the column's type rejects (enum label, date)
	InvalidText                           // text the database cannot store (NUL, bad encoding)
	StatementTimeout                      // the database cancelled a statement for taking too long
	Busy                                  // lock contention beyond the engine's wait
)

var violations = [...]struct {
	status        int
	code, message string
}{
	Duplicate:        {http.StatusConflict, "Conflict", "an entity with the same key or unique value already exists"},
	MissingReference: {http.StatusConflict, "Conflict", "the change refers to an entity that does not exist, or removes one that others still refer to"},
	MissingValue:     {http.StatusBadRequest, "MissingValue", "a required property is missing or null"},
	TooLong:          {http.StatusBadRequest, "ValueTooLong", "a value is longer than its property allows"},
	CheckFailed:      {http.StatusBadRequest, "InvalidValue", "a value is not allowed by the rules of the table"},
	OutOfRange:       {http.StatusBadRequest, "InvalidValue", "a number is out of the range of its property"},
	InvalidValue:     {http.StatusBadRequest, "InvalidValue", "a value is not valid for its property"},
	InvalidText:      {http.StatusBadRequest, "InvalidValue", "a text value contains a character the database cannot store"},
	StatementTimeout: {http.StatusGatewayTimeout, "Timeout", "the database took too long to answer; narrow the filter or try again"},
	Busy:             {http.StatusServiceUnavailable, "Busy", "the database is busy; try again"},
}

// ViolationError is the client's error for v.
func ViolationError(v Violation) *odata.Error {
	if int(v) >= len(violations) || v == 0 {
		return nil
	}
	d := violations[v]
	e := odata.Errorf(d.status, d.code, "%s", d.message)
	if v == Busy {
		e.Header = http.Header{"Retry-After": []string{"1"}}
	}
	return e
}
