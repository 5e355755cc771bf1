import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";
import { E2E } from "./e2e/env";

// End-to-end tests run against a production build (`npm run test:e2e` builds first)
// served by the same start script as `npm start`, on a fresh throw-away database.

// Chromium's headless shell (Debian: chromium-headless-shell) when installed: the same engine
// without the browser around it, which took the suite from 7.2 to 5.3 minutes on two cores.
// Else the full browser, headless. CHROMIUM_PATH chooses another.
const HEADLESS_SHELL = "/usr/lib/chromium/chromium-headless-shell";
const chromium = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium");
export default defineConfig({
  testDir: "e2e",
  forbidOnly: !!process.env.CI,
  retries: 0,
  // Three workers on two cores: much of a browser test is waiting (a server starting, a page loading), and the
  // specs never share an entry (unique names); a third worker took the suite from 8.9 to 6.9–7.9 minutes.
  workers: 3,
  // Tests of one file run side by side too: each works on entries of its own (unique names). A file
  // whose tests share something (start.spec: one port) says so with test.describe.configure.
  fullyParallel: true,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: E2E.baseURL,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: ["--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-gpu"],
    },
  },
  projects: [
    { name: "setup", testMatch: /setup\.setup\.ts/ },
    // The operations specs (their own servers: start and stop, several instances, single sign-on; the fuzzer): the longest ones,
    // listed first so they start first and run beside everything else instead of after it.
    {
      name: "ops",
      testMatch: /(start|instances|fuzz|sso|jobs|live-alerts|long-work)\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], storageState: E2E.adminState },
      dependencies: ["setup"],
    },
    {
      name: "chromium",
      testIgnore: /(start|instances|fuzz|sso|jobs|live-alerts|long-work)\.spec\.ts$/,
      use: { ...devices["Desktop Chrome"], storageState: E2E.adminState },
      dependencies: ["setup"],
    },
    // Specs that compare times (*.quiet.ts): after all the others, when nothing else runs.
    {
      name: "quiet",
      testMatch: /\.quiet\.ts$/,
      use: { ...devices["Desktop Chrome"], storageState: E2E.adminState },
      dependencies: ["chromium", "ops"],
    },
  ],
  webServer: {
    command: "node --conditions=react-server --import tsx scripts/start.ts",
    url: `${E2E.baseURL}/login`,
    timeout: 240_000,
    reuseExistingServer: false,
    // As a service manager stops it: the web server first, then PostgreSQL, cleanly.
    gracefulShutdown: { signal: "SIGTERM", timeout: 30_000 },
    stdout: "pipe",
    env: {
      PORT: String(E2E.port),
      RUNBOOK_DATA_DIR: E2E.dataDir,
      RUNBOOK_FRESH: "1",
      RUNBOOK_PG_PORT: String(E2E.pgPort),
      NEXTAUTH_URL: E2E.baseURL,
      // The tests stand in for a proxy on the same host, so they can sign in "from" other addresses (X-Forwarded-For).
      RUNBOOK_TRUSTED_PROXIES: "loopback",
      // Long enough that a blocked sign-in is still blocked when the test's next request arrives, however slow the machine.
      RUNBOOK_SIGNIN_FIRST_BLOCK_SECONDS: "60",
    },
  },
});
