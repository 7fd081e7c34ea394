package main

import (
	"testing"
)

// saleOf is a sale that took soldOut seconds (0: it did not sell out), whose
// reservations' p99 was p99 ms, with fivexx server errors.
func saleOf(p99, soldOut float64, fivexx int) saleRound {
	return saleRound{
		phase: PhaseResult{Endpoints: map[string]Stats{"reserve": {P99Ms: p99}}},
		out:   saleOutcome{SoldOutSeconds: soldOut, Statuses: map[int]int{201: 140, 409: 4860, 503: fivexx}},
	}
}

func TestTheMedianRoundIsTheOneWithTheMiddleP99(t *testing.T) {
	rounds := []saleRound{saleOf(402.3, 0.61, 0), saleOf(248.1, 0.31, 0), saleOf(312.4, 0.45, 0), saleOf(290, 0.52, 0), saleOf(500, 0.7, 0)}
	if got := medianRound(rounds).p99(); got != 312.4 {
		t.Errorf("median round has p99 %v, want 312.4", got)
	}
	if got := medianRound(rounds[:4]).p99(); got != 290 {
		t.Errorf("of four rounds, the median round has p99 %v, want the lower middle one, 290", got)
	}
	if rounds[0].p99() != 402.3 {
		t.Error("medianRound reordered its input")
	}
}

func TestTargetsOverRoundsAreJudgedOnTheMediansAndShowTheRange(t *testing.T) {
	oneSeat := flashOptions{oneSeat: true}
	for _, c := range []struct {
		name                  string
		rounds                []saleRound
		p99, soldOut, fiveXXs string
	}{
		{"one round, as before", []saleRound{saleOf(296, 0.417, 0)}, "296.0 ms (met)", "0.417 s (met)", "0 (met)"},
		{"one round, missed", []saleRound{saleOf(332, 0.485, 0)}, "332.0 ms (missed)", "0.485 s (met)", "0 (met)"},
		{"the median meets what one round misses",
			[]saleRound{saleOf(332, 0.51, 0), saleOf(267, 0.377, 0), saleOf(296, 0.417, 0)},
			"296.0 ms, median of 3 rounds (267.0 ms–332.0 ms) (met)", "0.417 s, median of 3 rounds (0.377 s–0.510 s) (met)", "0 (met)"},
		{"the median misses what one round meets",
			[]saleRound{saleOf(406, 0.495, 0), saleOf(267, 0.377, 0), saleOf(423, 0.525, 0)},
			"406.0 ms, median of 3 rounds (267.0 ms–423.0 ms) (missed)", "0.495 s, median of 3 rounds (0.377 s–0.525 s) (met)", "0 (met)"},
		{"a round that did not sell out, and one 5xx",
			[]saleRound{saleOf(250, 0.3, 0), saleOf(260, 0, 1), saleOf(270, 0.4, 0)},
			"260.0 ms, median of 3 rounds (250.0 ms–270.0 ms) (met)", "did not sell out in 1 of 3 rounds (missed)", "1 (missed)"},
	} {
		rep := newReport("flash-sale", nil)
		saleTargets(rep, oneSeat, c.rounds)
		for key, want := range map[string]string{"target: reserve p99 ≤ 300 ms": c.p99, "target: sold out ≤ 0.5 s": c.soldOut, "target: 0 5xx": c.fiveXXs} {
			if got := rep.Figures[key]; got != want {
				t.Errorf("%s: %s = %q, want %q", c.name, key, got, want)
			}
		}
	}
}

func TestTheOneToFourSeatSaleHasItsOwnTargets(t *testing.T) {
	rep := newReport("flash-sale", nil)
	saleTargets(rep, flashOptions{}, []saleRound{saleOf(480, 1.9, 0)})
	if got := rep.Figures["target: reserve p99 ≤ 500 ms"]; got != "480.0 ms (met)" {
		t.Errorf("p99 target: %q", got)
	}
	if got := rep.Figures["target: sold out ≤ 2 s"]; got != "1.900 s (met)" {
		t.Errorf("sold-out target: %q", got)
	}
}
