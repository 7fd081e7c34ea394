import type { ShowSort } from "./api";

// Every cache key in one place, because one change touches several features' data: a booking
// changes the show lists, the seat map, my hold and my reservations at once.
export const queryKeys = {
  authConfig: ["auth", "config"] as const,
  me: ["auth", "me"] as const,
  shows: ["shows"] as const,
  showList: (p: { sort: ShowSort; page: number; pageSize: number; mine: boolean }) => ["shows", "list", p] as const,
  popularShows: ["shows", "popular"] as const,
  newestShows: ["shows", "newest"] as const,
  show: (id: number) => ["shows", "detail", id] as const,
  seatMap: (showId: number) => ["seats", showId] as const,
  hold: (showId: number) => ["hold", showId] as const,
  myReservations: ["reservations", "mine"] as const,
};
