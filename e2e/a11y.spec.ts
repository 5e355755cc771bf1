import { expect, seriousViolations, test } from "./fixtures";

// Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) on the pages
// on-call people use most; on each, the fixtures' guard also fails the test on any
// Content-Security-Policy violation. Keyboard use is tested with each feature.

const PAGES = [
  "/",
  "/systems",
  "/systems/invoice-pipeline",
  "/systems/invoice-pipeline/edit",
  "/systems/invoice-pipeline/history",
  "/failure-modes",
  "/contacts",
  "/teams",
  "/teams/devops",
  "/search?q=timeout",
  "/alerts?name=NoSuchAlert",
  "/readiness",
  "/runs",
  "/approvals",
  "/approvals?show=decided",
  "/audit",
  "/incidents/INC-2041",
  "/import",
  "/coverage",
  "/export",
  "/settings/tokens",
  "/settings/notifications",
  "/admin/users",
  "/admin/settings",
  "/admin/destinations",
  "/admin/jobs",
  "/api/docs",
];

for (const path of PAGES) {
  test(`no serious accessibility violations on ${path}`, async ({ page }) => {
    // The API reference is one long page of tables (every operation and schema): axe needs longer than the default on it.
    if (path === "/api/docs") test.slow();
    await page.goto(path);
    expect(await seriousViolations(page)).toEqual([]);
  });
}

// An ended run of the demo data (runs.spec checks an open one, with its step-by-step controls).
test("no serious accessibility violations on an ended run", async ({ page }) => {
  await page.goto("/runs");
  await page.getByRole("link", { name: /Incident · Unblock invoice processing/ }).first().click();
  // The run's page, whole (title and all), before it is checked: the click navigates in the page.
  await expect(page).toHaveURL(/\/runs\/[a-z0-9]+$/);
  await expect(page).toHaveTitle(/Unblock invoice processing/);
  expect(await seriousViolations(page)).toEqual([]);
});

// A long export's page, running and done (lib/tasks/long-tasks.ts).
test("no serious accessibility violations on a task's page", async ({ page }) => {
  await page.goto("/export");
  await page.getByRole("button", { name: "Prepare runbook files (.zip)" }).click();
  await expect(page).toHaveURL(/\/tasks\/c[a-z0-9]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Runbook files (.zip)" })).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);
  await expect(page.getByRole("heading", { level: 2, name: "Done" })).toBeVisible({ timeout: 60_000 });
  expect(await seriousViolations(page)).toEqual([]);
});
