// The booking API, typed by hand from app/http/openapi.yaml. Every call the SPA makes is here,
// so a change to the document is a change to this one file.
import { ApiError, apiClient } from "./api-client";
import { passHeaders } from "./line-pass";

export type Role = "user" | "admin";

export type User = {
  id: number;
  name: string;
  email?: string;
  pictureUrl?: string;
  role: Role;
};

export type AuthConfig = { google: boolean; devLogin: boolean };

export type Show = {
  id: number;
  title: string;
  posterUrl: string;
  description: string;
  /** "2026-12-01" */
  date: string;
  /** "19:00" */
  startTime: string;
  endTime: string;
  venue: string;
  /** Base seat price in KRW. */
  price: number;
  /** The lowest price of any seat (grades and rows may price seats differently). */
  minPrice?: number;
  totalSeats: number;
  reservedSeats: number;
  seatsLeft: number;
  soldOut: boolean;
  createdAt: string;
  /** The signed-in user's active reservation on this show. */
  myReservationId?: number | null;
  /** When the sale opens; null when it is open. */
  saleOpensAt?: string | null;
  /** Buyers take a place in the show's line before the seat map. */
  waitingRoom?: boolean;
};

export type ShowSort = "latest" | "popular" | "date";

export type ShowPage = { items: Show[]; page: number; pageSize: number; total: number };

export type SeatStatus = "available" | "held" | "reserved";

/** Seat grades as Korean musicals sell them, best first. */
export type SeatGrade = "VIP" | "R" | "S" | "A";

export type Seat = {
  /** "A1" in a small hall; "1F-B-7-12" (floor, section, row, number) in a big one (see lib/seat-name). */
  name: string;
  /** The seat's grade, when the hall has grades. */
  grade?: SeatGrade;
  /** The id of the seat's section ("1F-B"), in a big hall. */
  section?: string;
  row: string;
  /** The seat's number in its row. */
  number: number;
  /** 1-based grid column of its hall or section, counting aisles. */
  column: number;
  price: number;
  status: SeatStatus;
};

/** One section of a big hall: where it stands and its own grid. */
export type SeatSection = { id: string; floor: number; name: string; rows: string[]; columns: number };

/** A small hall is one grid (rows, columns); a big one is sections, each its own grid, and has no rows. */
export type SeatMap = { showId: number; rows: string[]; columns: number; sections?: SeatSection[]; seats: Seat[] };

export type SeatEvent = {
  type: "held" | "released" | "reserved" | "cancelled" | "layout";
  showId: number;
  seats: string[];
};

export type Hold = { showId: number; seats: string[]; expiresAt?: string | null };

export type ShowBrief = Pick<Show, "id" | "title" | "date" | "startTime" | "endTime" | "venue" | "posterUrl">;

export type Reservation = {
  id: number;
  showId: number;
  show: ShowBrief;
  seats: string[];
  total: number;
  status: "active" | "cancelled";
  createdAt: string;
  cancelledAt?: string | null;
};

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
    request<{ user: User }>("POST", "/api/auth/dev/login", { body: { name }, refresh: false }),
  logout: () => request<void>("POST", "/api/auth/logout", { refresh: false }),
  googleLoginUrl: () => apiClient.url("/api/auth/google/login"),

  shows: (params: { sort: ShowSort; page: number; pageSize: number; mine?: boolean }) => {
    const q = new URLSearchParams({ sort: params.sort, page: String(params.page), pageSize: String(params.pageSize) });
    if (params.mine) q.set("mine", "true");
    return request<ShowPage>("GET", `/api/shows?${q}`);
  },
  popularShows: () => request<{ items: Show[] }>("GET", "/api/shows/popular"),
  newestShows: () => request<{ items: Show[] }>("GET", "/api/shows/newest"),
  show: (id: number) => request<Show>("GET", `/api/shows/${id}`),

  seatMap: (showId: number) => request<SeatMap>("GET", `/api/shows/${showId}/seats`),
  seatEventsUrl: (showId: number) => apiClient.url(`/api/shows/${showId}/events`),
  hold: (showId: number) => request<Hold>("GET", `/api/shows/${showId}/hold`),
  /** Replaces my hold with exactly these seats, all or nothing; [] releases it. */
  putHold: (showId: number, seats: string[]) => request<Hold>("PUT", `/api/shows/${showId}/hold`, { body: { seats }, headers: passHeaders(showId) }),
  /** Best available: the server picks `count` adjacent free seats of `grade` and holds them. */
  bestSeats: (showId: number, count: number, grade?: SeatGrade) =>
    request<Hold>("POST", `/api/shows/${showId}/hold/best`, { body: grade ? { grade, count } : { count }, headers: passHeaders(showId) }),
  releaseHold: (showId: number) => request<void>("DELETE", `/api/shows/${showId}/hold`),

  reserve: (showId: number, seats: string[], idempotencyKey: string) =>
    request<Reservation>("POST", `/api/shows/${showId}/reservations`, {
      body: { seats },
      headers: { "Idempotency-Key": idempotencyKey, ...passHeaders(showId) },
    }),
  myReservations: () => request<{ items: Reservation[] }>("GET", "/api/me/reservations"),
  cancelReservation: (id: number) => request<Reservation>("DELETE", `/api/reservations/${id}`),

  /** Posters are served by the service; a relative URL is relative to the API. */
  posterUrl: (posterUrl: string) => (posterUrl.startsWith("/") ? apiClient.url(posterUrl) : posterUrl),
};
