import type { APIRequestContext } from "@playwright/test";
import { contextAs, createSystem, expect, formFields, query, takeViolations, test, toFormData, unique } from "./fixtures";
import { E2E } from "./env";

// Each attack the security review found, replayed against the production build: each
// test fails without its fix.

/** That an answer's page says `expected` (without printing the whole page when it does not). */
async function expectSays(answer: import("@playwright/test").APIResponse, expected: string | RegExp) {
  const text = await answer.text();
  const found = typeof expected === "string" ? text.includes(expected) : expected.test(text);
  expect(found, `the answer (${answer.status()}) should say ${String(expected)}`).toBe(true);
}

test("a viewer's forged save with prototype-polluting or huge-index field names changes nothing, and the portal keeps answering everyone", async ({ page, browser }) => {
  const name = unique("Pollution target");
  const slug = await createSystem(page, name, "Stays exactly as it is.");
  await page.goto(`/systems/${slug}/edit`);
  await page.getByLabel("Change note").fill("forged");
  const fields = await formFields(page, "Save");

  const viewer = await contextAs(browser, page, "Viewer");
  const attacks: [string, string][] = [
    ["__proto__.escalation", "polluted"],
    ["constructor.prototype.escalation", "polluted"],
    ["links.0.__proto__", "polluted"],
    ["alertNames.1000000000", "x"],
  ];
  for (const attack of attacks) {
    const answer = await viewer.context.request.post(`/systems/${slug}/edit`, { multipart: toFormData([...fields, attack]) });
    expect(answer.status(), attack[0]).toBeLessThan(500);
  }
  // An editor passes the role check; the form parser then refuses each name, saying why.
  const refusals = [/not one this portal uses/, /not one this portal uses/, /not one this portal uses/, /past 1000 entries/];
  for (const [index, attack] of attacks.entries()) {
    const answer = await page.context().request.post(`/systems/${slug}/edit`, { multipart: toFormData([...fields, attack]) });
    expect(answer.status(), attack[0]).toBe(200);
    await expectSays(answer, refusals[index]!);
  }

  // Everyone else is still served: a signed-out visitor's sign-in page, and signed-in pages.
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await stranger.request.get("/login")).status()).toBe(200);
  await stranger.close();
  await page.goto(`/systems/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await viewer.page.goto("/systems");
  await expect(viewer.page.getByRole("heading", { name: "Systems", level: 1 })).toBeVisible();
  expect(await query(`SELECT purpose, version FROM "System" WHERE slug = $1`, [slug])).toEqual([{ purpose: "Stays exactly as it is.", version: 1 }]);
  await viewer.context.close();
});

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

/** Creates a child entry of a system through its form; returns its id. */
async function createChild(page: import("@playwright/test").Page, slug: string, segment: string, fill: Record<string, string>) {
  await page.goto(`/systems/${slug}/${segment}/new`);
  for (const [label, value] of Object.entries(fill)) {
    const field = page.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption({ label: value });
    else await field.fill(value);
  }
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 1");
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** The bound arguments of the form's server action, which the browser sends back as JSON. */
function withBound(fields: [string, string][], edit: (bound: unknown[]) => unknown[]): [string, string][] {
  return fields.map(([key, value]) => (/^\$ACTION_\d+:1$/.test(key) ? [key, JSON.stringify(edit(JSON.parse(value) as unknown[]))] : [key, value]));
}

test("a forged system id cannot move an entry, link another system's procedure or make a system depend on itself", async ({ page }) => {
  const slug = await createSystem(page, unique("Forgery target"));
  const { id: systemId } = (await query<{ id: string }>(`SELECT id FROM "System" WHERE slug = $1`, [slug]))[0]!;
  const { id: otherSystem, procedure } = (await query<{ id: string; procedure: string }>(
    `SELECT s.id, p.id AS procedure FROM "System" s JOIN "RemediationProcedure" p ON p."systemId" = s.id WHERE s.slug = 'ad-performance-pull' LIMIT 1`,
  ))[0]!;
  const failureMode = await createChild(page, slug, "failure-modes", { Title: unique("Stuck queue"), Severity: "SEV3 · medium" });

  await page.goto(`/failure-modes/${failureMode}/edit`);
  await page.getByLabel("Change note").fill("forged");
  const fields = await formFields(page, "Save");
  const forged = withBound(fields, ([type, id, , ...rest]) => [type, id, otherSystem, ...rest]);
  const answer = await page.request.post(`/failure-modes/${failureMode}/edit`, { multipart: toFormData([...forged, ["procedureIds[]", procedure]]) });
  expect(answer.status()).toBe(200);
  await expectSays(answer, "Pick procedures of this system that still exist");
  // A changed bound type is refused outright.
  const retyped = await page.request.post(`/failure-modes/${failureMode}/edit`, { multipart: toFormData(withBound(fields, ([, ...rest]) => ["USER", ...rest])) });
  await expectSays(retyped, "This form does not match any entry of the portal");
  expect(await query(`SELECT "systemId", version FROM "FailureMode" WHERE id = $1`, [failureMode])).toEqual([{ systemId, version: 1 }]);
  expect(await query(`SELECT count(*)::int AS n FROM "_FailureModeToRemediationProcedure" WHERE "A" = $1`, [failureMode])).toEqual([{ n: 0 }]);

  const dependency = await createChild(page, slug, "dependencies", { Name: unique("Upstream"), Kind: "Internal system" });
  await page.goto(`/dependencies/${dependency}/edit`);
  await page.getByLabel("Change note").fill("forged");
  const depFields = await formFields(page, "Save");
  const selfLink = withBound(depFields, ([type, id, , ...rest]) => [type, id, otherSystem, ...rest]).map(([key, value]) =>
    key === "dependsOnSystemId" ? ([key, systemId] as [string, string]) : ([key, value] as [string, string]),
  );
  const selfAnswer = await page.request.post(`/dependencies/${dependency}/edit`, { multipart: toFormData(selfLink) });
  await expectSays(selfAnswer, "A system cannot depend on itself");
  expect(await query(`SELECT "systemId", "dependsOnSystemId", version FROM "Dependency" WHERE id = $1`, [dependency])).toEqual([
    { systemId, dependsOnSystemId: null, version: 1 },
  ]);
});

test("a restore that would link a procedure deleted since is refused with the reason, and writes nothing", async ({ page }) => {
  const slug = await createSystem(page, unique("Restore guard"));
  const procedureTitle = unique("Replay the queue");
  const procedure = await createChild(page, slug, "procedures", { Title: procedureTitle });
  const failureMode = await createChild(page, slug, "failure-modes", { Title: unique("Queue stuck"), Severity: "SEV2 · high" });

  await page.goto(`/failure-modes/${failureMode}/edit`);
  await page.getByRole("checkbox", { name: procedureTitle }).check();
  await page.getByLabel("Change note").fill("Link the replay");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 2");
  await page.goto(`/failure-modes/${failureMode}/edit`);
  await page.getByRole("checkbox", { name: procedureTitle }).uncheck();
  await page.getByLabel("Change note").fill("Unlink the replay");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 3");

  await page.goto(`/procedures/${procedure}`);
  await page.getByText("Delete this procedure").click();
  await page.getByLabel("Change note").fill("Obsolete");
  await page.getByRole("button", { name: "Delete procedure" }).click();
  await expect(page.getByText(/was deleted/).first()).toBeVisible();

  await page.goto(`/failure-modes/${failureMode}/history`);
  await page.getByRole("button", { name: "Restore version 2" }).click();
  await expect(page.getByText("Version 2 cannot be restored: it links to a procedure that was deleted since")).toBeVisible();
  expect(await query(`SELECT version FROM "FailureMode" WHERE id = $1`, [failureMode])).toEqual([{ version: 3 }]);
  expect(await query(`SELECT count(*)::int AS n FROM "_FailureModeToRemediationProcedure" WHERE "A" = $1`, [failureMode])).toEqual([{ n: 0 }]);
});

test("two people restore, or mark reviewed, at the same moment: the second is told someone else saved first", async ({ page, browser }) => {
  const slug = await createSystem(page, unique("Race"));
  await page.goto(`/systems/${slug}/edit`);
  await page.getByLabel("Purpose").fill("Second purpose.");
  await page.getByLabel("Change note").fill("v2");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 2");

  const other = await contextAs(browser, page, "Editor");
  await page.goto(`/systems/${slug}/history`);
  await other.page.goto(`/systems/${slug}/history`);
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("status")).toContainText("Version 1 was restored as version 3");
  await other.page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(other.page.getByText("Someone else changed this entry since this page was loaded (it is now version 3)")).toBeVisible();

  await page.goto(`/systems/${slug}`);
  await other.page.goto(`/systems/${slug}`);
  await page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked as reviewed today." })).toBeVisible();
  await other.page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(other.page.getByText("Someone else saved this system since this page was loaded (it is now version 4)")).toBeVisible();
  expect(await query(`SELECT version FROM "System" WHERE slug = $1`, [slug])).toEqual([{ version: 4 }]);
  await other.context.close();
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
  await leaving.page.locator("summary", { hasText: leaving.name }).click();
  await leaving.page.getByRole("button", { name: "Sign out" }).click();
  await expect(leaving.page).toHaveURL(/\/login/);
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

test("pages carry a nonce-based Content-Security-Policy that blocks injected scripts, and the other security headers", async ({ page }) => {
  const first = await page.goto("/systems");
  const headers = first!.headers();
  const policy = headers["content-security-policy"]!;
  const nonce = policy.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  expect(policy).not.toContain("unsafe-inline");
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["strict-transport-security"]).toBeUndefined();
  const html = await first!.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  const second = await page.request.get("/systems");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce!);

  // The app works under the policy (the suite runs with it); a script injected into the page does not run.
  await expect(page.getByRole("heading", { name: "Systems", level: 1 })).toBeVisible();
  // The classic stored-XSS shape: markup with an inline event handler slipped into the page.
  await page.evaluate(() => document.body.insertAdjacentHTML("beforeend", `<img alt="" src="/no-such-image.png" onerror="window.__injected = true">`));
  await expect.poll(() => takeViolations().join("\n")).toMatch(/Content Security Policy/);
  expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected ?? false)).toBe(false);

  // Behind a TLS proxy (trusted here: the tests stand in for one on this host): HSTS, and mixed content upgraded.
  const https = await page.request.get("/login", { headers: { "X-Forwarded-Proto": "https" } });
  expect(https.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(https.headers()["content-security-policy"]).toContain("upgrade-insecure-requests");
});

test("too much text is refused with a message and what was typed is kept; a NUL byte in an address is a 400", async ({ page }) => {
  await page.goto("/systems/new");
  await page.getByLabel("Name", { exact: true }).fill(unique("Big text"));
  const huge = "log line that someone pasted whole\n".repeat(65_000);
  // Pasted at once (typing two megabytes key by key would take minutes).
  await page.getByLabel("Purpose").evaluate((field, text) => ((field as HTMLTextAreaElement).value = text), huge);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/This form holds 2\.\d MB of text; one save takes at most/)).toBeVisible();
  expect((await page.getByLabel("Purpose").inputValue()).length).toBe(huge.length);

  // Under the request limit but over the field's: the server says so under the field, and keeps the text.
  const long = "x".repeat(1_100_000);
  await page.getByLabel("Purpose").evaluate((field, text) => ((field as HTMLTextAreaElement).value = text), long);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Keep this under 20,000 characters")).toBeVisible();
  expect((await page.getByLabel("Purpose").inputValue()).length).toBe(long.length);

  const tooBig = await page.request.post("/systems/new", { multipart: { name: "x", purpose: "y".repeat(3 * 1024 * 1024) } });
  expect(tooBig.status()).toBe(413);
  await expectSays(tooBig, "Too much to send at once");

  expect((await page.request.get("/api/search?q=a%00b")).status()).toBe(400);
  expect((await page.request.get("/alerts/Name%00", { maxRedirects: 0 })).status()).toBe(400);
  expect((await page.request.get("/failure-modes/%00")).status()).toBe(400);
});

test("TRACE and other methods no part of the portal takes are answered 405 with Allow, signed in or not, pages and API alike", async ({ page, browser }) => {
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  try {
    for (const [who, request] of [["signed in", page.request], ["signed out", stranger.request]] as const) {
      for (const [method, path] of [["TRACE", "/"], ["TRACE", "/systems"], ["TRACE", "/api/v1/systems"], ["PROPFIND", "/login"]] as const) {
        const answer = await request.fetch(path, { method, maxRedirects: 0 });
        expect(answer.status(), `${who}: ${method} ${path}`).toBe(405);
        expect(answer.headers().allow).toBe("GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS");
      }
    }
    expect((await stranger.request.get("/login")).status()).toBe(200);
  } finally {
    await stranger.close();
  }
});
