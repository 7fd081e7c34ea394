import { useMemo } from "react";
import { useMyReservations } from "@/features/reservations/api/reservations";
import type { Reservation, Show } from "@/lib/api";

/**
 * Marks the shows I booked on any list of shows. The shared feeds ("Popular now", "Just added")
 * are cached for everybody and carry no per-user field, so my reservations are merged in here,
 * and every list says the same about the same show.
 */
export function markMine(shows: Show[], reservations: Reservation[] | undefined): Show[] {
  if (!reservations) return shows;
  const mine = new Map(reservations.filter((r) => r.status === "active").map((r) => [r.showId, r.id]));
  return shows.map((s) => ({ ...s, myReservationId: mine.get(s.id) ?? null }));
}

/** markMine with my reservations from the cache (fetched once for every list on the page). */
export function useMarkMine(signedIn: boolean): (shows: Show[]) => Show[] {
  const reservations = useMyReservations(signedIn);
  const items = signedIn ? reservations.data?.items : undefined;
  return useMemo(() => (shows: Show[]) => markMine(shows, items), [items]);
}
