import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test as base, type Browser, type Page } from "@playwright/test";
import pg from "pg";
import AxeBuilder from "@axe-core/playwright";
import { E2E } from "./env";

/** A name no other test uses, so specs can run side by side on one database. */
export function unique(prefix: string) {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

export function slugOf(name: string) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

// Content-Security-Policy violations anywhere in a test fail it: the suite runs with the policy on.
const violations: string[] = [];

/** Records CSP violations reported on `page` (the default page is watched already). */
export function watchConsole(page: Page) {
  page.on("console", (message) => {
    // Chromium reports each violation on the console: "Refused to load/execute/apply/connect/evaluate/create/frame …".
    if (/Content Security Policy|Refused to \w+/i.test(message.text())) violations.push(`${page.url()}: ${message.text()}`);
  });
}

/** The violations reported so far in this test, for a test that causes one on purpose; they no longer fail it. */
export function takeViolations(): string[] {
  return violations.splice(0);
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("link", { name: "Runbook Portal" })).toBeVisible();
}

/** A browser context signed in as a new user of `role`, added by the admin through the Users page. */
export async function contextAs(browser: Browser, adminPage: Page, role: "Viewer" | "Editor" | "Admin") {
  const name = unique(role);
  const email = `${slugOf(name)}@example.com`;
  const password = "a long enough password";
  await adminPage.goto("/admin/users");
  await adminPage.getByLabel("Name").fill(name);
  await adminPage.getByLabel("Email").fill(email);
  await adminPage.getByLabel("Role", { exact: true }).selectOption({ label: role });
  await adminPage.getByLabel("Password").fill(password);
  await adminPage.getByRole("button", { name: "Add user" }).click();
  await expect(adminPage.getByRole("status")).toContainText(`Added ${name}`);
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  watchConsole(page);
  await signIn(page, email, password);
  return { context, page, name, email, password };
}

/** A personal access token of the page's user, made through /settings/tokens, as a script's author would. */
export async function newToken(page: Page, scope: "READ" | "WRITE" | "INGEST") {
  await page.goto("/settings/tokens");
  await page.getByLabel("Name").fill(unique("e2e token"));
  await page.getByLabel("Scope").selectOption(scope);
  await page.getByRole("button", { name: "Create token" }).click();
  await expect(page.getByTestId("new-token")).toBeVisible();
  return (await page.getByTestId("new-token").textContent())!.trim();
}

/** Direct read access to the e2e database, for assertions a page cannot make. */
export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []) {
  const { postgresPassword } = JSON.parse(readFileSync(join(E2E.dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
  const client = new pg.Client({ host: "127.0.0.1", port: E2E.pgPort, user: "postgres", password: postgresPassword, database: "postgres" });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Creates a system through the form and returns its slug. */
export async function createSystem(page: Page, name: string, purpose = "Takes payments from the web shop.") {
  await page.goto("/systems/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Purpose").fill(purpose);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** The fields of the form holding `button`, exactly as the browser would submit them (Next.js's action fields included). */
export async function formFields(page: Page, button: string): Promise<[string, string][]> {
  return page
    .locator("form")
    .filter({ has: page.getByRole("button", { name: button, exact: true }) })
    .first()
    .evaluate((form) => [...new FormData(form as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)] as [string, string]));
}

export function toFormData(fields: [string, string][]): FormData {
  const data = new FormData();
  for (const [name, value] of fields) data.append(name, value);
  return data;
}

export const test = base.extend<{ cspGuard: void }>({
  cspGuard: [
    async ({ page }, use) => {
      violations.length = 0;
      watchConsole(page);
      await use();
      expect(violations, "Content-Security-Policy violations").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

/** The serious and critical axe violations (WCAG 2.1 A and AA) of the page shown now. */
export async function seriousViolations(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  return serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}
