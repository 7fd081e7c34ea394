package http

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"

	"github.com/podo-tickets/podo/app"
)

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
