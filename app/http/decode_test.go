package http

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/podo-tickets/podo/app"
)

// FuzzDecode feeds arbitrary bodies to the request decoder: it must never
// panic, and must either fill the request or refuse it as invalid or too large.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{`{"seats":["A1"]}`, `{"seats":[]}`, `{}`, ``, `{"seats":["A1"]}{}`, `{"seats":"A1"}`,
		`{"seats":["A1"],"x":1}`, `[`, `null`, `{"seats":null}`, `{"seats":[1,2]}`, "\xff\xfe", strings.Repeat(`[`, 10000)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		r := httptest.NewRequest("POST", "/api/shows/1/reservations", strings.NewReader(body))
		var req seatRequest
		err := decode(httptest.NewRecorder(), r, &req)
		if err == nil {
			return
		}
		switch code := podo.ErrorCode(err); code {
		case podo.EInvalid, podo.EPayloadTooLarge:
		default:
			t.Fatalf("body %q: error %v with code %q", body, err, code)
		}
		if status, _ := encodeError(err, ""); status >= 500 {
			t.Fatalf("body %q answered %d", body, status)
		}
	})
}
