import { createSystem, expect, query, test, unique } from "./fixtures";

test("create, edit twice, compare and restore a system; history keeps every version", async ({ page }) => {
  const name = unique("Billing API");
  const slug = await createSystem(page, name, "Takes payments from the web shop.");

  for (const [purpose, note] of [
    ["Takes card payments from the web shop.", "Card payments only"],
    ["Takes card and wallet payments from the app.", "Wallets, app only"],
  ]) {
    await page.getByRole("link", { name: "Edit" }).click();
    await page.getByLabel("Purpose").fill(purpose!);
    await page.getByLabel("Change note").fill(note!);
    await page.getByLabel("Incident").fill("INC-2041");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved as version");
    await expect(page.getByText(purpose!)).toBeVisible();
  }

  await page.getByRole("link", { name: "History" }).click();
  const rows = page.getByRole("row").filter({ has: page.getByRole("rowheader", { name: /^Version \d/ }) });
  await expect(rows).toHaveCount(3);
  await expect(page.getByRole("rowheader", { name: /Version 3/ })).toContainText("current");
  await expect(page.getByRole("row", { name: /Version 2/ })).toContainText("Card payments only");
  await expect(page.getByRole("row", { name: /Version 2/ })).toContainText("INC-2041");

  await page.getByLabel("Compare from version 1").check();
  await page.getByLabel("Compare to version 3").check();
  await page.getByRole("button", { name: "Compare selected versions" }).click();
  const comparison = page.getByRole("region", { name: "Changes from version 1 to version 3" });
  await expect(comparison.getByRole("term")).toHaveText(["Purpose"]);
  await expect(comparison.locator("del", { hasText: "web shop" })).toBeVisible();
  await expect(comparison.locator("ins", { hasText: "card and wallet" })).toBeVisible();

  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("status")).toContainText("Version 1 was restored as version 4");
  await expect(rows).toHaveCount(4);

  await page.goto(`/systems/${slug}`);
  await expect(page.getByText("Takes payments from the web shop.")).toBeVisible();
  await expect(page.getByText("Version 4").first()).toBeVisible();

  const [latest] = await query<{ snapshot: { purpose: string }; action: string }>(
    `SELECT r.snapshot, r.action FROM "Revision" r JOIN "System" s ON s.id = r."entityId" WHERE s.slug = $1 ORDER BY r.version DESC LIMIT 1`,
    [slug],
  );
  expect(latest).toMatchObject({ action: "RESTORE", snapshot: { purpose: "Takes payments from the web shop." } });
});

test("bad input shows errors under the fields, keeps what was typed and stores nothing", async ({ page }) => {
  const name = unique("Search indexer");
  await page.goto("/systems/new");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Slug").fill("Not A Slug!");
  await page.getByLabel("Purpose").fill("Builds the search index every night.");
  await page.getByRole("button", { name: "Add link" }).click();
  await page.getByLabel("Link 1 label").fill("Dashboard");
  await page.getByLabel("Link 1 url").fill("not a url");
  await page.getByLabel("Review interval (days)").fill("0");
  await page.getByRole("button", { name: "Save" }).click();

  await expect(page.getByRole("alert").filter({ hasText: "Some fields need attention" })).toBeVisible();
  await expect(page.getByText("Use lowercase letters, digits and single hyphens")).toBeVisible();
  await expect(page.getByText("Enter a full http(s) address")).toBeVisible();
  await expect(page.getByText("Review interval must be at least 1 day")).toBeVisible();
  await expect(page.getByLabel("Slug")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(page.getByLabel("Purpose")).toHaveValue("Builds the search index every night.");
  await expect(page.getByLabel("Link 1 url")).toHaveValue("not a url");
  expect(await query(`SELECT 1 FROM "System" WHERE name = $1`, [name])).toHaveLength(0);

  await page.getByLabel("Slug").fill("");
  await page.getByLabel("Name", { exact: true }).fill(name);
  await page.getByLabel("Slug").fill(name.toLowerCase().replace(/[^a-z0-9]+/g, "-"));
  await page.getByLabel("Link 1 url").fill("https://grafana.example.com/d/search");
  await page.getByLabel("Review interval (days)").fill("30");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByRole("link", { name: "Dashboard" }).last()).toHaveAttribute("href", "https://grafana.example.com/d/search");
});

test("a deleted system is hidden from the list and can be restored with its history", async ({ page }) => {
  const name = unique("Legacy FTP drop");
  const slug = await createSystem(page, name);
  await page.getByText("Delete this system").click();
  await page.getByLabel("Change note").fill("Decommissioned");
  await page.getByRole("button", { name: "Delete system" }).click();
  await expect(page.getByText("This system was deleted")).toBeVisible();

  await page.goto(`/systems?q=${encodeURIComponent(name)}`);
  await expect(page.getByText(`No system matches`)).toBeVisible();
  await page.goto(`/systems?q=${encodeURIComponent(name)}&deleted=1`);
  await expect(page.getByRole("link", { name })).toBeVisible();

  await page.goto(`/systems/${slug}`);
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("row", { name: /Version 3/ })).toContainText("Restored");
  await page.goto(`/systems?q=${encodeURIComponent(name)}`);
  await expect(page.getByRole("link", { name })).toBeVisible();
});

test("the demo overview shows owner, failure modes by severity, procedures with commands and the escalation ladder", async ({ page }) => {
  await page.goto("/systems/invoice-pipeline");
  await expect(page.getByRole("heading", { level: 1, name: "Invoice processing pipeline" })).toBeVisible();
  const failureModes = page.getByRole("region", { name: /Failure modes/ });
  await expect(failureModes.getByRole("heading", { level: 3 })).toHaveText(["Lambda timeout", "DynamoDB write errors"]);
  await expect(failureModes).toContainText("InvoiceParserTimeout");
  const procedures = page.getByRole("region", { name: /Remediation procedures/ });
  await expect(procedures.locator("code").filter({ hasText: "aws sqs get-queue-attributes" })).toBeVisible();
  await expect(procedures.getByRole("button", { name: "Copy command" }).first()).toBeVisible();
  await expect(page.getByRole("region", { name: /Escalation/ }).getByText(/^L1 ·/)).toBeVisible();
  await expect(page.getByText("Owner", { exact: true })).toBeVisible();
});
