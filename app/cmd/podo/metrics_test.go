package main

import (
	"bufio"
	"bytes"
	"strconv"
	"strings"
	"testing"
)

// metric sums the samples of a metric family from /metrics.
func metric(t *testing.T, s *testServer, name string) float64 {
	t.Helper()
	r := s.do("GET", "/metrics", "", nil)
	sum := 0.0
	sc := bufio.NewScanner(bytes.NewReader(r.Body))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, name) {
			continue
		}
		rest := line[len(name):]
		if rest != "" && rest[0] != ' ' && rest[0] != '{' {
			continue
		}
		fields := strings.Fields(line)
		v, _ := strconv.ParseFloat(fields[len(fields)-1], 64)
		sum += v
	}
	return sum
}
