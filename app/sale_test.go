package podo

import (
	"testing"
	"time"
)

func TestCheckOnSaleEndsWhenTheCurtainRisesInKorea(t *testing.T) {
	// 19:30 in Seoul on 1 Dec 2026 is 10:30 UTC.
	before := time.Date(2026, 12, 1, 10, 29, 59, 0, time.UTC)
	at := time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC)
	if err := CheckOnSale("2026-12-01", "19:30", before); err != nil {
		t.Fatalf("a second before the start: %v", err)
	}
	if code := ErrorCode(CheckOnSale("2026-12-01", "19:30", at)); code != EShowEnded {
		t.Fatalf("at the start: code %q, want %q", code, EShowEnded)
	}
}

func TestCheckHoldableRefusesAShowIAlreadyBooked(t *testing.T) {
	id := int64(3)
	s := Show{Date: "2099-01-01", StartTime: "19:00", MyReservationID: &id}
	if code := ErrorCode(s.CheckHoldable(time.Now())); code != EAlreadyBooked {
		t.Fatalf("code %q, want %q", code, EAlreadyBooked)
	}
	s.MyReservationID = nil
	if err := s.CheckHoldable(time.Now()); err != nil {
		t.Fatal(err)
	}
}
