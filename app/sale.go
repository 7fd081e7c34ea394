package podo

import "time"

// When a show can be booked, and what refuses it.
const (
	// EShowEnded refuses holds and bookings on a show that has already started.
	EShowEnded = "show_ended"
	// EAlreadyBooked refuses a hold on a show the user already has a reservation for: they could
	// never buy those seats (one reservation per show), so holding them only blocks others.
	EAlreadyBooked = "already_booked"
)

// ShowZone is the clock show dates and times are written in: Korea Standard Time, UTC+9 all
// year (Korea keeps no daylight saving time), where every Podo show plays.
var ShowZone = time.FixedZone("KST", 9*60*60)

// StartsAt is the moment a show with this date (YYYY-MM-DD) and start time (HH:MM) begins.
func StartsAt(date, startTime string) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+startTime, ShowZone)
	return t, err == nil
}

// CheckOnSale refuses, with EShowEnded, a show that has started by now. Sales end when the
// curtain rises.
func CheckOnSale(date, startTime string, now time.Time) error {
	if at, ok := StartsAt(date, startTime); ok && !now.Before(at) {
		return Errorf(EShowEnded, "This show started at %s %s and can no longer be booked.", date, startTime)
	}
	return nil
}

// CheckHoldable tells whether the user may hold seats of the show now: not after it started,
// and not when they already booked it.
func (s Show) CheckHoldable(now time.Time) error {
	if err := CheckOnSale(s.Date, s.StartTime, now); err != nil {
		return err
	}
	if s.MyReservationID != nil {
		return Errorf(EAlreadyBooked, "You already have a reservation for this show; cancel it before holding other seats.")
	}
	return nil
}
