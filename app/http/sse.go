package http

import (
	"encoding/json"
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
}

type subscriber struct {
	ch chan []byte
}

// NewHub returns an empty hub.
func NewHub(m *metrics.Metrics) *Hub {
	return &Hub{metrics: m, subs: map[int64]map[*subscriber]struct{}{}}
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
