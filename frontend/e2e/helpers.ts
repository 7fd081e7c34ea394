import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Browser, type BrowserContext, type Page } from "@playwright/test";

const output = process.env.PODO_E2E_OUTPUT ?? "../test-output/e2e";

/** The words the helpers look for, in each language the SPA speaks (Korean first). */
export const words = {
  ko: { login: "로그인", logout: "로그아웃", name: "이름", welcome: (n: string) => `${n}님, 환영합니다`, dismiss: "닫기", stage: "무대" },
  en: { login: "Login", logout: "Logout", name: "Name", welcome: (n: string) => `Welcome, ${n}`, dismiss: "Dismiss", stage: "STAGE" },
};
export type Lang = keyof typeof words;

/** Signs in through the header's 로그인 (Login) with the development sign-in. */
export async function logIn(page: Page, name: string, lang: Lang = "ko") {
  const w = words[lang];
  await page.getByRole("banner").getByRole("button", { name: w.login, exact: true }).click();
  const dialog = page.getByRole("dialog", { name: w.login === "Login" ? "Log in" : w.login });
  await dialog.getByLabel(w.name).fill(name);
  await dialog.getByRole("button", { name: w.login === "Login" ? "Log in" : w.login, exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("banner").getByText(name, { exact: true })).toBeVisible();
  await expect(page.getByRole("banner").getByRole("button", { name: w.logout })).toBeVisible();
  // The welcome message would cover part of the page in the screenshots.
  const welcome = page.getByRole("status").filter({ hasText: w.welcome(name) });
  await welcome.getByRole("button", { name: w.dismiss }).click();
  await expect(welcome).toBeHidden();
}

/** A seat on the seat map, found by its name (e.g. "A1"). */
export function seat(page: Page, name: string) {
  return page.locator(`[data-seat="${name}"]`);
}

/** The names of the first `count` seats that are available right now. */
export async function availableSeats(page: Page, count: number): Promise<string[]> {
  const seats = page.locator('[data-status="available"]');
  await expect(seats.first()).toBeVisible();
  const names: string[] = [];
  for (let i = 0; i < count; i++) names.push((await seats.nth(i).getAttribute("data-seat")) ?? "");
  return names;
}

export async function snap(page: Page, name: string, fullPage = false) {
  // Posters load lazily; wait for those in view so the picture shows what a person sees. (The
  // seat page keeps its event stream open, so "network idle" never comes.)
  await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete || img.loading === "lazy"));
  await page.screenshot({ path: `${output}/${name}.png`, fullPage });
}

/**
 * A visitor in a browser of their own, logged in and looking at a show's seat map. `prepare`
 * runs on the fresh page before anything loads (e.g. to set its clock).
 */
export async function visitorOnShow(
  browser: Browser,
  name: string,
  showId: number,
  prepare?: (page: Page) => Promise<void>,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "ko-KR" });
  const page = await context.newPage();
  await prepare?.(page);
  await page.goto("/");
  await logIn(page, name);
  await page.goto(`/shows/${showId}`);
  await expect(page.getByText(words.ko.stage, { exact: true })).toBeVisible();
  return { context, page };
}

/** Shows with seats left, by date. */
export async function openShows(request: APIRequestContext): Promise<{ id: number }[]> {
  const res = await request.get("/api/shows?sort=date&pageSize=100");
  expect(res.ok()).toBe(true);
  const page = (await res.json()) as { items: { id: number; soldOut: boolean }[] };
  return page.items.filter((s) => !s.soldOut);
}

/** A phone, as the scenarios hold one. */
export const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** No serious or critical accessibility violations on what the page shows now. */
export async function expectAccessible(page: Page, what: string) {
  // Colours caught halfway through a transition (a Reserve button turning from grey to purple)
  // would fail contrast checks that the settled page passes.
  await page.waitForFunction(() => document.getAnimations().every((a) => !(a instanceof CSSTransition) || a.playState !== "running"));
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const summary = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} nodes, e.g. ${v.nodes[0]?.target.join(" ")}`);
  console.log(`axe ${what}: ${result.violations.length} violations (${bad.length} serious or critical), ${result.passes.length} rules passed`);
  expect(summary, `axe on ${what}`).toEqual([]);
}
