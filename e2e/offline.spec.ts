import type { Page } from "@playwright/test";
import { contextAs, expect, query, test } from "./fixtures";

// Readable when the portal is down: the service worker (public/sw.js) keeps the pages a
// person opened and every page of a system they keep offline, serves them with the time
// they were saved when the network is gone, and forgets them all on sign-out. Each test
// has a person of its own: signing out ends a session, and the saved pages are theirs.

type Copy = { path: string; title: string; savedAt: string };

/** What the worker keeps for this page's person, as /offline lists it. */
async function savedPaths(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    return new Promise<string[]>((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(((event.data as { copies?: Copy[] }).copies ?? []).map((copy) => copy.path));
      registration.active!.postMessage({ type: "list" }, [channel.port2]);
    });
  });
}

async function failureModeOf(slug: string) {
  const [row] = await query<{ id: string; title: string; alert: string }>(
    `SELECT f.id, f.title, f."alertNames"[1] AS alert FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1 AND f."deletedAt" IS NULL ORDER BY f.severity, f.title LIMIT 1`,
    [slug],
  );
  return row!;
}

test("an opened overview and a system kept offline read offline with when they were saved; signing out forgets them", async ({ browser, page }) => {
  const person = await contextAs(browser, page, "Viewer");
  const phone = person.page;
  await phone.setViewportSize({ width: 390, height: 844 });

  await phone.goto("/systems/invoice-pipeline");
  await expect(phone.getByRole("heading", { level: 1, name: "Invoice processing pipeline" })).toBeVisible();
  await expect.poll(() => savedPaths(phone)).toContain("/systems/invoice-pipeline");

  // The other system: kept offline, so its failure modes are there without ever being opened.
  await phone.goto("/systems/ad-performance-pull");
  const keep = phone.getByRole("button", { name: "Keep offline" });
  await keep.click();
  await expect(phone.getByRole("button", { name: "✓ Kept offline" })).toHaveAttribute("aria-pressed", "true");
  await expect(phone.getByText(/^\d+ pages saved on this device, /)).toBeVisible();
  const unopened = await failureModeOf("ad-performance-pull");
  expect(await savedPaths(phone)).toEqual(expect.arrayContaining(["/systems/ad-performance-pull", `/failure-modes/${unopened.id}`]));

  await person.context.setOffline(true);
  await phone.goto("/systems/invoice-pipeline");
  await expect(phone.getByRole("heading", { level: 1, name: "Invoice processing pipeline" })).toBeVisible();
  await expect(phone.getByRole("status").filter({ hasText: "Offline copy" })).toContainText(/Offline copy, saved \d{1,2} \w{3} \d{4}, \d\d:\d\d\. It may be out of date/);
  await expect(phone.locator("main")).toContainText("Check logs in /aws/lambda/invoice-parser");
  // Read-only: no form of the page is offered offline.
  await expect(phone.getByRole("button", { name: "Mark reviewed" })).toHaveCount(0);

  await phone.goto(`/failure-modes/${unopened.id}`);
  await expect(phone.getByRole("heading", { level: 1, name: unopened.title })).toBeVisible();
  await expect(phone.getByRole("status").filter({ hasText: "Offline copy" })).toBeVisible();
  await expect(phone.getByRole("region", { name: "Immediate actions" })).toBeVisible();

  // Its one-page sheet too, as it prints.
  await phone.goto("/systems/ad-performance-pull/print");
  await expect(phone.getByRole("heading", { level: 1, name: "Daily ad-performance pull" })).toBeVisible();
  await expect(phone.getByRole("status").filter({ hasText: "Offline copy" })).toBeVisible();

  // An alert's address leads to its saved failure mode, as it does online.
  await phone.goto(`/alerts/${unopened.alert}`);
  await expect(phone.getByRole("heading", { level: 1, name: unopened.title })).toBeVisible();

  // The offline index lists what is saved; a page never saved says so and links there.
  await phone.goto("/offline");
  await expect(phone.getByRole("heading", { level: 1, name: "Saved for offline reading" })).toBeVisible();
  await expect(phone.getByRole("link", { name: unopened.title })).toBeVisible();
  await expect(phone.getByText("Kept offline: Daily ad-performance pull")).toBeVisible();
  await phone.goto("/contacts");
  await expect(phone.getByRole("status")).toContainText("This page (/contacts) was not saved on this device");

  // Back online, the person signs out: everything saved goes, and offline shows no runbook.
  await person.context.setOffline(false);
  await phone.goto("/");
  await phone.locator("summary", { hasText: "Menu" }).click();
  await phone.getByRole("button", { name: "Sign out" }).click();
  await expect(phone).toHaveURL(/\/login\?signedOut=1$/);
  expect((await phone.evaluate(() => caches.keys())).filter((name) => name.startsWith("rbp-pages-"))).toEqual([]);
  await person.context.setOffline(true);
  await phone.goto("/systems/invoice-pipeline").catch(() => null);
  await expect(phone.getByText("Check logs in")).toHaveCount(0);
  await phone.goto(`/failure-modes/${unopened.id}`).catch(() => null);
  await expect(phone.getByText(unopened.title)).toHaveCount(0);
  await person.context.close();
});

test("pages saved for one person are never shown to another on the same device", async ({ browser, page }) => {
  const first = await contextAs(browser, page, "Viewer");
  await first.page.goto("/systems/invoice-pipeline");
  await expect.poll(() => savedPaths(first.page)).toContain("/systems/invoice-pipeline");

  // Someone else signs in in the same browser (the first person's session simply expired, say).
  const second = await contextAs(browser, page, "Viewer");
  const theirs = (await second.context.cookies()).filter((cookie) => cookie.name.includes("session-token"));
  await first.context.clearCookies();
  await first.context.addCookies(theirs);
  await first.page.goto("/systems/ad-performance-pull");
  await expect(first.page.getByRole("heading", { level: 1, name: "Daily ad-performance pull" })).toBeVisible();
  await expect.poll(() => savedPaths(first.page)).toEqual(["/systems/ad-performance-pull"]);

  await first.context.setOffline(true);
  await first.page.goto("/systems/invoice-pipeline");
  await expect(first.page.getByRole("status")).toContainText("was not saved on this device");
  await expect(first.page.getByRole("heading", { name: "Invoice processing pipeline" })).toHaveCount(0);
  await first.context.close();
  await second.context.close();
});
