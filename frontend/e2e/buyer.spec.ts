import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import { availableSeats, expectAccessible, logIn, phone, seat, snap, words, type Lang } from "./helpers";

// What a buyer meets beyond the booking itself: both languages, the phone's checkout, grades and
// their prices, past shows, a network blip, accessibility on every page, layout shift and a big
// hall's render time (printed, never asserted: the machine is shared).

/** Signs the API context in as the development admin and returns the CSRF header to send. */
async function asAdmin(request: APIRequestContext): Promise<Record<string, string>> {
  await request.get("/api/auth/config");
  const csrf = (await request.storageState()).cookies.find((c) => c.name === "podo_csrf")?.value ?? "";
  const headers = { "X-CSRF-Token": csrf };
  expect((await request.post("/api/auth/dev/login", { data: { name: "admin" }, headers })).ok()).toBe(true);
  return headers;
}

function inDays(days: number): string {
  // Show dates are Korean calendar days.
  return new Date(Date.now() + 9 * 3600_000 + days * 86400_000).toISOString().slice(0, 10);
}

test("English by choice: the switch is remembered, and the whole booking reads in English with a booking reference", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "전체 공연" })).toBeVisible();
  await page.getByRole("button", { name: "Switch to English" }).click();
  await expect(page.getByRole("heading", { name: "All shows" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page).toHaveTitle("Shows · Podo");
  await page.reload();
  await expect(page.getByRole("heading", { name: "All shows" })).toBeVisible();

  await logIn(page, "Grace", "en");
  const all = page.locator("section", { has: page.getByRole("heading", { name: "All shows" }) });
  await expect(all.getByText(/^\d+ seats? left$/).first()).toBeVisible();
  await all.getByRole("link", { name: /^Reserve / }).first().click();
  await expect(page.getByText(words.en.stage, { exact: true })).toBeVisible();
  // Focus moved to the new page's heading, and the title names the show.
  const title = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(page).toHaveTitle(`${title} · Podo`);
  await expect(page.getByText(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [A-Z][a-z]{2} \d{1,2}, \d{4} · \d{1,2}:\d\d [AP]M/)).toBeVisible();

  const [one] = await availableSeats(page, 1);
  await seat(page, one).click();
  await expect(seat(page, one)).toHaveAttribute("data-status", "selected");
  await page.getByRole("complementary").getByRole("button", { name: "Reserve 1 seat" }).click();
  await page.getByRole("dialog", { name: "Confirm reservation" }).getByRole("button", { name: "Yes", exact: true }).click();
  const done = page.getByRole("dialog", { name: "Reservation complete" });
  await expect(done).toContainText(/Booking reference PODO-\d{6}/);
  const reference = (await done.getByTestId("booking-reference").textContent()) ?? "";
  await done.getByRole("link", { name: "My Reservations" }).click();
  const booking = page.getByRole("list", { name: "My reservations" }).getByRole("listitem").filter({ hasText: title });
  await expect(booking).toContainText(reference);
  await expect(booking).toContainText(/₩[\d,]+/);
  await booking.getByRole("button", { name: /^Cancel reservation/ }).click();
  await page.getByRole("dialog", { name: "Cancel reservation" }).getByRole("button", { name: "Yes, cancel" }).click();
  await expect(booking).toHaveCount(0);
});

test("on a phone, seats are at least 24 px and the checkout bar keeps Reserve in view", async ({ browser }) => {
  const context = await browser.newContext({ ...phone, locale: "ko-KR" });
  const page = await context.newPage();
  await page.goto("/");
  await logIn(page, "한결");
  await page.getByRole("link", { name: / 예매하기$/ }).first().click();
  await expect(page.getByText("무대", { exact: true })).toBeVisible();
  const [a, b] = await availableSeats(page, 2);
  const box = await seat(page, a).boundingBox();
  console.log(`phone seat size: ${box?.width.toFixed(1)} × ${box?.height.toFixed(1)} px`);
  expect(box!.width).toBeGreaterThanOrEqual(24);
  expect(box!.height).toBeGreaterThanOrEqual(24);
  await seat(page, a).tap();
  await seat(page, b).tap();
  const bar = page.getByTestId("checkout-bar");
  await expect(bar).toContainText(/2석 · [\d,]+원/);
  await expect(bar).toBeInViewport();
  await snap(page, "seat-map-phone-bar");
  await bar.getByRole("button", { name: "2석 예매하기" }).tap();
  await page.getByRole("dialog", { name: "예매 확인" }).getByRole("button", { name: "예", exact: true }).tap();
  const done = page.getByRole("dialog", { name: "예매 완료" });
  await expect(done).toContainText(/예매번호 PODO-\d{6}/);
  await snap(page, "complete-phone");
  // Leave the seats for the other scenarios.
  await done.getByRole("link", { name: "예매 내역" }).tap();
  await page.getByRole("button", { name: / 예매 취소$/ }).first().tap();
  await page.getByRole("dialog", { name: "예매 취소" }).getByRole("button", { name: "예, 취소합니다" }).tap();
  await expect(page.getByText("아직 예매한 공연이 없습니다.")).toBeVisible();
  await context.close();
});

