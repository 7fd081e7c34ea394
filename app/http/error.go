package http

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/podo-tickets/podo/app"
)

// statuses maps application error codes to HTTP statuses, in one place.
var statuses = map[string]int{
	podo.EInvalid:             http.StatusBadRequest,
	podo.EUnauthorized:        http.StatusUnauthorized,
	podo.EForbidden:           http.StatusForbidden,
	podo.ECSRF:                http.StatusForbidden,
	podo.ENotFound:            http.StatusNotFound,
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

// Error writes err to the client; internal errors are logged and shown only as
// "Internal error.". A request whose client has gone ends as 499 canceled.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
		err = &podo.Error{Code: podo.ECanceled, Message: "The request was canceled by its client."}
	}
	if s.Classify != nil && podo.ErrorCode(err) == podo.EInternal {
		err = s.Classify(err)
	}
	status, body := encodeError(err, requestID(r.Context()))
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	if status >= 500 && podo.ErrorCode(err) == podo.EInternal {
		s.log.Error("request failed", append(requestAttrs(r), "err", err)...)
	}
	writeBody(w, status, "application/json", body)
}

func writeBody(w http.ResponseWriter, status int, contentType string, body []byte) {
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// JSON writes v as JSON with status.
func (s *Server) JSON(w http.ResponseWriter, r *http.Request, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeBody(w, status, "application/json", b)
}

// maxBody is the largest JSON body the API reads.
const maxBody = 16 << 10

// decode reads exactly one JSON value into v, refusing unknown fields,
// trailing data and bodies over maxBody, each with a clear error.
func decode(w http.ResponseWriter, r *http.Request, v any) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return decodeError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return decodeError(err)
		}
		return podo.Errorf(podo.EInvalid, "The request body must hold one JSON value and nothing after it.")
	}
	return nil
}

func decodeError(err error) error {
	var mbe *http.MaxBytesError
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &mbe):
		return podo.Errorf(podo.EPayloadTooLarge, "The request body is larger than %d bytes.", mbe.Limit)
	case errors.Is(err, io.EOF):
		return podo.Errorf(podo.EInvalid, "The request body is empty; JSON was expected.")
	case errors.As(err, &syn), errors.Is(err, io.ErrUnexpectedEOF):
		return podo.Errorf(podo.EInvalid, "The request body is not valid JSON.")
	case errors.As(err, &typ):
		return podo.Errorf(podo.EInvalid, "The field %q has the wrong type.", typ.Field)
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		return podo.Errorf(podo.EInvalid, "The request has an unknown field %s.", strings.TrimPrefix(err.Error(), "json: unknown field "))
	}
	return podo.Errorf(podo.EInvalid, "The request body could not be read: %s.", err)
}
