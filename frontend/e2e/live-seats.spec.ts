import { expect, test } from "@playwright/test";
import { availableSeats, logIn, seat } from "./helpers";

test("a seat booked in one browser turns grey in another at once, and the other's try is refused", async ({ browser, request }) => {
  // A show with seats left that the other scenario does not use: the last one by date.
  const shows = (await (await request.get("/api/shows?sort=date&pageSize=100")).json()) as {
    items: { id: number; soldOut: boolean }[];
  };
  const show = shows.items.filter((s) => !s.soldOut).at(-1);
  expect(show, "the demo data has a show with seats left").toBeDefined();

  const bobContext = await browser.newContext();
  const carolContext = await browser.newContext();
  const bob = await bobContext.newPage();
  const carol = await carolContext.newPage();
  for (const [page, name] of [
    [bob, "Bob"],
    [carol, "Carol"],
  ] as const) {
    await page.goto("/");
    await logIn(page, name);
    await page.goto(`/shows/${show!.id}`);
    await expect(page.getByText("SCREEN", { exact: true })).toBeVisible();
  }

  const [target] = await availableSeats(bob, 1);
  await expect(seat(carol, target)).toHaveAttribute("data-status", "available");

  // Bob's hold shows up for Carol as held by someone else, without a reload.
  await seat(bob, target).click();
  await expect(seat(bob, target)).toHaveAttribute("data-status", "selected");
  await expect(seat(carol, target)).toHaveAttribute("data-status", "held");

  await bob.getByRole("button", { name: "Reserve 1 seat" }).click();
  await bob.getByRole("dialog", { name: "Confirm reservation" }).getByRole("button", { name: "Yes" }).click();
  await expect(bob.getByRole("dialog", { name: "Reservation complete" })).toBeVisible();

  // Carol sees it reserved, still without a reload.
  await expect(seat(carol, target)).toHaveAttribute("data-status", "reserved");
  await expect(seat(carol, target)).toHaveAccessibleName(new RegExp(`^${target}, reserved`));

  // Her try on that seat goes to the server, which refuses it, and she is told why.
  await seat(carol, target).click();
  await expect(carol.getByRole("alert")).toBeVisible();
  await expect(seat(carol, target)).toHaveAttribute("data-status", "reserved");
  await expect(carol.getByRole("list", { name: "Selected seats" })).toHaveCount(0);

  await bobContext.close();
  await carolContext.close();
});
