import { expect, test, type APIRequestContext } from "@playwright/test";
import { expectAccessible, logIn, seat, snap } from "./helpers";

// The waiting room of an on-sale, with the line the e2e service runs (run.sh): 2 let through a
// second, at most 3 live passes per show. Five buyers join ahead over the API; the browser's
// buyer waits sixth, watches the people ahead fall as those ahead book, is let through, and books.

const base = process.env.PODO_E2E_BASE_URL ?? "http://127.0.0.1:18080";

/** A buyer who talks to the API with a Bearer token (no cookies, so no CSRF). */
async function apiBuyer(name: string) {
  const res = await fetch(`${base}/api/auth/dev/login`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ name }) });
  expect(res.ok).toBe(true);
  const { accessToken } = (await res.json()) as { accessToken: string };
  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${accessToken}`, "Content-Type": "application/json", ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: r.status, body: (await r.json().catch(() => null)) as Record<string, unknown> | null };
  };
  return { call };
}

type Ticket = { place: number; pass: { token: string } | null };

async function onSaleWithWaitingRoom(request: APIRequestContext): Promise<number> {
  await request.get("/api/auth/config");
  const csrf = (await request.storageState()).cookies.find((c) => c.name === "podo_csrf")?.value ?? "";
  const headers = { "X-CSRF-Token": csrf };
  expect((await request.post("/api/auth/dev/login", { data: { name: "admin" }, headers })).ok()).toBe(true);
  const date = new Date(Date.now() + 9 * 3600_000 + 30 * 86400_000).toISOString().slice(0, 10);
  const created = await request.post("/api/admin/shows", {
    headers,
    data: { title: "대기열 테스트 뮤지컬", date, startTime: "19:00", endTime: "21:30", venue: "샤롯데씨어터", price: 90000 },
  });
  expect(created.ok()).toBe(true);
  const { id } = (await created.json()) as { id: number };
  const sale = await request.put(`/api/admin/shows/${id}/sale`, { headers, data: { saleOpensAt: null, waitingRoom: true } });
  expect(sale.ok()).toBe(true);
  return id;
}

test("a buyer waits in line, sees the people ahead fall, is let through to the seats and books", async ({ page, request }) => {
  const showId = await onSaleWithWaitingRoom(request);
  const ahead = await Promise.all([1, 2, 3, 4, 5].map((i) => apiBuyer(`줄선사람${i}`)));
  for (const [i, b] of ahead.entries()) {
    const r = await b.call("POST", `/api/shows/${showId}/line`);
    expect((r.body as Ticket).place).toBe(i + 1);
  }
  // Each of those ahead books a seat once let through, freeing a slot for the next place.
  const bookAhead = async (i: number) => {
    let t: Ticket | null = null;
    await expect.poll(async () => (t = (await ahead[i].call("POST", `/api/shows/${showId}/line`)).body as Ticket).pass !== null).toBe(true);
    const r = await ahead[i].call("POST", `/api/shows/${showId}/reservations`, { seats: [`J${i + 1}`] }, { "Podo-Pass": t!.pass!.token });
    expect(r.status).toBe(201);
  };

  await page.goto("/");
  await logIn(page, "기다리는사람");
  await page.goto(`/shows/${showId}`);
  const room = page.getByTestId("waiting-room");
  await expect(room.getByRole("heading", { name: "대기열 테스트 뮤지컬 대기열" })).toBeVisible();
  await expect(room.getByTestId("line-place")).toHaveText("6");
  // Places 1 to 3 hold the three passes; 4 and 5 wait ahead.
  await expect(room.getByTestId("line-ahead")).toHaveText("내 앞에 2명");
  await expect(room.getByRole("progressbar", { name: "대기 진행" })).toBeVisible();
  await expect(room).toContainText("새로고침하거나 다른 탭에서 열어도 순번은 그대로입니다.");
  await expect(room.getByTestId("line-live")).toHaveAttribute("aria-live", "polite");
  await expect(page.getByText("무대", { exact: true })).toBeHidden();
  await snap(page, "waiting-room");
  await expectAccessible(page, "the waiting room");

  // A refresh keeps the place.
  await page.reload();
  await expect(room.getByTestId("line-place")).toHaveText("6");

  await bookAhead(0);
  await expect(room.getByTestId("line-ahead")).toHaveText("내 앞에 1명");
  await bookAhead(1);
  await expect(room.getByTestId("line-ahead")).toHaveText("내 앞에 0명");
  await bookAhead(2);

  // Let through: the seat map, with the pass's time left.
  await expect(page.getByText("무대", { exact: true })).toBeVisible({ timeout: 15_000 });
  await expect(room).toBeHidden();
  await expect(page.getByTestId("pass-countdown")).toContainText(/좌석 선택 가능 시간 \d+:\d\d/);
  await seat(page, "A1").click();
  const panel = page.getByRole("complementary");
  await panel.getByRole("button", { name: "1석 예매하기" }).click();
  await page.getByRole("dialog", { name: "예매 확인" }).getByRole("button", { name: "예", exact: true }).click();
  await expect(page.getByRole("dialog", { name: "예매 완료" })).toBeVisible();
  await expect(seat(page, "A1")).toHaveAttribute("data-status", "reserved");
});
