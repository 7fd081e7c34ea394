import { expect, test } from "@playwright/test";
import { availableSeats, logIn, seat, snap } from "./helpers";

test("a visitor logs in, reserves two seats, finds them in My Reservations and cancels", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Podo" })).toBeVisible();
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  // Logged out: no booking buttons anywhere.
  await expect(page.getByRole("heading", { name: "전체 공연" })).toBeVisible();
  await expect(page.locator("article").first()).toBeVisible();
  await expect(page.getByRole("link", { name: / 예매하기$/ })).toHaveCount(0);

  await logIn(page, "Alice");
  const allShows = page.locator("section", { has: page.getByRole("heading", { name: "전체 공연" }) });
  await expect(allShows.getByRole("link", { name: / 예매하기$/ }).first()).toBeVisible();
  await snap(page, "home");
  await snap(page, "home-full", true);

  await allShows.getByRole("link", { name: / 예매하기$/ }).first().click();
  await expect(page).toHaveURL(/\/shows\/\d+$/);
  const showUrl = page.url();
  await expect(page.getByText("무대", { exact: true })).toBeVisible();
  const title = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";

  const [first, second] = await availableSeats(page, 2);
  await seat(page, first).click();
  await expect(seat(page, first)).toHaveAttribute("data-status", "selected");
  await seat(page, second).click();
  await expect(seat(page, second)).toHaveAttribute("aria-pressed", "true");

  const panel = page.getByRole("complementary");
  const picked = panel.getByRole("list", { name: "선택한 좌석" });
  await expect(picked.getByRole("listitem")).toHaveCount(2);
  await expect(picked).toContainText(first);
  await expect(picked).toContainText(second);
  await expect(panel.getByText(/좌석 유지 시간 \d+:\d\d/)).toBeVisible();
  await expect(panel.getByTestId("summary-total")).toHaveText(/^[\d,]+원$/);
  await snap(page, "seat-map");

  await panel.getByRole("button", { name: "2석 예매하기" }).click();
  const confirm = page.getByRole("dialog", { name: "예매 확인" });
  await expect(confirm).toContainText(title);
  await expect(confirm).toContainText(`${first}, ${second}`);
  await confirm.getByRole("button", { name: "예", exact: true }).click();

  const done = page.getByRole("dialog", { name: "예매 완료" });
  await expect(done).toBeVisible();
  await expect(done).toContainText(`${first}, ${second}`);
  await expect(seat(page, first)).toHaveAttribute("data-status", "reserved");
  await expect(seat(page, second)).toHaveAttribute("data-status", "reserved");
  await done.getByRole("link", { name: "예매 내역" }).click();

  await expect(page).toHaveURL(/\/reservations$/);
  const list = page.getByRole("list", { name: "내 예매" });
  const booking = list.getByRole("listitem").filter({ hasText: title });
  await expect(booking).toContainText(`${first}, ${second}`);
  await snap(page, "my-reservations");

  await booking.getByRole("button", { name: / 예매 취소$/ }).click();
  const ask = page.getByRole("dialog", { name: "예매 취소" });
  await ask.getByRole("button", { name: "예, 취소합니다" }).click();
  await expect(page.getByRole("status").filter({ hasText: "예매를 취소했습니다" })).toBeVisible();
  await expect(list.getByRole("listitem").filter({ hasText: title })).toHaveCount(0);

  // The seats are back on sale.
  await page.goto(showUrl);
  await expect(seat(page, first)).toHaveAttribute("data-status", "available");

  await page.getByRole("button", { name: "로그아웃" }).click();
  await expect(page.getByRole("banner").getByRole("button", { name: "로그인", exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: "예매 내역" })).toHaveCount(0);
});

test("the pages work on a phone", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: "ko-KR" });
  const page = await context.newPage();
  await page.goto("/");
  await logIn(page, "Pat");
  await snap(page, "home-phone");
  await page.getByRole("link", { name: / 예매하기$/ }).first().click();
  await expect(page.getByText("무대", { exact: true })).toBeVisible();
  const [one] = await availableSeats(page, 1);
  await seat(page, one).tap();
  await expect(seat(page, one)).toHaveAttribute("data-status", "selected");
  await snap(page, "seat-map-phone", true);
  // Release the hold so it does not linger for the other scenarios.
  await seat(page, one).tap();
  await expect(seat(page, one)).toHaveAttribute("data-status", "available");
  await context.close();
});
