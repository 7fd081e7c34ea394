package main

import (
	"fmt"
	"testing"

	"github.com/podo-tickets/podo/app/contract"
)

// BenchmarkLineDocument is what a waiting client costs a replica without a
// CDN in front: one GET of the shared line document a second. Its req/s is
// how many waiting users one replica serves on its own (README, "The waiting room").
func BenchmarkLineDocument(b *testing.B) {
	s := startServer(b, map[string]string{contract.EnvLogLevel: "error"})
	show := s.show()
	s.setSale(show.ID, nil, true)
	for i := range 100 {
		_, tok := s.user(fmt.Sprintf("waiting%d", i))
		s.join(show.ID, tok)
	}
	readLoop(b, fmt.Sprintf("%s/api/shows/%d/line", s.URL, show.ID))
}
