// Package podo holds the nouns and verbs of booking: shows, their seats, holds,
// reservations and users, the errors the service can answer with, and the
// interfaces the adapters implement. It imports nothing of MySQL, Redis or HTTP;
// those live in the packages named after them (mysql, redis, http, auth), and
// booking ties them together.
package podo

import (
	"context"
	"errors"
	"strings"
	"time"
)

// Show is a performance people can book seats for. The original called it a musical.
type Show struct {
	ID          int64     `json:"id"`
	Title       string    `json:"title"`
	PosterURL   string    `json:"posterUrl"`
	Description string    `json:"description"`
	Date        string    `json:"date"`      // YYYY-MM-DD, the local date of the performance
	StartTime   string    `json:"startTime"` // HH:MM
	EndTime     string    `json:"endTime"`   // HH:MM
	Venue       string    `json:"venue"`
	Price       int64     `json:"price"`    // base price of a seat in KRW
	MinPrice    int64     `json:"minPrice"` // the lowest price of any of its seats ("from N원")
	TotalSeats  int       `json:"totalSeats"`
	Reserved    int       `json:"reservedSeats"`
	SeatsLeft   int       `json:"seatsLeft"`
	SoldOut     bool      `json:"soldOut"`
	CreatedAt   time.Time `json:"createdAt"`
	SaleSettings
	// MyReservationID is the signed-in user's active reservation on the show. It is
	// filled per request and never stored in a shared cache.
	MyReservationID *int64 `json:"myReservationId,omitempty"`
}

// Fill derives the fields that follow from TotalSeats and Reserved.
func (s *Show) Fill() {
	s.SeatsLeft = s.TotalSeats - s.Reserved
	if s.SeatsLeft < 0 {
		s.SeatsLeft = 0
	}
	s.SoldOut = s.SeatsLeft == 0
}

// ShowInput is what an admin sends to create or edit a show.
type ShowInput struct {
	Title       string  `json:"title"`
	Description string  `json:"description"`
	PosterURL   string  `json:"posterUrl"`
	Date        string  `json:"date"`
	StartTime   string  `json:"startTime"`
	EndTime     string  `json:"endTime"`
	Venue       string  `json:"venue"`
	Price       int64   `json:"price"`
	Layout      *Layout `json:"layout,omitempty"`
}

// ShowSort orders the show list.
type ShowSort string

const (
	SortLatest  ShowSort = "latest"  // newest added first
	SortPopular ShowSort = "popular" // most reserved first
	SortDate    ShowSort = "date"    // soonest performance first
)

// ShowFilter selects a page of shows.
type ShowFilter struct {
	Sort     ShowSort
	Page     int // 1-based
	PageSize int
	// UserID, when non-zero, fills MyReservationID; with Mine it keeps only the user's shows.
	UserID int64
	Mine   bool
}

// ShowPage is one page of the show list.
type ShowPage struct {
	Items    []Show `json:"items"`
	Page     int    `json:"page"`
	PageSize int    `json:"pageSize"`
	Total    int    `json:"total"`
}

// SeatStatus is what a seat looks like to everybody.
type SeatStatus string

const (
	SeatAvailable SeatStatus = "available"
	SeatHeld      SeatStatus = "held"
	SeatReserved  SeatStatus = "reserved"
)

// Seat is one place in a show's hall.
type Seat struct {
	Name    string     `json:"name"`              // e.g. "A1", or "1F-B-7-12" in a hall of sections (see SeatName)
	Section string     `json:"section,omitempty"` // the section's ID ("1F-B") in a hall of sections
	Row     string     `json:"row"`               // e.g. "A", or "7" in a section
	Number  int        `json:"number"`            // the seat's number in its row
	Column  int        `json:"column"`            // 1-based grid column of its hall or section, aisles included
	Price   int64      `json:"price"`
	Grade   Grade      `json:"grade,omitempty"` // "" when the hall has no grades
	Status  SeatStatus `json:"status"`
}

// SeatMap is a show's hall with the state of every seat.
// A small hall is one grid (Rows, Columns); a big one is Sections, each its own grid,
// and leaves Rows empty.
type SeatMap struct {
	ShowID   int64         `json:"showId"`
	Rows     []string      `json:"rows"`
	Columns  int           `json:"columns"`
	Sections []SeatSection `json:"sections,omitempty"`
	Seats    []Seat        `json:"seats"`
}

// Hold is a user's temporary claim on seats while they decide.
type Hold struct {
	ShowID    int64      `json:"showId"`
	Seats     []string   `json:"seats"`
	ExpiresAt *time.Time `json:"expiresAt"`
}

// ReservationStatus tells whether a reservation still holds its seats.
type ReservationStatus string

const (
	ReservationActive    ReservationStatus = "active"
	ReservationCancelled ReservationStatus = "cancelled"
)

// ShowBrief is the part of a show a reservation shows.
type ShowBrief struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Date      string `json:"date"`
	StartTime string `json:"startTime"`
	EndTime   string `json:"endTime"`
	Venue     string `json:"venue"`
	PosterURL string `json:"posterUrl"`
}

