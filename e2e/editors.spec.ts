import type { Page } from "@playwright/test";
import { createSystem, expect, query, test, unique } from "./fixtures";
import { E2E } from "./env";

// The structured editors, driven by keyboard alone: focus moves to what was added,
// buttons work with Enter and Space, checkboxes with Space.

async function press(page: Page, name: string, key = "Enter") {
  await page.getByRole("button", { name, exact: true }).focus();
  await page.keyboard.press(key);
}

test("procedure steps: add, fill, reorder and remove by keyboard", async ({ page }) => {
  const slug = await createSystem(page, unique("Keyboard host"));
  await page.goto(`/systems/${slug}/procedures/new`);
  await page.getByLabel("Title").fill(unique("Re-run failed invoices"));

  await press(page, "Add step");
  await expect(page.getByLabel("Step 1 instruction")).toBeFocused();
  await page.keyboard.type("Find the failed invoices");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Step 1 command")).toBeFocused();
  await page.keyboard.type("aws s3 ls s3://invoices/failed/");

  await press(page, "Add step");
  await expect(page.getByLabel("Step 2 instruction")).toBeFocused();
  await page.keyboard.type("Re-drive them");

  await press(page, "Add step", " ");
  await page.keyboard.type("A step to throw away");

  await press(page, "Move step 2 up");
  await expect(page.getByLabel("Step 1 instruction")).toHaveValue("Re-drive them");
  await expect(page.getByLabel("Step 2 instruction")).toHaveValue("Find the failed invoices");
  await expect(page.getByLabel("Step 2 command")).toHaveValue("aws s3 ls s3://invoices/failed/");
  await press(page, "Remove step 3", " ");
  await expect(page.getByLabel("Step 3 instruction")).toHaveCount(0);

  await page.getByRole("button", { name: "Save" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("status")).toContainText("Saved as version 1");
  const steps = page.getByRole("listitem").filter({ hasText: /Re-drive them|Find the failed invoices/ });
  await expect(steps).toHaveText([/Re-drive them/, /Find the failed invoices/]);
  await expect(page.getByText("aws s3 ls s3://invoices/failed/")).toBeVisible();
  await expect(page.getByRole("button", { name: /Copy/ })).toBeVisible();
});

test("failure mode: alert names and immediate actions as lists, procedures picked by keyboard", async ({ page }) => {
  const slug = await createSystem(page, unique("Alerting host"));
  const procedure = unique("Restart the parser");
  await page.goto(`/systems/${slug}/procedures/new`);
  await page.getByLabel("Title").fill(procedure);
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 1");

  await page.goto(`/systems/${slug}/failure-modes/new`);
  await page.getByLabel("Title").fill("Parser stuck");
  await page.getByLabel("Severity").selectOption("SEV1");
  const alert = `ParserStuck${Date.now()}`;
  await press(page, "Add alert name");
  await expect(page.getByLabel("Alert name 1", { exact: true })).toBeFocused();
  await page.keyboard.type(alert);
  await press(page, "Add alert name");
  await page.keyboard.type(`${alert}Critical`);
  await press(page, "Add step");
  await page.keyboard.type("Check the queue depth");
  await press(page, "Add step");
  await page.keyboard.type("Page the owner");
  await page.getByRole("checkbox", { name: procedure }).focus();
  await page.keyboard.press("Space");
  await expect(page.getByRole("checkbox", { name: procedure })).toBeChecked();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 1");
  await expect(page.getByText(`${alert}Critical`)).toBeVisible();
  await expect(page.getByRole("heading", { name: "Procedures that fix it" })).toBeVisible();
  await expect(page.getByRole("link", { name: procedure })).toBeVisible();

  // The relation shows both ways: the procedure lists the failure mode that uses it.
  await page.getByRole("link", { name: procedure }).click();
  await expect(page.getByRole("region", { name: "Fixes these failure modes" }).getByRole("link", { name: "Parser stuck" })).toBeVisible();

  // Duplicate alert names are refused, with the input kept.
  const failureMode = await query<{ id: string }>(`SELECT id FROM "FailureMode" WHERE $1 = ANY("alertNames")`, [alert]);
  await page.goto(`/failure-modes/${failureMode[0]!.id}/edit`);
  await page.getByLabel("Alert name 2", { exact: true }).fill(alert.toLowerCase());
  await page.getByLabel("Change note").fill("Duplicate");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText("Each alert name once")).toBeVisible();
  await expect(page.getByLabel("Alert name 2", { exact: true })).toHaveValue(alert.toLowerCase());
});

