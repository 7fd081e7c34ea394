package redis

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/redis/rueidis"
)

// Buyers are the users who bought a show's sold seats, as far as known.
type Buyers struct {
	IDs map[int64]bool
	// SomeUnknown: a sale was recorded without its buyer.
	SomeUnknown bool
}

// Add records a buyer; 0 is a buyer not known.
func (b *Buyers) Add(userID int64) {
	if userID == 0 {
		b.SomeUnknown = true
		return
	}
	if b.IDs == nil {
		b.IDs = map[int64]bool{}
	}
	b.IDs[userID] = true
}

// Merge adds every buyer of o.
func (b *Buyers) Merge(o Buyers) {
	for u := range o.IDs {
		b.Add(u)
	}
	b.SomeUnknown = b.SomeUnknown || o.SomeUnknown
}

// MayInclude tells whether the user may be one of them: a sold seat may be
// the user's own only then.
func (b Buyers) MayInclude(userID int64) bool { return b.IDs[userID] || b.SomeUnknown }

// SeatState is what Redis knows of a show's seats: taken ones and holds.
type SeatState struct {
	Taken  []string         // nil when not loaded (ErrUnknown is returned then)
	Buyers Buyers           // who bought the seats of Taken
	Held   map[string]int64 // seat -> user
	// Booking are the seats of Held that are in a booking right now (marks), not on hold.
	Booking map[string]bool
	// expiry of each live hold, by seat
	expires map[string]time.Time
	// NextExpiry is the earliest hold expiry, zero when there are no holds.
	NextExpiry time.Time
}

// SeatState reads a show's taken seats and live holds in one round-trip.
func (c *Client) SeatState(ctx context.Context, showID int64) (SeatState, error) {
	st := SeatState{Held: map[string]int64{}, Booking: map[string]bool{}, expires: map[string]time.Time{}}
	var taken []string
	var holds, marks map[string]string
	var now time.Time
	err := c.do(ctx, "seat_state", func(ctx context.Context, cl rueidis.Client) error {
		res := cl.DoMulti(ctx,
			cl.B().Smembers().Key(c.takenKey(showID)).Build(),
			cl.B().Hgetall().Key(c.holdKey(showID)).Build(),
			cl.B().Time().Build(),
			cl.B().Hgetall().Key(c.markKey(showID)).Build())
		var err1, err2, err3, err4 error
		taken, err1 = res[0].AsStrSlice()
		holds, err2 = res[1].AsStrMap()
		now, err3 = serverTime(res[2])
		marks, err4 = res[3].AsStrMap()
		return errors.Join(err1, err2, err3, err4)
	})
	if err != nil {
		return st, err
	}
	// A seat in someone's booking right now looks held to everybody else
	// until the booking commits (reserved) or fails (free again).
	for seat, v := range marks {
		if user, exp, ok := parseHold(v); ok && exp.After(now) {
			if _, held := holds[seat]; !held {
				st.Held[seat] = user
				st.Booking[seat] = true
				if st.NextExpiry.IsZero() || exp.Before(st.NextExpiry) {
					st.NextExpiry = exp
				}
			}
		}
	}
	for seat, v := range holds {
		user, exp, ok := parseHold(v)
		if !ok || !exp.After(now) {
			continue
		}
		st.Held[seat] = user
		st.expires[seat] = exp
		if st.NextExpiry.IsZero() || exp.Before(st.NextExpiry) {
			st.NextExpiry = exp
		}
	}
	if len(taken) == 0 {
		return st, ErrUnknown
	}
	for _, s := range taken {
		switch {
		case s == sentinel:
		case strings.HasPrefix(s, buyerPrefix):
			u, _ := strconv.ParseInt(s[len(buyerPrefix):], 10, 64) // "u:?" (or anything unreadable) is 0: unknown
			st.Buyers.Add(u)
		default:
			st.Taken = append(st.Taken, s)
		}
	}
	if st.Taken == nil {
		st.Taken = []string{}
	}
	return st, nil
}

// holdExpiry is when the user's hold ends, zero without one.
func (st SeatState) holdExpiry(userID int64) time.Time {
	var exp time.Time
	for seat, u := range st.Held {
		if u == userID && st.expires[seat].After(exp) {
			exp = st.expires[seat]
		}
	}
	return exp
}

func serverTime(r rueidis.RedisResult) (time.Time, error) {
	parts, err := r.AsStrSlice()
	if err != nil || len(parts) != 2 {
		return time.Time{}, errors.Join(errors.New("bad TIME reply"), err)
	}
	sec, _ := strconv.ParseInt(parts[0], 10, 64)
	usec, _ := strconv.ParseInt(parts[1], 10, 64)
	return time.Unix(sec, usec*1000), nil
}

func parseHold(v string) (user int64, exp time.Time, ok bool) {
	who, ms, found := strings.Cut(v, ":")
	if !found {
		return 0, exp, false
	}
	u, err1 := strconv.ParseInt(who, 10, 64)
	m, err2 := strconv.ParseInt(ms, 10, 64)
	if err1 != nil || err2 != nil {
		return 0, exp, false
	}
	return u, time.UnixMilli(m), true
}
