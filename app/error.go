package podo

import (
	"errors"
	"fmt"
)

// Error codes. They are part of the API: clients switch on them, so they never change meaning.
const (
	EInvalid             = "invalid"
	EUnauthorized        = "unauthorized"
	EForbidden           = "forbidden"
	ENotFound            = "not_found"
	EConflict            = "conflict"
	ESeatTaken           = "seat_taken"
	ESeatHeld            = "seat_held"
	EAlreadyReserved     = "already_reserved"
	EAlreadyCancelled    = "already_cancelled"
	ESeatLocked          = "seat_locked"
	ESeatSold            = "seat_sold"
	ECSRF                = "csrf"
	EPayloadTooLarge     = "payload_too_large"
	ERateLimited         = "rate_limited"
	EIdempotencyMismatch = "idempotency_mismatch"
	EUnavailable         = "unavailable"
	// EBusy: the replica has as many requests at work as it takes at once, and
	// this one waited its turn too long (503 with Retry-After).
	EBusy             = "busy"
	EMethodNotAllowed = "method_not_allowed"
	// EOutcomeUnknown: the database went away while a booking or a cancel was
	// committing, and did not come back in time to say whether it did. The
	// client checks (My Reservations, or the same request with the same
	// Idempotency-Key) rather than assume nothing happened.
	EOutcomeUnknown = "outcome_unknown"
	EInternal       = "internal"
)

// ECanceled is a request its client gave up on (a closed tab, a lost network)
// before the answer came: nobody reads the answer, and it is not the service's
// failure. It is never sent; it names the outcome in logs and metrics (HTTP 499).
const ECanceled = "canceled"

// Error is an error the service means to tell its caller about: a stable code,
// a message for a person, and the seats it concerns, when it concerns seats.
// Any other error is a bug or an outage and is shown only as "Internal error".
type Error struct {
	Code    string
	Message string
	Seats   []string
}

func (e *Error) Error() string {
	return fmt.Sprintf("podo error: code=%s message=%s", e.Code, e.Message)
}

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// SeatError returns an *Error about particular seats.
func SeatError(code, message string, seats []string) *Error {
	return &Error{Code: code, Message: message, Seats: seats}
}

// ErrorCode returns the code of an application error, EInternal for any other error, "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// ErrorMessage returns the message of an application error, "Internal error." for any other.
func ErrorMessage(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Message
	}
	return "Internal error."
}
