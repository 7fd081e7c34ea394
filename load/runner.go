package main

import (
	"context"
	"sync"
	"time"
)

// stage moves the number of virtual users linearly to Target over Duration,
// as a k6 ramping-vus stage does.
type stage struct {
	Duration time.Duration
	Target   int
}

// vuRunner is a closed-model load generator: each virtual user runs iterate
// in a loop, and a controller starts and stops users every 100 ms to follow
// the stages.
type vuRunner struct {
	stages  []stage
	rec     *Recorder
	iterate func(ctx context.Context, vu int)
}

// usersAt is the number of users the stages ask for at elapsed.
func usersAt(stages []stage, elapsed time.Duration) (int, bool) {
	from := 0
	for _, s := range stages {
		if elapsed < s.Duration {
			return from + int(float64(s.Target-from)*float64(elapsed)/float64(s.Duration)), true
		}
		elapsed -= s.Duration
		from = s.Target
	}
	return 0, false
}

func (r *vuRunner) run(ctx context.Context) {
	var wg sync.WaitGroup
	var stops []context.CancelFunc
	t := time.NewTicker(100 * time.Millisecond)
	defer t.Stop()
	start := time.Now()
	for {
		want, running := usersAt(r.stages, time.Since(start))
		if !running || ctx.Err() != nil {
			want = 0
		}
		for len(stops) < want {
			vctx, cancel := context.WithCancel(ctx)
			stops = append(stops, cancel)
			vu := len(stops)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for vctx.Err() == nil {
					r.iterate(vctx, vu)
				}
			}()
		}
		for len(stops) > want {
			stops[len(stops)-1]()
			stops = stops[:len(stops)-1]
		}
		r.rec.SetUsers(int64(len(stops)))
		if !running || ctx.Err() != nil {
			break
		}
		<-t.C
	}
	wg.Wait()
	r.rec.SetUsers(0)
}
