import { request as apiRequest } from "@playwright/test";
import { createSystem, expect, newToken, query, slugOf, test, unique } from "./fixtures";

// The API on the production server: a token from /settings/tokens reads an alert's runbook
// and changes an entry with If-Match; the portal's own cookie works from its pages but not
// for writes from elsewhere; the server's own refusals are problem details too; and the
// reference at /api/docs is rendered by the portal, with no scripts from anywhere else.

test("a bot with a token: the runbook for an alert, a failure mode created and changed with If-Match, and a stale change refused", async ({ page, baseURL }) => {
  const secret = await newToken(page, "WRITE");
  const api = await apiRequest.newContext({ baseURL, storageState: { cookies: [], origins: [] }, extraHTTPHeaders: { Authorization: `Bearer ${secret}` } });

  const alert = await api.get("/api/v1/alerts/InvoiceParserTimeout");
  expect(alert.status()).toBe(200);
  const runbook = await alert.json();
  expect(runbook.failureModes[0].system.slug).toBe("invoice-pipeline");
  expect(runbook.failureModes[0].url).toBe(`${baseURL}/failure-modes/${runbook.failureModes[0].id}`);
  expect(runbook.failureModes[0].immediateActions.length).toBeGreaterThan(0);

  // On a system of its own: the demo systems stay as other specs expect them.
  const system = unique("Api pipeline");
  const slug = slugOf(system);
  expect((await api.post("/api/v1/systems", { data: { slug, name: system, tier: "TIER_2" } })).status()).toBe(201);
  const title = unique("Parser backlog");
  const created = await api.post("/api/v1/failure-modes", {
    data: { system: slug, title, severity: "SEV3", alertNames: [`Backlog${Date.now()}`], changeNote: "New alert from the pipeline" },
  });
  expect(created.status()).toBe(201);
  const entry = await created.json();
  expect(created.headers()["etag"]).toBe('"1"');

  const changed = await api.patch(`/api/v1/failure-modes/${entry.id}`, { data: { severity: "SEV2", changeNote: "Pages customers" }, headers: { "If-Match": '"1"' } });
  expect(changed.status()).toBe(200);
  const stale = await api.patch(`/api/v1/failure-modes/${entry.id}`, { data: { severity: "SEV4", changeNote: "stale" }, headers: { "If-Match": '"1"' } });
  expect(stale.status()).toBe(412);
  expect(stale.headers()["content-type"]).toBe("application/problem+json");
  expect(await query(`SELECT severity::text, version FROM "FailureMode" WHERE id = $1`, [entry.id])).toEqual([{ severity: "SEV2", version: 2 }]);

  // The page shows what the API wrote, with its history.
  await page.goto(`/failure-modes/${entry.id}/history`);
  await expect(page.getByText("Pages customers")).toBeVisible();

  // The server's own refusal of a huge body is a problem too.
  const huge = await api.post("/api/v1/contacts", { data: { name: "Huge", kind: "TEAM", notes: "x".repeat(3 * 1024 * 1024) } });
  expect(huge.status()).toBe(413);
  expect(await huge.json()).toMatchObject({ status: 413, type: "/api/docs#problem-too-large" });
  await api.dispose();
});

test("the portal's cookie on the API: reads, and writes from its own pages only", async ({ page }) => {
  const me = await page.request.get("/api/v1/me");
  expect(await me.json()).toMatchObject({ role: "ADMIN", scope: "SESSION" });
  const slug = await createSystem(page, unique("Cookie review"));

  const [system] = await query<{ version: number }>(`SELECT version FROM "System" WHERE slug = $1`, [slug]);
  const crossSite = await page.request.post(`/api/v1/systems/${slug}/review`, { headers: { "If-Match": `"${system!.version}"`, "Sec-Fetch-Site": "cross-site" } });
  expect(crossSite.status()).toBe(403);
  expect(await crossSite.json()).toMatchObject({ title: "Cross-site request refused" });
  expect(await query(`SELECT version FROM "System" WHERE slug = $1`, [slug])).toEqual([{ version: system!.version }]);

  // A page of the portal calling the API: the browser marks it same-origin.
  await page.goto(`/systems/${slug}`);
  const status = await page.evaluate(
    async ([address, version]) => (await fetch(address, { method: "POST", headers: { "If-Match": `"${version}"` } })).status,
    [`/api/v1/systems/${slug}/review`, system!.version] as const,
  );
  expect(status).toBe(200);
  expect(await query(`SELECT version FROM "System" WHERE slug = $1`, [slug])).toEqual([{ version: system!.version + 1 }]);
});

test("/api/docs: the reference rendered by the portal from its OpenAPI document, with no scripts from elsewhere", async ({ page, baseURL }) => {
  const outside: string[] = [];
  page.on("request", (request) => {
    if (!request.url().startsWith(baseURL!)) outside.push(request.url());
  });
  await page.goto("/settings/tokens");
  await page.getByRole("link", { name: "API reference" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  const alerts = page.getByRole("article", { name: /GET \/api\/v1\/alerts\/\{name\}/ });
  await expect(alerts).toContainText("The runbook for an alert");
  await alerts.getByRole("link", { name: "AlertRunbook" }).click();
  await expect(page).toHaveURL(/#schema-AlertRunbook$/);
  await expect(page.getByRole("article", { name: "FailureModeCreate" })).toContainText("alertNames");
  await expect(page.locator("#problem-precondition-failed")).toContainText("412");
  for (const src of await page.locator("script[src]").evaluateAll((scripts) => scripts.map((s) => (s as HTMLScriptElement).src))) expect(src.startsWith(baseURL!)).toBe(true);
  expect(outside).toEqual([]);
  const document = await page.request.get("/api/v1/openapi.json");
  expect((await document.json()).openapi).toMatch(/^3\.1/);
});
