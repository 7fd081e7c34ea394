package redis

import (
	"strconv"
	"time"
)

// Keys. A show's taken seats live in a set that always holds the sentinel "_"
// once loaded, so an absent key means "not known", never "nothing sold". The
// set also names the buyers: "u:<user id>" for every user who has bought
// seats of the show, and "u:?" once a sale of unknown buyer was recorded (a
// seat MySQL refused that Redis had missed). Seats and their buyer are added
// in one command, so a seat in the set whose buyer is not is someone else's.
// (The key was "seats:<show>" before buyers were recorded; a replica of that
// version writes no buyers, so the two versions keep records of their own.)
func (c *Client) takenKey(showID int64) string {
	return c.key(takenPrefix + strconv.FormatInt(showID, 10))
}
func (c *Client) takenGenKey(showID int64) string {
	return c.key(takenGenPrefix + strconv.FormatInt(showID, 10))
}
func (c *Client) holdKey(showID int64) string {
	return c.key(holdPrefix + strconv.FormatInt(showID, 10))
}

// holdDeadlineKey keeps when a user's hold on a show must end, set by its first seat and
// expiring with it: changing the selection never moves it, so a hold cannot be kept alive by
// adding and dropping seats, nor by letting go of all of them and holding again at once.
func (c *Client) holdDeadlineKey(showID, userID int64) string {
	return c.key("hold:deadline:" + strconv.FormatInt(showID, 10) + ":" + strconv.FormatInt(userID, 10))
}

// Prefixes of a show's keys; the sweep script is handed them.
const (
	takenPrefix    = "taken:"
	takenGenPrefix = "seats:gen:"
	holdPrefix     = "hold:"
	markPrefix     = "locked:"
	// markExpiryKey orders every show's lock marks by expiry ("showID:seat"),
	// for the sweeper: a mark that expires was never finished by its booking,
	// whose replica may have died after MySQL committed it.
	markExpiryKey = "locked:expiry"
)

const (
	holdExpiryKey = "holds:expiry" // sorted set of "showID:seat" by expiry, for the sweeper
	takenTTL      = 10 * time.Minute
	sentinel      = "_"
	buyerPrefix   = "u:"
)

// buyer is a user's member of a show's taken set.
func buyer(userID int64) string { return buyerPrefix + strconv.FormatInt(userID, 10) }

// markKey is a show's lock marks: seat -> "user:expiryMs" for the seats whose
// locks a booking holds right now. The lock itself is rueidislock's; the mark
// is how everybody else sees it: the seat map and the conflict check show a
// marked seat as held, so nobody queues on it or keeps choosing it.
func (c *Client) markKey(showID int64) string {
	return c.key(markPrefix + strconv.FormatInt(showID, 10))
}

// requestKey notes a user's Idempotency-Key while a request with it may be in flight.
func (c *Client) requestKey(userID int64, key string) string {
	return c.key("request:" + strconv.FormatInt(userID, 10) + ":" + key)
}
