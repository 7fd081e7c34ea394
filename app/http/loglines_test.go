package http

import (
	"testing"
	"time"

	"golang.org/x/time/rate"
)

func TestLinesBeyondTheBudgetAreLeftOutAndTheNextLineCountsThem(t *testing.T) {
	b := &lineBudget{lim: rate.NewLimiter(rate.Every(20*time.Millisecond), 2)}
	for i := range 2 {
		if ok, leftOut := b.take(); !ok || leftOut != 0 {
			t.Fatalf("line %d: %v, %d left out; want written, none left out", i, ok, leftOut)
		}
	}
	for i := range 3 {
		if ok, _ := b.take(); ok {
			t.Fatalf("line %d beyond the budget was written", i+3)
		}
	}
	time.Sleep(25 * time.Millisecond)
	if ok, leftOut := b.take(); !ok || leftOut != 3 {
		t.Fatalf("after a pause: %v, %d left out; want written, saying 3 were left out", ok, leftOut)
	}
	if ok, _ := b.take(); ok {
		t.Fatal("the budget refilled more than it should")
	}
}
