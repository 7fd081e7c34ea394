package http

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/podo-tickets/podo/app/contract"
	"github.com/podo-tickets/podo/app/metrics"
)

// boundedServer serves /work, whose handler runs until release is closed,
// through the bound of one request at a time, beside a liveness probe.
func boundedServer(t *testing.T, queueWait time.Duration) (url string, started chan string, release chan struct{}) {
	t.Helper()
	s := NewServer(slog.New(slog.NewTextHandler(io.Discard, nil)), metrics.New("test"), nil, nil, nil, nil, nil, nil, Options{MaxInFlight: 1})
	s.queueWait = queueWait
	started, release = make(chan string, 10), make(chan struct{})
	r := http.NewServeMux()
	r.Handle("/work", s.bounded("/work", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		started <- r.URL.Query().Get("who")
		<-release
		w.WriteHeader(http.StatusNoContent)
	})))
	r.Handle(contract.LivenessPath, s.bounded(contract.LivenessPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusOK) })))
	srv := httptest.NewServer(r)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-release:
		default:
			close(release)
		}
	})
	return srv.URL, started, release
}

func get(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return (&http.Client{Timeout: 10 * time.Second}).Do(req)
}

func TestBoundedRequestsWaitTheirTurnInsteadOfRunningAtOnce(t *testing.T) {
	url, started, release := boundedServer(t, time.Minute)
	first := make(chan int, 1)
	go func() {
		res, err := get(context.Background(), url+"/work?who=first")
		if err == nil {
			res.Body.Close()
			first <- res.StatusCode
		}
	}()
	if who := <-started; who != "first" {
		t.Fatalf("%s started first", who)
	}
	second := make(chan int, 1)
	go func() {
		res, err := get(context.Background(), url+"/work?who=second")
		if err == nil {
			res.Body.Close()
			second <- res.StatusCode
		}
	}()
	select {
	case who := <-started:
		t.Fatalf("%s ran while the only slot was taken", who)
	case <-time.After(200 * time.Millisecond):
	}
	// A probe never waits for a slot.
	res, err := get(context.Background(), url+contract.LivenessPath)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("liveness while the slot is taken: %d", res.StatusCode)
	}
	close(release)
	if who := <-started; who != "second" {
		t.Fatalf("%s started second", who)
	}
	if a, b := <-first, <-second; a != http.StatusNoContent || b != http.StatusNoContent {
		t.Fatalf("answers %d and %d, want both served", a, b)
	}
}

func TestARequestThatWaitsTooLongForASlotIsToldToComeBack(t *testing.T) {
	url, started, _ := boundedServer(t, 100*time.Millisecond)
	go func() {
		if res, err := get(context.Background(), url+"/work?who=holder"); err == nil {
			res.Body.Close()
		}
	}()
	<-started
	res, err := get(context.Background(), url+"/work?who=late")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		Error struct{ Code, Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != http.StatusServiceUnavailable || body.Error.Code != "busy" || body.Error.Message == "" || res.Header.Get("Retry-After") == "" {
		t.Fatalf("got %d %+v Retry-After %q, want 503 busy with a message and Retry-After", res.StatusCode, body.Error, res.Header.Get("Retry-After"))
	}
	select {
	case who := <-started:
		t.Fatalf("%s ran after being refused", who)
	default:
	}
}

func TestAWaiterWhoHangsUpLeavesTheQueue(t *testing.T) {
	url, started, release := boundedServer(t, time.Minute)
	go func() {
		if res, err := get(context.Background(), url+"/work?who=holder"); err == nil {
			res.Body.Close()
		}
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := get(ctx, url+"/work?who=gone"); err == nil {
		t.Fatal("the waiter was answered while the slot was taken")
	}
	time.Sleep(100 * time.Millisecond) // the server notices the hang-up
	close(release)
	go func() {
		if res, err := get(context.Background(), url+"/work?who=next"); err == nil {
			res.Body.Close()
		}
	}()
	if who := <-started; who != "next" {
		t.Fatalf("%s ran: a waiter who hung up kept its place", who)
	}
}