test("grades: the map shows each grade's colour and price, and booking charges what it showed", async ({ page, request }) => {
  const headers = await asAdmin(request);
  const created = await request.post("/api/admin/shows", {
    headers,
    data: {
      title: "등급 테스트 뮤지컬",
      description: "VIP, R, S, A 네 등급으로 파는 공연.",
      date: inDays(20),
      startTime: "19:30",
      endTime: "22:00",
      venue: "블루스퀘어 신한카드홀",
      price: 100000,
      layout: {
        rows: [
          { label: "A", seats: 8, grade: "VIP" },
          { label: "B", seats: 8, grade: "R" },
          { label: "C", seats: 8, grade: "S" },
          { label: "D", seats: 8, grade: "A" },
        ],
        grades: [
          { grade: "VIP", price: 170000 },
          { grade: "R", price: 140000 },
          { grade: "S", price: 110000 },
          { grade: "A", price: 80000 },
        ],
      },
    },
  });
  expect(created.status()).toBe(201);
  const show = (await created.json()) as { id: number; minPrice: number };
  expect(show.minPrice).toBe(80000);

  await page.goto("/");
  await logIn(page, "Heidi");
  await page.goto(`/shows/${show.id}`);
  await expect(page.getByTestId("show-grades")).toContainText("VIP석 170,000원");
  await expect(page.getByTestId("show-grades")).toContainText("A석 80,000원");
  await expect(page.getByText("관람 시간")).toBeVisible();
  await expect(page.getByText("150분")).toBeVisible();
  await expect(seat(page, "A1")).toHaveAttribute("data-grade", "VIP");
  await expect(seat(page, "A1")).toHaveAccessibleName("A1, VIP석, 예매 가능, 170,000원");
  // Best available: two R seats together, picked and held by the server: row B's middle pair.
  const panel = page.getByRole("complementary");
  await panel.getByLabel("등급").selectOption("R");
  await panel.getByLabel("매수").selectOption("2");
  await panel.getByRole("button", { name: "붙은 좌석 찾기" }).click();
  await expect(seat(page, "B4")).toHaveAttribute("data-status", "selected");
  await expect(seat(page, "B5")).toHaveAttribute("data-status", "selected");
  await seat(page, "A1").click();
  await seat(page, "D1").click();
  await expect(seat(page, "D1")).toHaveAttribute("data-status", "selected");
  await expect(panel.getByTestId("summary-total")).toHaveText("530,000원");
  await snap(page, "seat-map-grades");
  await panel.getByRole("button", { name: "4석 예매하기" }).click();
  await page.getByRole("dialog", { name: "예매 확인" }).getByRole("button", { name: "예", exact: true }).click();
  await expect(page.getByRole("dialog", { name: "예매 완료" })).toContainText("530,000원");
});

test("a show that has started is marked ended and cannot be picked; the server refuses it too", async ({ page, request }) => {
  const headers = await asAdmin(request);
  const created = await request.post("/api/admin/shows", {
    headers,
    data: { title: "어제 공연", date: inDays(-1), startTime: "19:00", endTime: "21:00", venue: "소극장", price: 50000 },
  });
  expect(created.status()).toBe(201);
  const show = (await created.json()) as { id: number };
  const refused = await request.post(`/api/shows/${show.id}/reservations`, { headers, data: { seats: ["A1"] } });
  expect(refused.status()).toBe(409);
  expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("show_ended");

  await page.goto("/");
  await logIn(page, "Ivan");
  const card = page.locator("article").filter({ hasText: "어제 공연" }).first();
  await expect(card.getByRole("button", { name: "공연 종료" })).toBeDisabled();
  await page.goto(`/shows/${show.id}`);
  await expect(page.getByText("이미 시작했거나 끝난 공연이라 예매할 수 없습니다.").first()).toBeVisible();
  await seat(page, "A1").click();
  await expect(seat(page, "A1")).toHaveAttribute("data-status", "available");
});

test("a network blip keeps the last seat map on screen, marked stale, until the server answers again", async ({ page }) => {
  await page.goto("/");
  await logIn(page, "Judy");
  await page.getByRole("link", { name: / 예매하기$/ }).first().click();
  await expect(page.getByText("무대", { exact: true })).toBeVisible();
  const [a] = await availableSeats(page, 1);
  await page.route("**/api/shows/*/seats", (route) => route.abort("internetdisconnected"));
  await page.route("**/api/shows/*/hold", (route) => route.abort("internetdisconnected"));
  await seat(page, a).click(); // the hold fails, which makes the page reload the map, which fails too
  await expect(page.getByTestId("seat-map-stale")).toBeVisible({ timeout: 20_000 });
  await expect(page.locator("[data-seat]").first()).toBeVisible();
  await expect(page.getByRole("grid")).toBeVisible();
  await snap(page, "seat-map-stale");
  await page.unrouteAll();
  await expect(page.getByTestId("seat-map-stale")).toBeHidden({ timeout: 20_000 });
});

