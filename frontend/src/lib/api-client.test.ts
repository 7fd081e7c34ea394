import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ApiError, createApiClient, errorMessage } from "./api-client";

// A real HTTP server on loopback stands in for the booking service's wire behaviour.
type Seen = { method: string; url: string; headers: IncomingMessage["headers"]; body: string };
let seen: Seen[] = [];
let sessionFresh = false;
let refreshWorks = true;
let server: Server;
let base = "";

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      switch (`${req.method} ${req.url}`) {
        case "GET /api/auth/config":
          res.writeHead(200, { "Content-Type": "application/json", "X-CSRF-Token": "hdr-tok" });
          return res.end(JSON.stringify({ google: false, devLogin: true }));
        case "PUT /api/shows/1/hold":
          return json(res, 200, { showId: 1, seats: JSON.parse(body).seats, expiresAt: null });
        case "GET /api/me/reservations":
          return sessionFresh ? json(res, 200, { items: [] }) : json(res, 401, { error: { code: "unauthorized", message: "Please log in again." } });
        case "POST /api/auth/refresh":
          sessionFresh = refreshWorks;
          if (refreshWorks) {
            res.writeHead(204);
            return res.end();
          }
          return json(res, 401, { error: { code: "unauthorized", message: "Session ended." } });
        case "POST /api/shows/1/reservations":
          return json(res, 409, { error: { code: "seat_taken", message: "Seat A1 is already reserved.", seats: ["A1"] } });
        case "POST /api/shows/2/reservations":
          res.writeHead(500, { "Content-Type": "application/json", "X-Request-Id": "3f9a1c2b7d4e5f60" });
          return res.end(JSON.stringify({ error: { code: "internal", message: "Internal error.", requestId: "3f9a1c2b7d4e5f60" } }));
        case "GET /api/shows/3":
          res.writeHead(404, { "Content-Type": "application/json", "X-Request-Id": "hdr-only-id" });
          return res.end(JSON.stringify({ error: { code: "not_found", message: "There is no show 3." } }));
        case "DELETE /api/shows/1/hold":
          res.writeHead(204);
          return res.end();
        default:
          res.writeHead(502, "Bad Gateway", { "Content-Type": "text/html" });
          return res.end("<h1>oops</h1>");
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  seen = [];
  sessionFresh = false;
  refreshWorks = true;
  document.cookie = "podo_csrf=tok-123; path=/";
});

describe("api client", () => {
  it("sends the CSRF cookie's value as X-CSRF-Token and the body as JSON on writes", async () => {
    const hold = await createApiClient(base).request<{ seats: string[] }>("PUT", "/api/shows/1/hold", { body: { seats: ["A1"] } });

    expect(hold.seats).toEqual(["A1"]);
    expect(seen[0].headers["x-csrf-token"]).toBe("tok-123");
    expect(seen[0].headers["content-type"]).toBe("application/json");
    expect(JSON.parse(seen[0].body)).toEqual({ seats: ["A1"] });
  });

  it("answers nothing for 204", async () => {
    await expect(createApiClient(base).request("DELETE", "/api/shows/1/hold")).resolves.toBeUndefined();
    expect(seen[0].headers["x-csrf-token"]).toBe("tok-123");
  });

  it("refreshes an expired session once and retries, even for calls made at the same time", async () => {
    const client = createApiClient(base);
    const [a, b] = await Promise.all([
      client.request("GET", "/api/me/reservations"),
      client.request("GET", "/api/me/reservations"),
    ]);

    expect(a).toEqual({ items: [] });
    expect(b).toEqual({ items: [] });
    expect(seen.filter((r) => r.url === "/api/auth/refresh")).toHaveLength(1);
    expect(seen.find((r) => r.url === "/api/auth/refresh")?.headers["x-csrf-token"]).toBe("tok-123");
  });

  it("gives up with the server's message when the refresh is refused", async () => {
    refreshWorks = false;
    const err = await createApiClient(base).request("GET", "/api/me/reservations").catch((e: unknown) => e);

    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).status).toBe(401);
    // The code has Korean words of its own; the server's English message is not shown.
    expect(errorMessage(err)).toBe("다시 로그인해 주세요.");
    expect(seen.map((r) => r.url)).toEqual(["/api/me/reservations", "/api/auth/refresh"]);
  });

  it("does not refresh when told not to", async () => {
    await expect(createApiClient(base).request("GET", "/api/me/reservations", { refresh: false })).rejects.toThrow("Please log in again.");
    expect(seen).toHaveLength(1);
  });

  it("carries the error code and the conflicting seats, and sends the Idempotency-Key", async () => {
    const err = (await createApiClient(base)
      .request("POST", "/api/shows/1/reservations", { body: { seats: ["A1"] }, headers: { "Idempotency-Key": "k-1" } })
      .catch((e: unknown) => e)) as ApiError;

    expect(err.code).toBe("seat_taken");
    expect(err.seats).toEqual(["A1"]);
    expect(err.message).toBe("Seat A1 is already reserved.");
    expect(seen[0].headers["idempotency-key"]).toBe("k-1");
  });

  it("shows the request id of a failed request, so a person can quote it to support", async () => {
    const err = (await createApiClient(base)
      .request("POST", "/api/shows/2/reservations", { body: { seats: ["A1"] } })
      .catch((e: unknown) => e)) as ApiError;

    expect(err.requestId).toBe("3f9a1c2b7d4e5f60");
    expect(errorMessage(err)).toBe("서버에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요. (요청 ID 3f9a1c2b7d4e5f60)");
  });

  it("takes the request id from the X-Request-Id header when the body lacks it", async () => {
    const err = (await createApiClient(base).request("GET", "/api/shows/3").catch((e: unknown) => e)) as ApiError;
    expect(err.requestId).toBe("hdr-only-id");
    expect(errorMessage(err)).toBe("찾는 항목이 없습니다. (요청 ID hdr-only-id)");
  });

  it("explains an error without a JSON body by its status", async () => {
    const err = await createApiClient(base + "/").request("GET", "/api/nowhere").catch((e: unknown) => e);
    expect((err as ApiError).message).toBe("The server answered 502 Bad Gateway");
    expect(errorMessage(err)).toBe("서버에 문제가 생겼습니다. 잠시 후 다시 시도해 주세요.");
    expect(seen[0].url).toBe("/api/nowhere");
  });

  it("says the server could not be reached when nothing answers", async () => {
    const err = await createApiClient("http://127.0.0.1:1").request("GET", "/api/shows").catch((e: unknown) => e);
    expect(errorMessage(err)).toMatch(/서버에 연결할 수 없습니다/);
  });
});

describe("CSRF token from a header", () => {
  it("uses the token the service sends in X-CSRF-Token when its cookie cannot be read", async () => {
    document.cookie = "podo_csrf=; path=/; expires=Thu, 01 Jan 1970 00:00:00 GMT";
    const api = createApiClient(base);
    await api.request("PUT", "/api/shows/1/hold", { body: { seats: ["A1"] } });
    expect(seen.map((r) => `${r.method} ${r.url}`)).toEqual(["GET /api/auth/config", "PUT /api/shows/1/hold"]);
    expect(seen[1].headers["x-csrf-token"]).toBe("hdr-tok");
  });
});
