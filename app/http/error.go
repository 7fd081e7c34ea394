package http

import (
	"encoding/json"
	"errors"
	"net/http"

	"github.com/podo-tickets/podo/app"
)

// statuses maps application error codes to HTTP statuses, in one place.
var statuses = map[string]int{
	podo.EInvalid:             http.StatusBadRequest,
	podo.EUnauthorized:        http.StatusUnauthorized,
	podo.EForbidden:           http.StatusForbidden,
	podo.ECSRF:                http.StatusForbidden,
	podo.ENotFound:            http.StatusNotFound,
	podo.EMethodNotAllowed:    http.StatusMethodNotAllowed,
	podo.EConflict:            http.StatusConflict,
	podo.ESeatTaken:           http.StatusConflict,
	podo.ESeatHeld:            http.StatusConflict,
	podo.EAlreadyReserved:     http.StatusConflict,
	podo.EAlreadyCancelled:    http.StatusConflict,
	podo.EShowEnded:           http.StatusConflict,
	podo.EAlreadyBooked:       http.StatusConflict,
	podo.ENoSeatsTogether:     http.StatusConflict,
	podo.ESeatLocked:          http.StatusConflict,
	podo.ESeatSold:            http.StatusConflict,
	podo.ESaleNotOpen:         http.StatusConflict,
	podo.EPassRequired:        http.StatusForbidden,
	podo.EPassInvalid:         http.StatusForbidden,
	podo.EPassMismatch:        http.StatusForbidden,
	podo.EPassExpired:         http.StatusForbidden,
	podo.EPassEnded:           http.StatusForbidden,
	podo.EPayloadTooLarge:     http.StatusRequestEntityTooLarge,
	podo.EIdempotencyMismatch: http.StatusUnprocessableEntity,
	podo.ERateLimited:         http.StatusTooManyRequests,
	podo.EUnavailable:         http.StatusServiceUnavailable,
	podo.EBusy:                http.StatusServiceUnavailable,
	podo.EOutcomeUnknown:      http.StatusServiceUnavailable,
	podo.EInternal:            http.StatusInternalServerError,
	podo.ECanceled:            StatusClientClosedRequest,
}

// StatusClientClosedRequest is nginx's 499: the client hung up before the
// answer. It keeps users who give up out of the 5xx ratios and the alerts.
const StatusClientClosedRequest = 499

// ErrorStatus returns the HTTP status for an error code.
func ErrorStatus(code string) int {
	if s, ok := statuses[code]; ok {
		return s
	}
	return http.StatusInternalServerError
}

type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string   `json:"code"`
	Message string   `json:"message"`
	Seats   []string `json:"seats,omitempty"`
	// RequestID is the X-Request-Id of the request, which the logs carry too:
	// a user quoting it leads on-call to the request's log lines.
	RequestID string `json:"requestId,omitempty"`
}

// encodeError renders an error as the API's one error shape, with the id of
// the request it answers ("" for a body stored to be replayed to later requests).
func encodeError(err error, requestID string) (int, []byte) {
	code := podo.ErrorCode(err)
	body := errorBody{Error: errorDetail{Code: code, Message: podo.ErrorMessage(err), RequestID: requestID}}
	var pe *podo.Error
	if errors.As(err, &pe) {
		body.Error.Seats = pe.Seats
	}
	b, _ := json.Marshal(body)
	return ErrorStatus(code), b
}

// withRequestID puts a request's id into a stored error body replayed to it.
func withRequestID(body []byte, requestID string) []byte {
	var e errorBody
	if err := json.Unmarshal(body, &e); err != nil || e.Error.Code == "" {
		return body
	}
	e.Error.RequestID = requestID
	b, err := json.Marshal(e)
	if err != nil {
		return body
	}
	return b
}
