import type { APIRequestContext } from "@playwright/test";
import { contextAs, expect, query, test, unique } from "./fixtures";
import { E2E } from "./env";

// Each attack the security review found, replayed against the production build: each
// test fails without its fix. Here: signing in and out (where a sign-in leads, sessions,
// guessed passwords) and accounts.

const OFF_SITE = ["/%5Cevil.example", "/%09/evil.example", "/%0A/evil.example", "/%0D/evil.example", "/%5C/evil.example", "//evil.example", "/.//evil.example", "https://evil.example/"];

test("after sign-in, and when already signed in, every callbackUrl variant stays on this site", async ({ page, browser }) => {
  const site = new URL(E2E.baseURL).host;
  for (const variant of OFF_SITE) {
    const answer = await page.request.get(`/login?callbackUrl=${variant}`, { maxRedirects: 0 });
    expect(answer.status(), variant).toBeLessThan(400);
    const location = answer.headers().location;
    expect(location, variant).toBeTruthy();
    expect(new URL(location!, E2E.baseURL).host, variant).toBe(site);
  }
  const user = await contextAs(browser, page, "Viewer");
  await user.context.close();
  for (const variant of OFF_SITE.slice(0, 4)) {
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const visitor = await context.newPage();
    await visitor.goto(`/login?callbackUrl=${variant}`);
    await visitor.getByLabel("Email").fill(user.email);
    await visitor.getByLabel("Password").fill(user.password);
    await visitor.getByRole("button", { name: "Sign in" }).click();
    await expect(visitor.getByRole("heading", { name: "Dashboard" })).toBeVisible();
    expect(new URL(visitor.url()).host, variant).toBe(site);
    await context.close();
  }
});

test("restoring an account version returns to that account's history; viewers never see account changes", async ({ page, browser }) => {
  const viewer = await contextAs(browser, page, "Viewer");
  const { id } = (await query<{ id: string }>(`SELECT id FROM "User" WHERE email = $1`, [viewer.email]))[0]!;
  await page.goto("/admin/users");
  const row = page.getByRole("row", { name: new RegExp(viewer.name) });
  await row.getByLabel(`Role of ${viewer.name}`, { exact: true }).selectOption({ label: "Editor" });
  await row.getByRole("button", { name: `Save role of ${viewer.name}` }).click();
  await expect(row.getByRole("status")).toContainText("Saved");

  await page.goto("/");
  await expect(page.getByRole("region", { name: "Recent changes" })).toContainText("Role set to editor");
  await viewer.page.goto("/");
  await expect(viewer.page.getByRole("heading", { name: "Recent changes" })).toBeVisible();
  await expect(viewer.page.getByRole("region", { name: "Recent changes" })).not.toContainText("Role set to");
  await expect(viewer.page.getByRole("region", { name: "Recent changes" })).not.toContainText("Added as");

  await page.goto("/admin/users");
  await page.getByRole("link", { name: `History of ${viewer.name}’s account` }).click();
  await expect(page.getByRole("heading", { name: `History of ${viewer.name}’s account` })).toBeVisible();
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page).toHaveURL(new RegExp(`/admin/users/${id}/history\\?restored=1$`));
  await expect(page.getByRole("status")).toContainText("Version 1 was restored as version 3");
  expect(await query(`SELECT role FROM "User" WHERE id = $1`, [id])).toEqual([{ role: "VIEWER" }]);
  await viewer.context.close();
});

test("signing out ends the session on the server, and an admin signs someone out everywhere", async ({ page, browser }) => {
  const leaving = await contextAs(browser, page, "Viewer");
  const cookies = await leaving.context.cookies();
  // A draft kept in this browser (as run notes are) does not outlive the session.
  await leaving.page.evaluate(() => window.localStorage.setItem("rbp-draft-test", "kept while signed in"));
  await leaving.page.locator("summary", { hasText: leaving.name }).click();
  await leaving.page.getByRole("button", { name: "Sign out" }).click();
  await expect(leaving.page).toHaveURL(/\/login/);
  await expect.poll(() => leaving.page.evaluate(() => window.localStorage.length)).toBe(0);
  // The cookie as it was before signing out, replayed from elsewhere, opens nothing.
  const replay = await browser.newContext({ storageState: { cookies, origins: [] } });
  const replayed = await replay.newPage();
  await replayed.goto("/systems");
  await expect(replayed).toHaveURL(/\/login/);
  await replay.close();
  await leaving.context.close();

  const lost = await contextAs(browser, page, "Editor");
  await page.goto("/admin/users");
  const row = page.getByRole("row", { name: new RegExp(lost.name) });
  await expect(row).toContainText("1 open session");
  await row.getByRole("button", { name: `Sign ${lost.name} out everywhere` }).click();
  await expect(row.getByRole("status")).toContainText("Signed out of 1 session.");
  await lost.page.goto("/systems");
  await expect(lost.page).toHaveURL(/\/login/);
  await lost.context.close();
});

async function attemptSignIn(request: APIRequestContext, email: string, password: string, address: string) {
  const headers = { "X-Forwarded-For": address };
  const { csrfToken } = (await (await request.get("/api/auth/csrf", { headers })).json()) as { csrfToken: string };
  return request.post("/api/auth/callback/credentials", { headers, form: { email, password, csrfToken, json: "true" } });
}

test("wrong passwords are answered 429 after the free attempts, per account and per address, while others sign in", async ({ page, browser, playwright }) => {
  const target = await contextAs(browser, page, "Viewer");
  await target.context.close();
  const request = await playwright.request.newContext({ baseURL: E2E.baseURL });
  const address = `198.51.100.${10 + Math.floor(Math.random() * 200)}`;

  // One account: five free attempts, then blocked from anywhere, the right password included.
  const statuses: number[] = [];
  for (let i = 0; i < 7; i++) statuses.push((await attemptSignIn(request, target.email, `wrong guess ${i}`, address)).status());
  expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
  const blocked = await attemptSignIn(request, target.email, target.password, "192.0.2.77");
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()["retry-after"])).toBeGreaterThanOrEqual(1);
  const [counter] = await query<{ points: number }>(`SELECT points FROM "SignInLimit" WHERE key = $1`, [`fail:account:account:${target.email}`]);
  expect(counter!.points).toBeGreaterThanOrEqual(5);

  // One address spraying many accounts: twenty free, then every account is blocked from there.
  const sprayer = `203.0.113.${10 + Math.floor(Math.random() * 200)}`;
  const spray: number[] = [];
  for (let i = 0; i < 24; i++) spray.push((await attemptSignIn(request, `${unique("nobody").replace(/\s/g, "-")}@example.com`, "guess", sprayer)).status());
  expect(spray).toEqual([...Array(20).fill(401), 429, 429, 429, 429]);

  // Someone else, elsewhere, signs in as usual.
  const colleague = await contextAs(browser, page, "Editor");
  await colleague.context.close();
  expect((await attemptSignIn(request, colleague.email, colleague.password, "192.0.2.200")).status()).toBe(200);
  await request.dispose();
});
