// Every call the SPA makes to the booking API. The types are generated from
// app/http/openapi.yaml (see types/api.ts).
import type { AuthConfig, Hold, Reservation, ReservationList, SeatGrade, SeatMap, Session, Show, ShowList, ShowPage, ShowSort, User } from "@/types/api";
import { ApiError, apiClient } from "./api-client";

export type * from "@/types/api";

const { request } = apiClient;

export const api = {
  authConfig: () => request<AuthConfig>("GET", "/api/auth/config", { refresh: false }),
  /** The signed-in user, or null when nobody is. */
  me: async (): Promise<User | null> => {
    try {
      return await request<User>("GET", "/api/auth/me");
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  devLogin: (name: string) =>
    request<Session>("POST", "/api/auth/dev/login", { body: { name }, refresh: false }),
  logout: () => request<void>("POST", "/api/auth/logout", { refresh: false }),
  googleLoginUrl: () => apiClient.url("/api/auth/google/login"),

  shows: (params: { sort: ShowSort; page: number; pageSize: number; mine?: boolean }) => {
    const q = new URLSearchParams({ sort: params.sort, page: String(params.page), pageSize: String(params.pageSize) });
    if (params.mine) q.set("mine", "true");
    return request<ShowPage>("GET", `/api/shows?${q}`);
  },
  popularShows: () => request<ShowList>("GET", "/api/shows/popular"),
  newestShows: () => request<ShowList>("GET", "/api/shows/newest"),
  show: (id: number) => request<Show>("GET", `/api/shows/${id}`),

  seatMap: (showId: number) => request<SeatMap>("GET", `/api/shows/${showId}/seats`),
  seatEventsUrl: (showId: number) => apiClient.url(`/api/shows/${showId}/events`),
  hold: (showId: number) => request<Hold>("GET", `/api/shows/${showId}/hold`),
  /** Replaces my hold with exactly these seats, all or nothing; [] releases it. */
  putHold: (showId: number, seats: string[]) => request<Hold>("PUT", `/api/shows/${showId}/hold`, { body: { seats } }),
  /** Best available: the server picks `count` adjacent free seats of `grade` and holds them. */
  bestSeats: (showId: number, count: number, grade?: SeatGrade) =>
    request<Hold>("POST", `/api/shows/${showId}/hold/best`, { body: grade ? { grade, count } : { count } }),
  releaseHold: (showId: number) => request<void>("DELETE", `/api/shows/${showId}/hold`),

  reserve: (showId: number, seats: string[], idempotencyKey: string) =>
    request<Reservation>("POST", `/api/shows/${showId}/reservations`, {
      body: { seats },
      headers: { "Idempotency-Key": idempotencyKey },
    }),
  myReservations: () => request<ReservationList>("GET", "/api/me/reservations"),
  cancelReservation: (id: number) => request<Reservation>("DELETE", `/api/reservations/${id}`),

  /** Posters are served by the service; a relative URL is relative to the API. */
  posterUrl: (posterUrl: string) => (posterUrl.startsWith("/") ? apiClient.url(posterUrl) : posterUrl),
};
