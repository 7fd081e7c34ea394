package podo

import (
	"context"
	"time"
)

// The waiting room: before and during an on-sale, buyers take a place in a
// show's line and are let through to the seat map at a pace the booking path
// can serve, each with a signed, short-lived pass.

// Error codes of the waiting room.
const (
	// ESaleNotOpen refuses holds and bookings before the show's saleOpensAt.
	ESaleNotOpen = "sale_not_open"
	// EPassRequired refuses a hold or booking without a pass while the show's waiting room is on.
	EPassRequired = "pass_required"
	// EPassInvalid refuses a pass that was not signed by the service (forged or damaged).
	EPassInvalid = "pass_invalid"
	// EPassMismatch refuses a pass issued to another user or for another show.
	EPassMismatch = "pass_mismatch"
	// EPassExpired refuses a pass whose time is up.
	EPassExpired = "pass_expired"
	// EPassEnded refuses a pass that was used for a booking or freed; the user joins the line again.
	EPassEnded = "pass_ended"
)

// SaleSettings are when a show goes on sale and whether buyers queue for it.
type SaleSettings struct {
	SaleOpensAt *time.Time `json:"saleOpensAt"` // nil: on sale now
	WaitingRoom bool       `json:"waitingRoom"`
}

// CheckSaleOpen refuses, with ESaleNotOpen, a show whose sale has not opened by now.
func (s SaleSettings) CheckSaleOpen(now time.Time) error {
	if s.SaleOpensAt != nil && now.Before(*s.SaleOpensAt) {
		return Errorf(ESaleNotOpen, "Sales for this show open at %s.", s.SaleOpensAt.In(ShowZone).Format("2006-01-02 15:04:05 KST"))
	}
	return nil
}

// LineStatus is the one document every waiting client of a show polls. It is
// the same for everybody, so a CDN can cache it: each client works out its own
// place and wait from it and its own ticket.
type LineStatus struct {
	ShowID       int64      `json:"showId"`
	WaitingRoom  bool       `json:"waitingRoom"`
	SaleOpensAt  *time.Time `json:"saleOpensAt"`
	DrawAt       *time.Time `json:"drawAt"`       // places of arrivals before this are drawn at random at this moment
	Drawn        bool       `json:"drawn"`        // the draw has happened: every ticket has a place
	AdmittedUpTo int64      `json:"admittedUpTo"` // places 1..AdmittedUpTo have been let through
	Joined       int64      `json:"joined"`       // places given so far
	Rate         float64    `json:"rate"`         // admissions per second while slots are free
	SoldOut      bool       `json:"soldOut"`
	Paused       bool       `json:"paused"` // the line's store cannot be reached: nobody is admitted, nobody loses a place
	At           time.Time  `json:"at"`     // when this document was made
}

// Ticket is one user's place in a show's line.
type Ticket struct {
	ShowID int64      `json:"showId"`
	Place  int64      `json:"place"`  // 0 until the draw gives arrivals before DrawAt their places
	DrawAt *time.Time `json:"drawAt"` // when a 0 place is drawn
	Pass   *Pass      `json:"pass"`   // set once the place has been admitted and the pass is live
	// Ended tells that this place was admitted and its pass is over (used or expired).
	Ended   bool `json:"ended"`
	SoldOut bool `json:"soldOut"`
}

// Pass lets its holder hold and book seats of one show until it expires.
type Pass struct {
	Token     string    `json:"token"`
	ExpiresAt time.Time `json:"expiresAt"`
}

// LineService runs the waiting rooms.
type LineService interface {
	// Status returns a show's shared line document.
	Status(ctx context.Context, showID int64) (LineStatus, error)
	// Join gives the user a place in the show's line, or returns the one they have, with
	// their pass once they are admitted; again sends a user whose pass ended to the back.
	Join(ctx context.Context, showID, userID int64, again bool) (Ticket, error)
	// Admit refuses a hold or a booking of the show by the user, with the pass they sent,
	// when the sale has not opened or the waiting room is on and the pass is not good.
	Admit(ctx context.Context, showID, userID int64, pass string) error
	// Done ends the user's pass for the show after a booking, freeing its slot.
	Done(ctx context.Context, showID, userID int64)
	// SetSale changes when a show goes on sale and whether its waiting room is on.
	SetSale(ctx context.Context, showID int64, s SaleSettings) (SaleSettings, error)
}
