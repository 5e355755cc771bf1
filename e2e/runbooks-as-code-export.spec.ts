import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { unzipSync } from "fflate";
import type { Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { downloaded } from "./runbooks-as-code-helpers";

// Runbooks as code through the browser: export downloads (the whole portal made by a job,
// followed on its page), and the offline bundle opened from file://.

/** Starts an export on /export, follows its page until it is ready, and downloads it. */
async function prepared(page: Page, button: string) {
  await page.goto("/export");
  await page.getByRole("button", { name: button }).click();
  await expect(page).toHaveURL(/\/tasks\/c[a-z0-9]+$/);
  await expect(page.getByRole("heading", { level: 2, name: "Done" })).toBeVisible({ timeout: 60_000 });
  await expect(page.getByRole("status")).toContainText(/Ready: \d+ systems in \d+ files/);
  return downloaded(page, () => page.getByRole("link", { name: /^Download / }).click());
}

test("the portal and one system export as runbook files", async ({ page }) => {
  const all = await prepared(page, "Prepare runbook files (.zip)");
  expect(all.name).toMatch(/^runbooks-\d{4}-\d\d-\d\d\.zip$/);
  const files = unzipSync(new Uint8Array(all.bytes));
  expect(Object.keys(files)).toEqual(expect.arrayContaining(["contacts.yaml", "systems/invoice-pipeline.yaml", "systems/ad-performance-pull.yaml"]));
  expect(new TextDecoder().decode(files["systems/invoice-pipeline.yaml"])).toMatch(/^format: runbook-portal\/v1\nkind: system\nslug: invoice-pipeline\n/);

  await page.goto("/systems/invoice-pipeline");
  await page.locator("summary", { hasText: "Download" }).click();
  const one = await downloaded(page, () => page.getByRole("link", { name: "Export YAML" }).click());
  expect(one.name).toBe("invoice-pipeline.yaml");
  const text = one.bytes.toString("utf8");
  expect(text).toContain("alertNames:\n      - InvoiceParserTimeout");
  expect(text).toBe(new TextDecoder().decode(files["systems/invoice-pipeline.yaml"]) + text.slice(text.indexOf("---\n")));
});

test("the offline bundle opens from file://: overview and alert pages without JavaScript, search with it", async ({ page, browser }) => {
  const bundle = await prepared(page, "Prepare offline bundle (.zip)");
  const root = mkdtempSync(join(tmpdir(), "runbook-bundle-"));
  for (const [path, bytes] of Object.entries(unzipSync(new Uint8Array(bundle.bytes)))) {
    if (path.endsWith("/")) continue;
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), bytes);
  }
  const folder = join(root, bundle.name.replace(/\.zip$/, ""));
  const url = (path: string) => pathToFileURL(join(folder, path)).href;

  const offline = await browser.newContext({ javaScriptEnabled: false, storageState: { cookies: [], origins: [] } });
  const reader = await offline.newPage();
  const requests: string[] = [];
  reader.on("request", (request) => requests.push(request.url()));
  await reader.goto(url("index.html"));
  await expect(reader.getByText(/Offline copy, exported \d/).first()).toBeVisible();
  await reader.getByRole("link", { name: "Invoice processing pipeline" }).click();
  await expect(reader.getByRole("heading", { level: 1, name: "Invoice processing pipeline" })).toBeVisible();
  await expect(reader.locator("main")).toContainText("aws lambda invoke");
  await reader.goto(url("alerts/InvoiceParserTimeout.html"));
  await expect(reader).toHaveURL(/systems\/invoice-pipeline\.html#fm-lambda-timeout/);
  await expect(reader.locator("#fm-lambda-timeout")).toContainText("Lambda timeout");
  expect(requests.filter((r) => !r.startsWith("file://"))).toEqual([]);
  await offline.close();

  const online = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const searcher = await online.newPage();
  await searcher.goto(url("index.html"));
  await searcher.getByLabel("Search every runbook").fill("InvoiceParserTime");
  await searcher.getByRole("link", { name: "Lambda timeout" }).first().click();
  await expect(searcher).toHaveURL(/systems\/invoice-pipeline\.html#fm-lambda-timeout/);
  await online.close();
});
