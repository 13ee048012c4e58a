package odata

import (
	"errors"
	"fmt"
	"net/http"
)

// Error is a client-visible OData error. Every layer returns it (wrapped or not) for a mistake
// the client can fix; the server's one error handler renders it as an OData JSON error. Message
// is shown to Salesforce end users, so it is short, readable, and never contains SQL.
type Error struct {
	Status  int    // HTTP status, e.g. 400
	Code    string // stable machine code, e.g. "BadFilter"
	Message string // one readable sentence
	Target  string // the offending property or query option, when there is one
	// Header holds response headers the error must carry (e.g. WWW-Authenticate, Retry-After).
	Header http.Header
	// Err is the internal cause, logged but never shown.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%d %s: %s: %v", e.Status, e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf builds an *Error with a formatted message.
func Errorf(status int, code, format string, args ...any) *Error {
	return &Error{Status: status, Code: code, Message: fmt.Sprintf(format, args...)}
}

// BadRequest is a 400 with the given code.
func BadRequest(code, format string, args ...any) *Error {
	return Errorf(http.StatusBadRequest, code, format, args...)
}

// NotFound is a 404.
func NotFound(format string, args ...any) *Error {
	return Errorf(http.StatusNotFound, "NotFound", format, args...)
}

// NotImplemented is a 501 for valid OData that sfconnect does not support.
func NotImplemented(format string, args ...any) *Error {
	return Errorf(http.StatusNotImplemented, "NotImplemented", format, args...)
}

// WithTarget sets Target and returns e, for chaining.
func (e *Error) WithTarget(target string) *Error {
	e.Target = target
	return e
}

// AsError finds the *Error in err's chain.
func AsError(err error) (*Error, bool) {
	var oe *Error
	if errors.As(err, &oe) {
		return oe, true
	}
	return nil, false
}