for (const lang of ["ko", "en"] as Lang[]) {
  for (const device of ["desktop", "phone"] as const) {
    test(`every page passes axe (${lang}, ${device})`, async ({ browser }) => {
      const context = await browser.newContext({ ...(device === "phone" ? phone : {}), locale: lang === "ko" ? "ko-KR" : "en-US" });
      const page = await context.newPage();
      const tag = `${lang}/${device}`;
      await page.goto("/");
      await expect(page.locator("article").first()).toBeVisible();
      await expectAccessible(page, `home signed out ${tag}`);
      await page.getByRole("banner").getByRole("button", { name: words[lang].login, exact: true }).click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await expectAccessible(page, `login dialog ${tag}`);
      await page.keyboard.press("Escape");
      await logIn(page, lang === "ko" ? `접근성${device}` : `Axe${device}`, lang);
      await expectAccessible(page, `home signed in ${tag}`);
      await page.locator("article a[href^='/shows/']").first().click();
      await expect(page.getByText(words[lang].stage, { exact: true })).toBeVisible();
      await expectAccessible(page, `show page ${tag}`);
      const [a] = await availableSeats(page, 1);
      await seat(page, a).click();
      await expect(seat(page, a)).toHaveAttribute("data-status", "selected");
      await expectAccessible(page, `show page with a seat picked ${tag}`);
      await page.getByRole("button", { name: lang === "ko" ? "1석 예매하기" : "Reserve 1 seat" }).last().click();
      await expect(page.getByRole("dialog")).toBeVisible();
      await expectAccessible(page, `confirm dialog ${tag}`);
      await page.keyboard.press("Escape");
      await seat(page, a).click();
      await expect(seat(page, a)).toHaveAttribute("data-status", "available");
      await page.goto("/reservations");
      await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
      await expectAccessible(page, `my reservations ${tag}`);
      await page.goto("/no-such-page");
      await expectAccessible(page, `not found ${tag}`);
      await context.close();
    });
  }
}

/** Cumulative layout shift of a first visit to the home page, as a PerformanceObserver sees it. */
async function homeCls(browser: Browser, opts: object): Promise<number> {
  const context = await browser.newContext({ ...opts, locale: "ko-KR" });
  const page = await context.newPage();
  await page.addInitScript(() => {
    (window as unknown as { __cls: number }).__cls = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
        if (!e.hadRecentInput) (window as unknown as { __cls: number }).__cls += e.value;
      }
    }).observe({ type: "layout-shift", buffered: true });
  });
  await page.goto("/");
  await expect(page.locator("article").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(500);
  const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
  await context.close();
  return cls;
}

test("prints the home page's layout shift on desktop and phone", async ({ browser }) => {
  const desktop = await homeCls(browser, {});
  const mobile = await homeCls(browser, phone);
  console.log(`CLS home: desktop ${desktop.toFixed(3)}, phone ${mobile.toFixed(3)} (target below 0.1)`);
});

test("prints how long a 3,000-seat hall takes to draw and to zoom", async ({ page }) => {
  const rows = Array.from({ length: 50 }, (_, i) => (i < 26 ? String.fromCharCode(65 + i) : `A${String.fromCharCode(65 + i - 26)}`));
  const grades = ["VIP", "R", "S", "A"] as const;
  const seats = rows.flatMap((row, r) =>
    Array.from({ length: 60 }, (_, n) => ({
      name: `${row}${n + 1}`,
      row,
      number: n + 1,
      column: n + 1 + (n >= 30 ? 1 : 0),
      price: [170000, 140000, 110000, 80000][Math.floor(r / 13)],
      grade: grades[Math.floor(r / 13)],
      status: (n + r) % 7 === 0 ? "reserved" : "available",
    })),
  );
  let served = 0;
  await page.route("**/api/shows/*/seats", async (route) => {
    served = Date.now();
    await route.fulfill({ json: { showId: 1, rows, columns: 61, seats } });
  });
  await page.goto("/shows/1");
  await expect(page.locator("[data-seat]")).toHaveCount(3000, { timeout: 30_000 });
  const drawn = Date.now() - served;
  const zoom = await page.evaluate(async () => {
    const start = performance.now();
    (document.querySelector("button[aria-label='확대']") as HTMLButtonElement).click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return performance.now() - start;
  });
  console.log(`big hall (3,000 seats): drawn ${drawn} ms after the seat map was served; zoom re-render ${zoom.toFixed(0)} ms (shared machine, indicative)`);
});
