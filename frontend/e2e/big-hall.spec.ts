import { expect, test, type Page } from "@playwright/test";
import { expectAccessible, logIn, phone, seat, snap } from "./helpers";

// A big hall: the demo's 위키드 plays in a hall the size of Blue Square's Shinhan Card Hall (1,766
// seats on three floors). The buyer sees the whole hall, zooms into a section, and books seats
// named by floor, section, row and number. Render times are printed, never asserted.

async function bigHallShowId(page: Page): Promise<number> {
  const res = await page.request.get("/api/shows?sort=date&pageSize=100");
  const shows = ((await res.json()) as { items: { id: number; title: string }[] }).items;
  const show = shows.find((s) => s.title === "위키드");
  expect(show, "the demo's 위키드").toBeDefined();
  return show!.id;
}

test("a 1,766-seat hall on three floors: the overview, a section zoomed, seats named by floor, section, row and number", async ({ page }) => {
  await page.goto("/");
  await logIn(page, "민지");
  const id = await bigHallShowId(page);
  await page.goto(`/shows/${id}`);
  await expect(page.getByText("블루스퀘어 신한카드홀 · 3개 층, 1,766석")).toBeVisible();
  const overview = page.getByRole("group", { name: "공연장 전체 배치" });
  await expect(overview.getByRole("group", { name: /^\d층$/ })).toHaveCount(3);
  await expect(overview.getByRole("button")).toHaveCount(9);
  // No seat is a button until a section is picked.
  await expect(page.locator("[data-seat]")).toHaveCount(0);
  await expectAccessible(page, "big hall overview");
  await snap(page, "big-hall-overview");

  await overview.getByRole("button", { name: /^1층 B구역, 잔여 \d+석/ }).click();
  await expect(page.getByRole("heading", { name: "1층 B구역 좌석" })).toBeVisible();
  await expect(page.locator("[data-seat]")).toHaveCount(400);
  await expect(seat(page, "1F-B-1-10")).toHaveAccessibleName("1층 B구역 1열 10번, VIP석, 예매 가능, 180,000원");
  await seat(page, "1F-B-1-10").click();
  await seat(page, "1F-B-1-11").click();
  await expect(seat(page, "1F-B-1-11")).toHaveAttribute("data-status", "selected");
  const panel = page.getByRole("complementary");
  await expect(panel.getByRole("list", { name: "선택한 좌석" })).toContainText("1층 B구역 1열 10번");
  await expectAccessible(page, "big hall section");
  await snap(page, "big-hall-section");

  await panel.getByRole("button", { name: "2석 예매하기" }).click();
  const confirm = page.getByRole("dialog", { name: "예매 확인" });
  await expect(confirm).toContainText("1층 B구역 1열 10번, 1층 B구역 1열 11번");
  await confirm.getByRole("button", { name: "예", exact: true }).click();
  const done = page.getByRole("dialog", { name: "예매 완료" });
  await expect(done).toContainText("360,000원");
  await done.getByRole("link", { name: "예매 내역" }).click();
  const booking = page.getByRole("list", { name: "내 예매" }).getByRole("listitem").filter({ hasText: "위키드" });
  await expect(booking).toContainText("1층 B구역 1열 10번, 1층 B구역 1열 11번");
  // Leave the seats, and the popular order, as the other scenarios expect them.
  await booking.getByRole("button", { name: / 예매 취소$/ }).click();
  await page.getByRole("dialog", { name: "예매 취소" }).getByRole("button", { name: "예, 취소합니다" }).click();
  await expect(booking).toHaveCount(0);
});

test("best available in a big hall opens the section it found", async ({ page }) => {
  await page.goto("/");
  await logIn(page, "Kim");
  const id = await bigHallShowId(page);
  await page.goto(`/shows/${id}`);
  const panel = page.getByRole("complementary");
  await panel.getByLabel("등급").selectOption("VIP");
  await panel.getByLabel("매수").selectOption("2");
  await panel.getByRole("button", { name: "붙은 좌석 찾기" }).click();
  await expect(page.getByRole("heading", { name: "1층 B구역 좌석" })).toBeVisible();
  await expect(page.locator('[data-status="selected"]')).toHaveCount(2);
  await expect(page.getByRole("group", { name: "공연장 전체 배치" }).getByRole("button", { name: /^1층 B구역,/ })).toHaveAttribute("aria-pressed", "true");
  await panel.getByRole("button", { name: /좌석 빼기$/ }).first().click();
  await panel.getByRole("button", { name: /좌석 빼기$/ }).first().click();
  await expect(page.locator('[data-status="selected"]')).toHaveCount(0);
});

