package approvals

import (
	"errors"
	"fmt"
	"time"
)

// Error codes. The CLI maps them to exit status and the console to HTTP
// status.
const (
	ECONFLICT = "conflict"  // the action conflicts with the current state
	EINTERNAL = "internal"  // a bug or an unexpected failure
	EINVALID  = "invalid"   // the input is invalid
	ENOTFOUND = "not_found" // the thing does not exist
	// EUNAUTHORIZED: the action needs an active staff account and the
	// actor has none, or a login's email and password do not match one.
	EUNAUTHORIZED = "unauthorized"
)

// Error is a domain error: a code and a message safe to show a user.
type Error struct {
	Code    string
	Message string
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the *Error in err's chain, ECONFLICT for
// an *AlreadyDecidedError, EINTERNAL for any other non-nil error, and ""
// for nil.
func ErrorCode(err error) string {
	var (
		e  *Error
		ad *AlreadyDecidedError
	)
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	case errors.As(err, &ad):
		return ECONFLICT
	}
	return EINTERNAL
}

// AlreadyDecidedError is returned by a review action on a request that
// another action decided first (two staff acting on one item at once):
// nothing changed, and the error says who decided it, when, and how.
// Its code is ECONFLICT.
type AlreadyDecidedError struct {
	Request string
	// Status is the request's status now.
	Status Status
	// By is the ledger actor of the decision that set Status
	// ("staff:EMAIL", "intake"); "" when the store does not know it.
	By string
	// At is when Status was set.
	At time.Time
}

func (e *AlreadyDecidedError) Error() string {
	by := e.By
	if by == "" {
		by = "an earlier action"
	}
	return fmt.Sprintf("%s was already decided: %s by %s at %s", e.Request, e.Status, by, stamp(e.At))
}

// alreadyDecided returns the AlreadyDecidedError of r.
func alreadyDecided(r *Request) *AlreadyDecidedError {
	return &AlreadyDecidedError{Request: r.ID, Status: r.Status, By: r.DecidedBy, At: r.DecidedAt}
}
