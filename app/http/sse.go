package http

import (
	"encoding/json"
	"errors"
	"net/http"
	"sync"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/metrics"
)

// Hub fans seat events out to the live seat maps connected to this replica.
// Each event is encoded once and offered to every subscriber of its show
// without waiting: a subscriber too slow to keep up is disconnected, and its
// browser reconnects and reloads the seat map.
type Hub struct {
	metrics *metrics.Metrics
	mu      sync.Mutex
	subs    map[int64]map[*subscriber]struct{}
	closed  bool

	streams int            // open streams on this replica
	byAddr  map[string]int // open streams by client address
}

type subscriber struct {
	ch chan []byte
}

// NewHub returns an empty hub.
func NewHub(m *metrics.Metrics) *Hub {
	return &Hub{metrics: m, subs: map[int64]map[*subscriber]struct{}{}, byAddr: map[string]int{}}
}

// Why a stream is refused.
var (
	errStreamsPerAddress = podo.Errorf(podo.ERateLimited, "Too many live seat maps are open from your address. Close a few tabs and reload.")
	errStreamsPerReplica = podo.Errorf(podo.EUnavailable, "Live seat updates are full right now. The seat map still works; reload to try again.")
)

// admit counts a stream from addr in, unless the address or the replica
// already has as many as they may (0: no cap), and returns how to count it out.
func (h *Hub) admit(addr string, perAddr, perReplica int) (release func(), err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case perAddr > 0 && h.byAddr[addr] >= perAddr:
		return nil, errStreamsPerAddress
	case perReplica > 0 && h.streams >= perReplica:
		return nil, errStreamsPerReplica
	}
	h.byAddr[addr]++
	h.streams++
	return func() {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.streams--
		if h.byAddr[addr]--; h.byAddr[addr] <= 0 {
			delete(h.byAddr, addr)
		}
	}, nil
}

func (h *Hub) add(showID int64) *subscriber {
	sub := &subscriber{ch: make(chan []byte, 32)}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		close(sub.ch)
		return sub
	}
	if h.subs[showID] == nil {
		h.subs[showID] = map[*subscriber]struct{}{}
	}
	h.subs[showID][sub] = struct{}{}
	h.metrics.SSEClients.Inc()
	return sub
}

func (h *Hub) remove(showID int64, sub *subscriber) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if _, ok := h.subs[showID][sub]; ok {
		delete(h.subs[showID], sub)
		if len(h.subs[showID]) == 0 {
			delete(h.subs, showID)
		}
		close(sub.ch)
		h.metrics.SSEClients.Dec()
	}
}

// Broadcast sends a seat event to the show's subscribers.
func (h *Hub) Broadcast(ev podo.SeatEvent) {
	data, _ := json.Marshal(ev)
	msg := append(append([]byte("event: seats\ndata: "), data...), "\n\n"...)
	h.send(ev.ShowID, msg)
}

// Resync tells every subscriber that events may have been lost.
func (h *Hub) Resync() {
	h.mu.Lock()
	shows := make([]int64, 0, len(h.subs))
	for id := range h.subs {
		shows = append(shows, id)
	}
	h.mu.Unlock()
	for _, id := range shows {
		h.send(id, []byte("event: resync\ndata: {}\n\n"))
	}
}

func (h *Hub) send(showID int64, msg []byte) {
	h.mu.Lock()
	var slow []*subscriber
	n := 0
	for sub := range h.subs[showID] {
		select {
		case sub.ch <- msg:
			n++
		default:
			slow = append(slow, sub)
		}
	}
	h.mu.Unlock()
	h.metrics.SSEEvents.Add(float64(n))
	for _, sub := range slow {
		h.remove(showID, sub)
	}
}

// Close disconnects every subscriber; shutdown calls it so streams end at once.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	for id, subs := range h.subs {
		for sub := range subs {
			close(sub.ch)
			h.metrics.SSEClients.Dec()
		}
		delete(h.subs, id)
	}
}

const heartbeat = 15 * time.Second

func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	showID := pathID(r, "showId")
	// Counted before anything else is asked of MySQL: a flood of streams costs no queries.
	release, err := s.hub.admit(clientIP(r, s.TrustedProxyHops), s.SSEPerAddress, s.SSEPerReplica)
	if errors.Is(err, errStreamsPerAddress) {
		s.tooMany(w, r, "events", 30*time.Second, "Too many live seat maps are open from your address. Close a few tabs and try again in %d seconds.")
		return
	} else if err != nil {
		s.Error(w, r, err)
		return
	}
	defer release()
	if _, err := s.Shows.FindShow(r.Context(), showID, 0); err != nil {
		s.Error(w, r, err)
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // streams outlive the server's write timeout
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	sub := s.hub.add(showID)
	defer s.hub.remove(showID, sub)
	if _, err := w.Write([]byte("retry: 2000\n\nevent: hello\ndata: {}\n\n")); err != nil {
		return
	}
	_ = rc.Flush()
	t := time.NewTicker(heartbeat)
	defer t.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg, ok := <-sub.ch:
			if !ok {
				return
			}
			if _, err := w.Write(msg); err != nil {
				return
			}
			_ = rc.Flush()
		case <-t.C:
			if _, err := w.Write([]byte(": ping\n\n")); err != nil {
				return
			}
			_ = rc.Flush()
		}
	}
}