test("on a phone, the whole hall fits across and a section's seats are at least 24 px", async ({ browser }) => {
  const context = await browser.newContext({ ...phone, locale: "ko-KR" });
  const page = await context.newPage();
  await page.goto("/");
  await logIn(page, "서연");
  const id = await bigHallShowId(page);
  await page.goto(`/shows/${id}`);
  const overview = page.getByRole("group", { name: "공연장 전체 배치" });
  const box = await overview.boundingBox();
  expect(box!.x).toBeGreaterThanOrEqual(0);
  expect(box!.x + box!.width).toBeLessThanOrEqual(390);
  for (const b of await overview.getByRole("button").all()) {
    const s = await b.boundingBox();
    expect(s!.height).toBeGreaterThanOrEqual(24);
    expect(s!.width).toBeGreaterThanOrEqual(24);
  }
  await overview.getByRole("button", { name: /^2층 A구역,/ }).tap();
  const s = await seat(page, "2F-A-1-1").boundingBox();
  expect(s!.width).toBeGreaterThanOrEqual(24);
  await seat(page, "2F-A-1-5").tap();
  await expect(seat(page, "2F-A-1-5")).toHaveAttribute("data-status", "selected");
  // The picture shows the floors above the open section and the section itself.
  await overview.getByRole("group", { name: "2층" }).evaluate((el) => el.scrollIntoView({ block: "start" }));
  await page.evaluate(() => window.scrollBy(0, -120));
  await snap(page, "big-hall-phone");
  await expectAccessible(page, "big hall section phone");
  await seat(page, "2F-A-1-5").tap();
  await expect(seat(page, "2F-A-1-5")).toHaveAttribute("data-status", "available");
  await context.close();
});

test("prints how long a 3,000-seat hall of sections takes to draw its overview and to open a section", async ({ page }) => {
  // Three floors of four sections, 250 seats each (10 rows of 25): 3,000 seats.
  const grades = ["VIP", "R", "S", "A"] as const;
  const sections = [1, 2, 3].flatMap((floor) =>
    ["A", "B", "C", "D"].map((name) => ({ id: `${floor}F-${name}`, floor, name, rows: Array.from({ length: 10 }, (_, r) => String(r + 1)), columns: 25 })),
  );
  const seats = sections.flatMap((sec, i) =>
    sec.rows.flatMap((row, r) =>
      Array.from({ length: 25 }, (_, n) => ({
        name: `${sec.id}-${row}-${n + 1}`,
        section: sec.id,
        row,
        number: n + 1,
        column: n + 1,
        price: [170000, 140000, 110000, 80000][Math.min(3, sec.floor - 1 + (i % 4 === 0 || i % 4 === 3 ? 1 : 0))],
        grade: grades[Math.min(3, sec.floor - 1 + (i % 4 === 0 || i % 4 === 3 ? 1 : 0))],
        status: (n + r) % 7 === 0 ? "reserved" : "available",
      })),
    ),
  );
  let served = 0;
  await page.route("**/api/shows/*/seats", async (route) => {
    served = Date.now();
    await route.fulfill({ json: { showId: 1, rows: [], columns: 0, sections, seats } });
  });
  await page.goto("/shows/1");
  const overview = page.getByRole("group", { name: "공연장 전체 배치" });
  await expect(overview.locator("rect")).toHaveCount(3000, { timeout: 30_000 });
  const drawn = Date.now() - served;
  const open = await page.evaluate(async () => {
    const start = performance.now();
    (document.querySelector("button[data-section='1F-B']") as HTMLButtonElement).click();
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    return { ms: performance.now() - start, seats: document.querySelectorAll("[data-seat]").length };
  });
  expect(open.seats).toBe(250);
  console.log(`big hall of sections (3,000 seats): overview drawn ${drawn} ms after the seat map was served; a section of 250 opened in ${open.ms.toFixed(0)} ms (shared machine, indicative)`);
});