test("escalation level: contacts picked by keyboard, and a new one added without leaving the form", async ({ page }) => {
  const slug = await createSystem(page, unique("Ladder host"));
  await page.goto(`/systems/${slug}/escalation-levels/new`);
  await expect(page.getByLabel("Level", { exact: true })).toHaveValue("1");
  await page.getByLabel("Name", { exact: true }).fill("On-call engineer");
  await page.getByLabel("After minutes").fill("0");

  const newcomer = unique("Nadia Night");
  await page.getByText("Add a new contact").focus();
  await page.keyboard.press("Enter");
  await page.getByLabel("New contact name").focus();
  await page.keyboard.type(newcomer);
  await page.getByLabel("New contact phone").fill("+44 20 7946 0000");
  await page.getByLabel("New contact phone").press("Enter");
  await expect(page.getByText(`Added ${newcomer} to the shared contacts and to this level.`)).toBeVisible();
  await expect(page.getByRole("checkbox", { name: newcomer })).toBeChecked();

  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 1");
  const who = page.getByRole("region", { name: "Who to call" });
  await expect(who).toContainText(newcomer);
  await expect(who.getByRole("link", { name: "+44 20 7946 0000" })).toHaveAttribute("href", "tel:+442079460000");

  // Both ways: the contact page lists the level.
  await who.getByRole("link", { name: newcomer }).click();
  await expect(page.getByRole("region", { name: "Escalation levels" }).getByRole("link", { name: /On-call engineer/ })).toBeVisible();
});

test("alert resolver: one match opens the failure mode, several are listed, none says so", async ({ page }) => {
  const response = await page.goto("/alerts/InvoiceParserTimeout");
  expect(new URL(page.url()).pathname).toMatch(/^\/failure-modes\/c[a-z0-9]+$/);
  expect(response!.request().redirectedFrom()?.url()).toContain("/alerts/InvoiceParserTimeout");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lambda timeout");
  expect(response!.ok()).toBe(true);

  await page.goto("/alerts/invoiceparsertimeout");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lambda timeout");

  const shared = `SharedAlert${Date.now()}`;
  const slug = await createSystem(page, unique("Shared alert host"));
  for (const title of ["Disk full", "Log volume spike"]) {
    await page.goto(`/systems/${slug}/failure-modes/new`);
    await page.getByLabel("Title").fill(title);
    await page.getByRole("button", { name: "Add alert name" }).click();
    await page.getByLabel("Alert name 1", { exact: true }).fill(shared);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved as version 1");
  }
  await page.goto(`/alerts/${shared}`);
  await expect(page.getByText("2 failure modes list this alert")).toBeVisible();
  await expect(page.getByRole("link", { name: "Disk full" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Log volume spike" })).toBeVisible();

  const unknown = await page.goto("/alerts/NoSuchAlertAnywhere");
  expect(unknown!.status()).toBe(200);
  await expect(page.getByText("No failure mode lists this alert name yet.")).toBeVisible();
  await page.getByRole("link", { name: /Search .* for “NoSuchAlertAnywhere”/ }).click();
  await expect(page.getByRole("searchbox", { name: "Search for" })).toHaveValue("NoSuchAlertAnywhere");
});

test("an alert link opened while signed out leads through sign-in to the failure mode", async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await page.goto("/alerts/InvoiceParserTimeout");
  await expect(page).toHaveURL(/\/login\?callbackUrl=%2Falerts%2FInvoiceParserTimeout/);
  await page.getByLabel("Email").fill(E2E.admin.email);
  await page.getByLabel("Password").fill(E2E.admin.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lambda timeout");
  await context.close();
});
