import { expect, test } from "@playwright/test";
import { availableSeats, logIn, seat, snap } from "./helpers";

test("a visitor logs in, reserves two seats, finds them in My Reservations and cancels", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("link", { name: "Podo" })).toBeVisible();
  // Logged out: no booking buttons anywhere.
  await expect(page.getByRole("heading", { name: "All shows" })).toBeVisible();
  await expect(page.locator("article").first()).toBeVisible();
  await expect(page.getByRole("link", { name: /^Reserve / })).toHaveCount(0);

  await logIn(page, "Alice");
  const allShows = page.locator("section", { has: page.getByRole("heading", { name: "All shows" }) });
  await expect(allShows.getByRole("link", { name: /^Reserve / }).first()).toBeVisible();
  await snap(page, "home");
  await snap(page, "home-full", true);

  await allShows.getByRole("link", { name: /^Reserve / }).first().click();
  await expect(page).toHaveURL(/\/shows\/\d+$/);
  const showUrl = page.url();
  await expect(page.getByText("SCREEN", { exact: true })).toBeVisible();
  const title = (await page.getByRole("heading", { level: 1 }).textContent()) ?? "";

  const [first, second] = await availableSeats(page, 2);
  await seat(page, first).click();
  await expect(seat(page, first)).toHaveAttribute("data-status", "selected");
  await seat(page, second).click();
  await expect(seat(page, second)).toHaveAttribute("aria-pressed", "true");

  const panel = page.getByRole("complementary");
  const picked = panel.getByRole("list", { name: "Selected seats" });
  await expect(picked.getByRole("listitem")).toHaveCount(2);
  await expect(picked).toContainText(first);
  await expect(picked).toContainText(second);
  await expect(panel.getByText(/Seats held for \d+:\d\d/)).toBeVisible();
  await expect(panel.getByTestId("summary-total")).toHaveText(/^[\d,]+원$/);
  await snap(page, "seat-map");

  await panel.getByRole("button", { name: "Reserve 2 seats" }).click();
  const confirm = page.getByRole("dialog", { name: "Confirm reservation" });
  await expect(confirm).toContainText(title);
  await expect(confirm).toContainText(`${first}, ${second}`);
  await confirm.getByRole("button", { name: "Yes" }).click();

  const done = page.getByRole("dialog", { name: "Reservation complete" });
  await expect(done).toBeVisible();
  await expect(done).toContainText(`${first}, ${second}`);
  await expect(seat(page, first)).toHaveAttribute("data-status", "reserved");
  await expect(seat(page, second)).toHaveAttribute("data-status", "reserved");
  await done.getByRole("link", { name: "My Reservations" }).click();

  await expect(page).toHaveURL(/\/reservations$/);
  const list = page.getByRole("list", { name: "My reservations" });
  const booking = list.getByRole("listitem").filter({ hasText: title });
  await expect(booking).toContainText(`${first}, ${second}`);
  await snap(page, "my-reservations");

  await booking.getByRole("button", { name: /^Cancel reservation/ }).click();
  const ask = page.getByRole("dialog", { name: "Cancel reservation" });
  await ask.getByRole("button", { name: "Yes, cancel" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reservation cancelled" })).toBeVisible();
  await expect(list.getByRole("listitem").filter({ hasText: title })).toHaveCount(0);

  // The seats are back on sale.
  await page.goto(showUrl);
  await expect(seat(page, first)).toHaveAttribute("data-status", "available");

  await page.getByRole("button", { name: "Logout" }).click();
  await expect(page.getByRole("banner").getByRole("button", { name: "Login" })).toBeVisible();
  await expect(page.getByRole("link", { name: "My Reservations" })).toHaveCount(0);
});

test("the pages work on a phone", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto("/");
  await logIn(page, "Pat");
  await snap(page, "home-phone");
  await page.getByRole("link", { name: /^Reserve / }).first().click();
  await expect(page.getByText("SCREEN", { exact: true })).toBeVisible();
  const [one] = await availableSeats(page, 1);
  await seat(page, one).tap();
  await expect(seat(page, one)).toHaveAttribute("data-status", "selected");
  await snap(page, "seat-map-phone", true);
  // Release the hold so it does not linger for the other scenarios.
  await seat(page, one).tap();
  await expect(seat(page, one)).toHaveAttribute("data-status", "available");
  await context.close();
});