// Reservation is a user's booking of one or more seats of one show.
type Reservation struct {
	ID          int64             `json:"id"`
	UserID      int64             `json:"-"`
	ShowID      int64             `json:"showId"`
	Show        ShowBrief         `json:"show"`
	Seats       []string          `json:"seats"`
	Total       int64             `json:"total"`
	Status      ReservationStatus `json:"status"`
	CreatedAt   time.Time         `json:"createdAt"`
	CancelledAt *time.Time        `json:"cancelledAt"`
}

// Role is what a user may do.
type Role string

const (
	RoleUser  Role = "user"
	RoleAdmin Role = "admin"
)

// RoleFor is the role the configuration gives an email: admin when it is one
// of adminEmails (any case), else user. It is asked at every sign-in and every
// session refresh, so removing an admin takes effect within one access token.
func RoleFor(email string, adminEmails []string) Role {
	for _, a := range adminEmails {
		if email != "" && strings.EqualFold(a, email) {
			return RoleAdmin
		}
	}
	return RoleUser
}

// User is a person who signed in.
type User struct {
	ID         int64  `json:"id"`
	Name       string `json:"name"`
	Email      string `json:"email,omitempty"`
	PictureURL string `json:"pictureUrl,omitempty"`
	Role       Role   `json:"role"`
}

// Identity is what an identity provider tells us about a person.
type Identity struct {
	Provider   string // "google" or "dev"
	Subject    string // the provider's stable id for the person
	Email      string
	Name       string
	PictureURL string
}

// SeatEventType names a change to seats.
type SeatEventType string

const (
	EventHeld      SeatEventType = "held"
	EventReleased  SeatEventType = "released"
	EventReserved  SeatEventType = "reserved"
	EventCancelled SeatEventType = "cancelled"
	EventLayout    SeatEventType = "layout"
)

// SeatEvent is one change to a show's seats, delivered to live seat maps.
type SeatEvent struct {
	Type   SeatEventType `json:"type"`
	ShowID int64         `json:"showId"`
	Seats  []string      `json:"seats"`
	// Buyer is who bought the seats of a reserved event, when known. It goes
	// between replicas (package redis carries it) but never to a browser.
	Buyer int64 `json:"-"`
}

// ShowService reads and edits shows.
type ShowService interface {
	FindShows(ctx context.Context, f ShowFilter) (ShowPage, error)
	FindShow(ctx context.Context, id int64, userID int64) (Show, error)
	Popular(ctx context.Context) ([]Show, error)
	Newest(ctx context.Context) ([]Show, error)
	CreateShow(ctx context.Context, in ShowInput) (Show, error)
	UpdateShow(ctx context.Context, id int64, in ShowInput) (Show, error)
	UpdateLayout(ctx context.Context, id int64, l Layout) (SeatMap, error)
}

// BookingService holds, reserves and cancels seats.
type BookingService interface {
	SeatMap(ctx context.Context, showID int64) ([]byte, error) // JSON, shared by everybody
	MyHold(ctx context.Context, userID, showID int64) (Hold, error)
	SetHold(ctx context.Context, userID, showID int64, seats []string) (Hold, error)
	Reserve(ctx context.Context, req ReserveRequest) (Reservation, error)
	Cancel(ctx context.Context, userID, reservationID int64) (Reservation, error)
	MyReservations(ctx context.Context, userID int64) ([]Reservation, error)
	FindOutcome(ctx context.Context, userID int64, key string) (*StoredOutcome, error)
	SaveOutcome(ctx context.Context, userID int64, key string, o StoredOutcome) error
}

// ReserveRequest asks for seats of a show for a user.
type ReserveRequest struct {
	UserID int64
	ShowID int64
	Seats  []string
	// Idempotency, when set, is stored with a successful booking in the same transaction.
	Idempotency *Idempotency
}

// Bookable is what MySQL read of a show before booking seats of it: its brief,
// for the answer, and the price of each seat asked for.
type Bookable struct {
	Show   ShowBrief
	Prices map[string]int64
}

// Idempotency describes a request sent with an Idempotency-Key.
type Idempotency struct {
	Key         string
	RequestHash string // the request's fingerprint: a key reused for another request is refused
	Status      int    // the status a success answers with
	Encode      func(Reservation) ([]byte, error)
}

// StoredOutcome is the first outcome of a request sent with an Idempotency-Key.
type StoredOutcome struct {
	RequestHash string
	Status      int
	Body        []byte
}

// ErrReplay tells that another request with the same Idempotency-Key committed first.
var ErrReplay = errors.New("idempotency key already used")

// ErrTakenByOthers marks a seat_taken refusal of seats that, as far as the
// record of sales knows, other users bought: no earlier request of this user
// can have booked them, so no stored outcome of its Idempotency-Key is looked
// up (at an on-sale that is one MySQL read saved per refusal).
var ErrTakenByOthers = errors.New("seats bought by other users")

// TakenByOthers marks err, a seat_taken refusal, with ErrTakenByOthers.
func TakenByOthers(err error) error { return takenByOthers{err} }

type takenByOthers struct{ error }

func (e takenByOthers) Unwrap() error      { return e.error }
func (takenByOthers) Is(target error) bool { return target == ErrTakenByOthers }
