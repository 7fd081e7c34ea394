package http

import (
	"context"
	"io"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/gorilla/mux"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/metrics"
)

// TestOpenAPIDocumentMatchesRoutes keeps openapi.yaml and routes.go saying the same thing.
func TestOpenAPIDocumentMatchesRoutes(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData(openAPIDocument)
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("openapi.yaml is not a valid document: %v", err)
	}
	documented := map[string]bool{}
	for path, item := range doc.Paths.Map() {
		for method := range item.Operations() {
			documented[method+" "+path] = true
		}
	}

	s := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("test"), nil, nil, nil, nil, nil, nil, Options{})
	s.Handler()
	served := map[string]bool{}
	err = s.router.Walk(func(route *mux.Route, _ *mux.Router, _ []*mux.Route) error {
		tmpl, err := route.GetPathTemplate()
		if err != nil || tmpl == "/" { // the SPA's catch-all is not part of the API
			return nil
		}
		methods, _ := route.GetMethods()
		for _, m := range methods {
			served[m+" "+routePattern.ReplaceAllString(tmpl, "{$1}")] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for op := range served {
		if !documented[op] {
			t.Errorf("%s is served but not in openapi.yaml", op)
		}
	}
	for op := range documented {
		if !served[op] {
			t.Errorf("%s is in openapi.yaml but not served", op)
		}
	}
	for _, label := range []string{contract.RouteSeatEvents, contract.RouteHold} {
		if !served["GET "+label] {
			t.Errorf("contract route label %s names no route", label)
		}
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range served {
			if !yield(k) {
				return
			}
		}
	})
	if len(keys) < 25 || !strings.Contains(strings.Join(keys, "\n"), "POST /api/shows/{showId}/reservations") {
		t.Fatalf("routes walked: %v", keys)
	}
}
