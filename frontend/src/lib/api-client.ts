// The one place that talks HTTP to the booking service: cookies, the CSRF header, the
// refresh-and-retry on an expired access token, and turning error bodies into ApiError.
import i18n from "./i18n";
import { seatLabels } from "./seat-name";

/** An error answered by the service, carrying its stable code and its message for people. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  /** The seats in conflict, for seat_taken, seat_held and the like. */
  readonly seats: string[];
  /** The request's id (X-Request-Id), which finds its lines in the service's logs. */
  readonly requestId: string | undefined;

  constructor(status: number, code: string, message: string, seats: string[] = [], requestId?: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.seats = seats;
    this.requestId = requestId;
  }
}

/**
 * The message to show a person for any error a call may throw, in the language in use: a known
 * code has its own words (with the seats it names), anything else the server's own message. An
 * answer from the service ends with its request id, which a person can quote to support.
 */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) {
    const key = `errors.${err.code}`;
    const message =
      err.code !== "invalid" && i18n.exists(key) ? i18n.t(key, { seats: seatLabels(err.seats), count: err.seats.length }) : err.message;
    return err.requestId ? i18n.t("errors.withRequestId", { message, requestId: err.requestId }) : message;
  }
  if (err instanceof TypeError) return i18n.t("errors.network");
  if (err instanceof Error && err.message) return err.message;
  return i18n.t("errors.unknown");
}

export const CSRF_COOKIE = "podo_csrf";
export const CSRF_HEADER = "X-CSRF-Token";
export const REQUEST_ID_HEADER = "X-Request-Id";

type Method = "GET" | "POST" | "PUT" | "DELETE";

export type RequestOptions = {
  body?: unknown;
  headers?: Record<string, string>;
  /** Whether a 401 may be answered by refreshing the session once and retrying. */
  refresh?: boolean;
};

export type ApiClient = {
  request<T>(method: Method, path: string, options?: RequestOptions): Promise<T>;
  /** An absolute or base-relative URL for a path the service serves (posters, event streams). */
  url(path: string): string;
};

function readCookie(name: string): string | undefined {
  if (typeof document === "undefined") return undefined;
  for (const part of document.cookie.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return decodeURIComponent(rest.join("="));
  }
  return undefined;
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = (body as { error?: { code?: unknown; message?: unknown; seats?: unknown; requestId?: unknown } } | undefined)?.error;
  const code = typeof err?.code === "string" ? err.code : "internal";
  const message =
    typeof err?.message === "string" && err.message
      ? err.message
      : `The server answered ${res.status} ${res.statusText}`.trim();
  const seats = Array.isArray(err?.seats) ? err.seats.filter((s): s is string => typeof s === "string") : [];
  const requestId = typeof err?.requestId === "string" && err.requestId ? err.requestId : (res.headers.get(REQUEST_ID_HEADER) ?? undefined);
  return new ApiError(res.status, code, message, seats, requestId);
}

export function createApiClient(baseUrl: string): ApiClient {
  const base = baseUrl.replace(/\/+$/, "");
  // One refresh at a time: the service rotates the refresh token and treats reuse of an old one
  // as theft, so two parallel refreshes would end the session.
  let refreshing: Promise<boolean> | null = null;

  const url = (path: string) => (/^https?:\/\//.test(path) ? path : base + path);

  // The service repeats the CSRF token in a response header, which an SPA served from another
  // origin of the same site can read where it cannot read the API's cookie.
  let csrfFromHeader: string | undefined;
  const remember = (res: Response) => {
    const token = res.headers.get(CSRF_HEADER);
    if (token) csrfFromHeader = token;
    return res;
  };

  async function ensureCsrf(): Promise<string | undefined> {
    let token = readCookie(CSRF_COOKIE) ?? csrfFromHeader;
    if (!token) {
      // The sign-in endpoints set the cookie when it is missing (anonymous reads elsewhere do not).
      await fetch(url("/api/auth/config"), { credentials: "include" }).then(remember).catch(() => undefined);
      token = readCookie(CSRF_COOKIE) ?? csrfFromHeader;
    }
    return token;
  }

  async function send(method: Method, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
    if (options.body !== undefined) headers["Content-Type"] = "application/json";
    if (method !== "GET") {
      const token = await ensureCsrf();
      if (token) headers[CSRF_HEADER] = token;
    }
    return fetch(url(path), {
      method,
      headers,
      credentials: "include",
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    }).then(remember);
  }

  function refreshSession(): Promise<boolean> {
    refreshing ??= send("POST", "/api/auth/refresh", {})
      .then((res) => res.ok)
      .catch(() => false)
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  async function request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    let res = await send(method, path, options);
    if (res.status === 401 && options.refresh !== false && (await refreshSession())) {
      res = await send(method, path, options);
    }
    if (!res.ok) throw await toApiError(res);
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  return { request, url };
}

/** The client the app uses; VITE_API_BASE_URL is set at build time when the API is elsewhere. */
export const apiClient = createApiClient(import.meta.env.VITE_API_BASE_URL ?? "");

/** A show's poster: the service draws one for shows without their own, at a path relative to the API. */
export const posterUrl = (url: string) => (url.startsWith("/") ? apiClient.url(url) : url);
