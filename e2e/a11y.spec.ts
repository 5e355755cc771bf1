import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "./fixtures";

// Automated accessibility checks (axe-core, WCAG 2.1 A and AA rules) on the pages
// on-call people use most. Keyboard use is tested with each feature.

const PAGES = [
  "/",
  "/systems",
  "/systems/invoice-pipeline",
  "/systems/invoice-pipeline/edit",
  "/systems/invoice-pipeline/history",
  "/failure-modes",
  "/contacts",
  "/search?q=timeout",
  "/alerts?name=NoSuchAlert",
  "/api/docs",
];

for (const path of PAGES) {
  test(`no serious accessibility violations on ${path}`, async ({ page }) => {
    // The API reference is one long page of tables (every operation and schema): axe needs longer than the default on it.
    if (path === "/api/docs") test.slow();
    await page.goto(path);
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
  });
}
