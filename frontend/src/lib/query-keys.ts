import type { ShowSort } from "@/types/api";

// Every cache and mutation key in one place, because one change touches several features' data:
// a booking changes the show lists, the seat map, my hold and my reservations at once, and each
// feature's API layer updates the others' caches through these keys.
export const queryKeys = {
  authConfig: ["auth", "config"] as const,
  me: ["auth", "me"] as const,
  shows: ["shows"] as const,
  showList: (p: { sort: ShowSort; page: number; pageSize: number; mine: boolean }) => ["shows", "list", p] as const,
  popularShows: ["shows", "popular"] as const,
  newestShows: ["shows", "newest"] as const,
  show: (id: number) => ["shows", "detail", id] as const,
  seatMap: (showId: number) => ["seats", showId] as const,
  /** Every show's hold of mine: what a sign-out drops. */
  holds: ["hold"] as const,
  hold: (showId: number) => ["hold", showId] as const,
  myReservations: ["reservations", "mine"] as const,
  /** A show's waiting line: the shared document and my own ticket. */
  line: {
    status: (showId: number) => ["line", showId, "status"] as const,
    ticket: (showId: number) => ["line", showId, "ticket"] as const,
  },
};

export const mutationKeys = {
  /** Seat clicks: replacing my hold with a new set of seats. */
  putHold: (showId: number) => ["hold", "put", showId] as const,
  bestSeats: (showId: number) => ["hold", "best", showId] as const,
  reserve: (showId: number) => ["reserve", showId] as const,
};
