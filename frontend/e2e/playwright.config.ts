import { defineConfig } from "@playwright/test";

const output = process.env.PODO_E2E_OUTPUT ?? "../test-output/e2e";

// Debian's Chromium, never a browser Playwright downloads.
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export default defineConfig({
  testDir: ".",
  testMatch: "*.spec.ts",
  outputDir: `${output}/results`,
  // The scenarios share one service and its demo data, so they run one at a time.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: process.env.PODO_E2E_BASE_URL ?? "http://127.0.0.1:18080",
    browserName: "chromium",
    headless: true,
    viewport: { width: 1280, height: 800 },
    // A Korean browser, as the audience's: the SPA speaks Korean to it.
    locale: "ko-KR",
    launchOptions: { executablePath: process.env.PODO_CHROMIUM ?? "/usr/bin/chromium", args: chromiumArgs },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
});
