import { expect, test } from "@playwright/test";
import { availableSeats, openShows, seat, snap, visitorOnShow } from "./helpers";

test("a seat booked in one browser turns grey in another at once, and the other's try is refused", async ({ browser, request }) => {
  // A show with seats left that the other scenario does not use: the last one by date.
  const shows = await openShows(request);
  expect(shows.length, "the demo data has two shows with seats left").toBeGreaterThan(1);
  const show = shows[shows.length - 1];
  const { context: bobContext, page: bob } = await visitorOnShow(browser, "Bob", show.id);
  const { context: carolContext, page: carol } = await visitorOnShow(browser, "Carol", show.id);

  const [target] = await availableSeats(bob, 1);
  await expect(seat(carol, target)).toHaveAttribute("data-status", "available");

  // Bob's hold shows up for Carol as held by someone else, without a reload.
  await seat(bob, target).click();
  await expect(seat(bob, target)).toHaveAttribute("data-status", "selected");
  await expect(seat(carol, target)).toHaveAttribute("data-status", "held");

  await bob.getByRole("complementary").getByRole("button", { name: "1석 예매하기" }).click();
  await bob.getByRole("dialog", { name: "예매 확인" }).getByRole("button", { name: "예", exact: true }).click();
  await expect(bob.getByRole("dialog", { name: "예매 완료" })).toBeVisible();

  // Carol sees it reserved, still without a reload.
  await expect(seat(carol, target)).toHaveAttribute("data-status", "reserved");
  await expect(seat(carol, target)).toHaveAccessibleName(new RegExp(`^${target}, (\\S+석, )?예매 완료`));

  // Her try on that seat goes to the server, which refuses it, and she is told why.
  await seat(carol, target).click();
  await expect(carol.getByRole("alert")).toContainText(target);
  await expect(seat(carol, target)).toHaveAttribute("data-status", "reserved");
  await expect(carol.getByRole("list", { name: "선택한 좌석" })).toHaveCount(0);

  // A third visitor, through the API alone, holds a seat; Carol picks two. Her screen now shows
  // every state a seat can have.
  await request.get("/api/auth/config");
  const csrf = (await request.storageState()).cookies.find((c) => c.name === "podo_csrf")?.value ?? "";
  const headers = { "X-CSRF-Token": csrf };
  expect((await request.post("/api/auth/dev/login", { data: { name: "Dana" }, headers })).ok()).toBe(true);
  const [danas, carols1, carols2] = await availableSeats(carol, 3);
  expect((await request.put(`/api/shows/${show!.id}/hold`, { data: { seats: [danas] }, headers })).ok()).toBe(true);
  await expect(seat(carol, danas)).toHaveAttribute("data-status", "held");
  await seat(carol, carols1).click();
  await seat(carol, carols2).click();
  await expect(carol.getByRole("list", { name: "선택한 좌석" }).getByRole("listitem")).toHaveCount(2);
  await snap(carol, "seat-map-live");

  await bobContext.close();
  await carolContext.close();
});

test("a hold that runs out on the server is released for everybody, and its owner is told", async ({ browser, request }) => {
  // The service runs with 20-second holds here (see run.sh).
  test.setTimeout(90_000);
  const shows = await openShows(request);
  expect(shows.length, "the demo data has two shows with seats left").toBeGreaterThan(1);
  const show = shows[shows.length - 2];
  // Eve's clock stands still, as a clock running behind would: her own countdown never ends, so
  // only the server's release can tell her.
  const { context: eveContext, page: eve } = await visitorOnShow(browser, "Eve", show.id, (page) => page.clock.setFixedTime(new Date()));
  const { context: frankContext, page: frank } = await visitorOnShow(browser, "Frank", show.id);

  const [target] = await availableSeats(eve, 1);
  await seat(eve, target).click();
  await expect(eve.getByText(/좌석 유지 시간 0:\d\d/)).toBeVisible();
  await expect(seat(frank, target)).toHaveAttribute("data-status", "held");

  await expect(eve.getByRole("status").filter({ hasText: "좌석 유지 시간이 끝나" })).toBeVisible({ timeout: 40_000 });
  await expect(seat(eve, target)).toHaveAttribute("data-status", "available");
  await expect(eve.getByRole("list", { name: "선택한 좌석" })).toHaveCount(0);
  await expect(seat(frank, target)).toHaveAttribute("data-status", "available");

  await eveContext.close();
  await frankContext.close();
});
