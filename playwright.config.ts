/**
 * End-to-end tests: the production build of the app, started on port 3100
 * against the local mail stack (scripts/mail-stack.sh) and its own embedded
 * PostgreSQL in .data/e2e (wiped before the server starts), driven in
 * Debian's Chromium. Specs live in e2e/*.spec.ts; helpers in e2e/helpers/.
 */
import { defineConfig, devices } from "@playwright/test";
import { BASE_URL, E2E_PORT, SERVER_ENV } from "./e2e/helpers/e2e-env";

/** Playwright must not download a browser (no access to its CDN): use the system's. */
const CHROMIUM = process.env.MAEIL_CHROMIUM ?? "/usr/bin/chromium";

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  globalSetup: "./e2e/global-setup.ts",
  forbidOnly: !!process.env.CI,
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  use: {
    baseURL: BASE_URL,
    locale: "en-US",
    timezoneId: "Asia/Seoul",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: CHROMIUM,
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
          ],
        },
      },
    },
  ],
  webServer: {
    // The state wipe comes first: the app opens its database as soon as it starts.
    command: `node --import tsx e2e/helpers/reset-data.ts && npm run build && npm start -- -p ${E2E_PORT}`,
    url: `${BASE_URL}/login`,
    env: SERVER_ENV,
    reuseExistingServer: !process.env.CI,
    // `next build` takes 2-5 minutes on 2 cores (TipTap, pdf.js and the type check).
    timeout: 600_000,
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    stdout: "pipe",
    stderr: "pipe",
  },
});
