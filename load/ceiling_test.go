package main

import (
	"slices"
	"testing"
)

func TestMedianIsTheMiddleRoundAndLeavesItsInputAlone(t *testing.T) {
	for _, c := range []struct {
		in   []float64
		want float64
	}{{nil, 0}, {[]float64{84}, 84}, {[]float64{130, 84, 91}, 91}, {[]float64{95, 80, 90, 85}, 87.5}} {
		in := slices.Clone(c.in)
		if got := median(in); got != c.want {
			t.Errorf("median(%v) = %v, want %v", c.in, got, c.want)
		}
		if !slices.Equal(in, c.in) {
			t.Errorf("median reordered its input: %v, was %v", in, c.in)
		}
	}
}
