package http

import "testing"

// The gzips kept are bounded: each keeps its seat map's body alive.
func TestGzippedBodiesKeptAreBounded(t *testing.T) {
	var g gzipped
	body := []byte(`{"seats":[]}`)
	for show := int64(1); show <= maxGzipped+1; show++ {
		g.of(show, body)
	}
	if n := len(g.last); n > maxGzipped {
		t.Fatalf("%d gzipped bodies kept, want at most %d", n, maxGzipped)
	}
	if gz := g.of(maxGzipped+1, body); len(gz) == 0 {
		t.Fatal("the newest body's gzip is gone")
	}
}
