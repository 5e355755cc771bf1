import { expect, takeViolations, test, unique } from "./fixtures";
import { expectSays } from "./hardening-helpers";

// Each attack the security review found, replayed against the production build: each
// test fails without its fix. Here: the security headers every page carries, and
// requests refused at the door.

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
