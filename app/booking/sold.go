package booking

import (
	"sync"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/redis"
)

// soldSeats remembers, per show, seats known to be sold and who bought them,
// so that requests for them are refused from memory. The seat map in memory
// does that too, but at an on-sale every seat event drops it and it is rarely
// there; this record grows with every reserved event instead (a sale is
// never undone but by a cancellation), and with every seat map read.
//
// A seat leaves it only with its show's whole record: on a cancellation, a
// layout change, a write to Redis that failed, or events that may have been
// missed (clear). So it can say "sold" of a seat that is free again only
// until that event arrives, as the seat map does; and as a cancellation's
// event can be lost without the subscription (its PUBLISH timed out), a record
// lives soldFor at most, then starts again from the next event or read.
type soldSeats struct {
	mu    sync.Mutex
	shows map[int64]*soldShow
	drops map[int64]uint64 // records dropped, by show, since the last clear
	epoch uint64           // clears
}

// soldFor is how long a show's record lives (a second while events may be
// missed, see Service.freshFor): at an on-sale it is rebuilt many times a second.
const soldFor = 10 * time.Second

type soldShow struct {
	seats   map[string]bool
	buyers  redis.Buyers // of seats
	expires time.Time
}

func newSoldSeats() *soldSeats {
	return &soldSeats{shows: map[int64]*soldShow{}, drops: map[int64]uint64{}}
}

// stamp is taken before reading what learn is then given.
func (c *soldSeats) stamp(showID int64) stamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return stamp{c.epoch, c.drops[showID]}
}

// learn adds what a read of the show's sold seats found, unless the record
// was dropped since st was taken (a seat may have been freed after the read).
func (c *soldSeats) learn(showID int64, st stamp, seats []string, buyers redis.Buyers, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st != (stamp{c.epoch, c.drops[showID]}) {
		return
	}
	r := c.record(showID, expires)
	for _, s := range seats {
		r.seats[s] = true
	}
	r.buyers.Merge(buyers)
}

// heard updates the record from a seat event.
func (c *soldSeats) heard(ev podo.SeatEvent, expires time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch ev.Type {
	case podo.EventReserved:
		r := c.record(ev.ShowID, expires)
		for _, s := range ev.Seats {
			r.seats[s] = true
		}
		r.buyers.Add(ev.Buyer) // 0 (a sale learned from MySQL's refusal, or an older replica's event): unknown
	case podo.EventCancelled, podo.EventLayout:
		c.dropLocked(ev.ShowID)
	}
}

// record is the show's live record, a new one if there is none.
func (c *soldSeats) record(showID int64, expires time.Time) *soldShow {
	r := c.shows[showID]
	if r == nil || !time.Now().Before(r.expires) {
		if len(c.shows) >= 10000 {
			clear(c.shows)
		}
		r = &soldShow{seats: map[string]bool{}, expires: expires}
		c.shows[showID] = r
	}
	return r
}

func (c *soldSeats) drop(showID int64) {
	c.mu.Lock()
	c.dropLocked(showID)
	c.mu.Unlock()
}

func (c *soldSeats) dropLocked(showID int64) {
	delete(c.shows, showID)
	c.drops[showID]++
}

func (c *soldSeats) clear() {
	c.mu.Lock()
	clear(c.shows)
	clear(c.drops)
	c.epoch++
	c.mu.Unlock()
}

// refusal is the seat_taken refusal of the seats known sold, nil if none is.
func (c *soldSeats) refusal(showID, userID int64, seats []string) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	r := c.shows[showID]
	if r == nil || !time.Now().Before(r.expires) {
		return nil
	}
	var sc redis.SeatConflict
	for _, s := range seats {
		if r.seats[s] {
			sc.Taken = append(sc.Taken, s)
		}
	}
	sc.TakenMayBeMine = r.buyers.MayInclude(userID)
	return conflictError(sc)
}
