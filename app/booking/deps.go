package booking

import (
	"context"
	"time"

	"github.com/podo-tickets/podo/app"
	"github.com/podo-tickets/podo/app/redis"
)

// What booking needs of MySQL, the last word on who owns a seat
// (*mysql.DB provides it), one interface per job so a test can give a
// job what it needs and nothing more.
type (
	// Halls reads a show's seats and which of them are sold.
	Halls interface {
		ShowLayout(ctx context.Context, id int64) (podo.Show, podo.Layout, error)
		ReservedSeats(ctx context.Context, showID int64) (seats []string, buyers []int64, err error)
	}
	// Ledger books and cancels in one transaction each.
	Ledger interface {
		Bookable(ctx context.Context, showID int64, seats []string) (podo.Bookable, error)
		Book(ctx context.Context, userID, showID int64, seats []string, b podo.Bookable, idem *podo.Idempotency) (podo.Reservation, error)
		Cancel(ctx context.Context, userID, reservationID int64) (podo.Reservation, error)
		MyReservations(ctx context.Context, userID int64) ([]podo.Reservation, error)
		FindOutcome(ctx context.Context, userID int64, key string) (*podo.StoredOutcome, error)
		SaveOutcome(ctx context.Context, userID int64, key string, o podo.StoredOutcome) error
	}
	// Catalog lists and edits shows.
	Catalog interface {
		FindShows(ctx context.Context, f podo.ShowFilter) (podo.ShowPage, error)
		FindShow(ctx context.Context, id, userID int64) (podo.Show, error)
		TopShows(ctx context.Context, sort podo.ShowSort, n int) ([]podo.Show, error)
		CreateShow(ctx context.Context, in podo.ShowInput) (podo.Show, error)
		UpdateShow(ctx context.Context, id int64, in podo.ShowInput) (podo.Show, error)
		UpdateLayout(ctx context.Context, id int64, l podo.Layout) error
	}
	// DB is all of the above.
	DB interface {
		Halls
		Ledger
		Catalog
	}
)

// What booking needs of Redis, which makes it fast and fair but never decides
// (*redis.Client provides it). Each method fails with redis.ErrDown when
// Redis cannot answer, and the caller goes on without it.
type (
	// SeatRecord is Redis's view of a show's seats: taken, held, in a booking.
	SeatRecord interface {
		Conflicts(ctx context.Context, showID, userID int64, seats []string, requestKey string) (redis.SeatConflict, error)
		SeatState(ctx context.Context, showID int64) (redis.SeatState, error)
		TakenGeneration(ctx context.Context, showID int64) (string, error)
		LoadTaken(ctx context.Context, showID int64, gen string, seats []string, buyers []int64) error
		MarkReserved(ctx context.Context, showID int64, seats []string) error
		MarkCancelled(ctx context.Context, showID int64, seats []string) error
		Forget(ctx context.Context, showID int64) error
	}
	// SeatLocks are the per-seat locks of the bookings in flight and the marks
	// that show their seats as held to everyone else.
	SeatLocks interface {
		TryLockSeats(ctx context.Context, showID int64, seats []string) (unlock func(), busy string, err error)
		ClaimSeats(ctx context.Context, showID, userID int64, seats []string, ev podo.SeatEvent) (redis.ClaimResult, error)
		Committed(ctx context.Context, showID, userID int64, seats []string, ev podo.SeatEvent) error
		Unclaim(ctx context.Context, showID, userID int64, seats []string, ev podo.SeatEvent) error
	}
	// Holds keep seats for a user while they decide.
	Holds interface {
		SetHold(ctx context.Context, showID, userID int64, seats []string, ttl time.Duration) (redis.HoldResult, error)
		Hold(ctx context.Context, showID, userID int64) ([]string, time.Time, error)
		SweepExpiredHolds(ctx context.Context) (map[int64][]string, error)
	}
	// Shared is the cache of the home page and the channel to every replica.
	Shared interface {
		CacheGet(ctx context.Context, key string) ([]byte, bool, error)
		CacheSet(ctx context.Context, key string, value []byte, ttl time.Duration) error
		CacheDelete(ctx context.Context, keys ...string) error
		Publish(ctx context.Context, ev podo.SeatEvent) error
	}
	// Redis is all of the above.
	Redis interface {
		SeatRecord
		SeatLocks
		Holds
		Shared
	}
	// Events brings every replica's seat events (*redis.Subscription).
	Events interface {
		Run(ctx context.Context, onEvent func(podo.SeatEvent), onResync func())
		Active() bool // false while events may be missed
	}
)
