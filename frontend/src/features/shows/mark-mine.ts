import type { Reservation, Show } from "@/types/api";

/**
 * Marks the shows I booked on any list of shows. The shared feeds ("Popular now", "Just added")
 * are cached for everybody and carry no per-user field, so my reservations are merged in here,
 * and every list says the same about the same show. The page passes my reservations in (they
 * belong to the reservations feature).
 */
export function markMine(shows: Show[], reservations: Reservation[] | undefined): Show[] {
  if (!reservations) return shows;
  const mine = new Map(reservations.filter((r) => r.status === "active").map((r) => [r.showId, r.id]));
  return shows.map((s) => ({ ...s, myReservationId: mine.get(s.id) ?? null }));
}
