package main

import (
	"context"
	"io"
	"net/http"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// attack runs a vegeta attack (open model at rate, or as fast as workers
// allow when rate.Freq is 0) and feeds every result into a new recorder.
// ok judges a result; onResult, when set, sees every result as it arrives.
func attack(ctx context.Context, name, endpoint string, tr vegeta.Targeter, rate vegeta.Rate, workers int, duration time.Duration,
	ok func(*vegeta.Result) bool, onResult func(*vegeta.Result), progressOut io.Writer, every time.Duration) *Recorder {
	rec := NewRecorder(name)
	opts := []func(*vegeta.Attacker){
		vegeta.Client(&http.Client{Transport: loadTransport(workers), Timeout: 30 * time.Second}),
		vegeta.Workers(uint64(workers)),
	}
	if rate.Freq == 0 {
		opts = append(opts, vegeta.MaxWorkers(uint64(workers)))
	}
	atk := vegeta.NewAttacker(opts...)
	stop := watch(progressOut, rec, every)
	defer stop()
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			atk.Stop()
		case <-done:
		}
	}()
	defer close(done)
	for res := range atk.Attack(tr, rate, duration, name) {
		if res.Error == vegeta.ErrNoTargets.Error() {
			continue // the targeter ran dry: the attack ends, this was no request
		}
		rec.SetUsers(int64(workers))
		rec.Record(endpoint, res.Timestamp, res.Latency, int(res.Code), !ok(res))
		if onResult != nil {
			onResult(res)
		}
	}
	rec.SetUsers(0)
	return rec
}
