import { createSystem, expect, query, test, unique } from "./fixtures";
import { E2E } from "./env";

// Every runbook entry type through the same life: create, edit, a conflicting edit,
// compare, restore, delete and restore. One test per type, all on the shared mechanisms.

type Spec = {
  type: string;
  label: string;
  segment: string;
  table: string;
  ofSystem: boolean;
  /** the required text field that names the entry */
  titleLabel: string;
  /** a Markdown field the test edits */
  textLabel: string;
};

const SPECS: Spec[] = [
  { type: "DEPENDENCY", label: "Dependency", segment: "dependencies", table: "Dependency", ofSystem: true, titleLabel: "Name", textLabel: "Impact" },
  { type: "FAILURE_MODE", label: "Failure mode", segment: "failure-modes", table: "FailureMode", ofSystem: true, titleLabel: "Title", textLabel: "Customer impact" },
  { type: "PROCEDURE", label: "Procedure", segment: "procedures", table: "RemediationProcedure", ofSystem: true, titleLabel: "Title", textLabel: "Verification" },
  { type: "ESCALATION_LEVEL", label: "Escalation level", segment: "escalation-levels", table: "EscalationLevel", ofSystem: true, titleLabel: "Name", textLabel: "Responsibilities" },
  { type: "CONTACT", label: "Contact", segment: "contacts", table: "Contact", ofSystem: false, titleLabel: "Name", textLabel: "Notes" },
];

for (const spec of SPECS) {
  test(`${spec.label}: create, edit, conflict, compare, restore, delete and restore`, async ({ page, browser }) => {
    const what = spec.label.toLowerCase();
    const newUrl = spec.ofSystem ? `/systems/${await createSystem(page, unique("Host system"))}/${spec.segment}/new` : "/contacts/new";
    const title = unique(spec.label);

    // Create
    await page.goto(newUrl);
    await page.getByLabel(spec.titleLabel, { exact: true }).fill(title);
    await page.getByLabel(spec.textLabel, { exact: true }).fill("First wording of the text.");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toContainText(title);
    await expect(page.getByRole("status")).toContainText("Saved as version 1");
    const url = new URL(page.url()).pathname;
    expect(url).toMatch(new RegExp(`^/${spec.segment}/c[a-z0-9]+$`));
    const id = url.split("/")[2]!;

    // Edit
    await page.getByRole("link", { name: "Edit" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(new RegExp(`^Edit .*${title}$`));
    await page.getByLabel(spec.textLabel, { exact: true }).fill("Second wording of the text.");
    await page.getByLabel("Change note").fill("Second wording");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved as version 2");
    await expect(page.getByText("Second wording of the text.")).toBeVisible();

    // Two people edit at once: the later save is refused and keeps its text.
    const bobContext = await browser.newContext({ storageState: E2E.adminState });
    const bob = await bobContext.newPage();
    await bob.goto(`${url}/edit`);
    await page.goto(`${url}/edit`);
    await page.getByLabel(spec.textLabel, { exact: true }).fill("Third wording of the text.");
    await page.getByLabel("Change note").fill("Third wording");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved as version 3");
    await bob.getByLabel(spec.textLabel, { exact: true }).fill("Bob's wording of the text.");
    await bob.getByLabel("Change note").fill("Bob's wording");
    await bob.getByRole("button", { name: "Save" }).click();
    const conflict = bob.getByRole("region", { name: /while you were editing/ });
    await expect(conflict).toContainText("latest is version 3");
    await expect(conflict.locator("ins")).toContainText(["Third"]);
    await expect(bob.getByLabel(spec.textLabel, { exact: true })).toHaveValue("Bob's wording of the text.");
    await bobContext.close();
    const [stored] = await query<{ version: number }>(`SELECT version FROM "${spec.table}" WHERE id = $1`, [id]);
    expect(stored!.version).toBe(3);

    // Compare and restore
    await page.goto(`${url}/history`);
    await expect(page.getByRole("rowheader", { name: /^Version \d/ })).toHaveCount(3);
    await page.getByLabel("Compare from version 1").check();
    await page.getByLabel("Compare to version 3").check();
    await page.getByRole("button", { name: "Compare selected versions" }).click();
    const comparison = page.getByRole("region", { name: "Changes from version 1 to version 3" });
    await expect(comparison.getByRole("term")).toHaveText([spec.textLabel]);
    await expect(comparison.locator("del", { hasText: "First" })).toBeVisible();
    await expect(comparison.locator("ins", { hasText: "Third" })).toBeVisible();
    await page.getByRole("button", { name: "Restore version 1" }).click();
    await expect(page.getByRole("status")).toContainText("Version 1 was restored as version 4");
    await page.goto(url);
    await expect(page.getByText("First wording of the text.")).toBeVisible();

    // Delete: hidden from the browse page, kept with its history
    await page.getByText(`Delete this ${what}`).click();
    await page.getByLabel("Change note").fill("No longer used");
    await page.getByRole("button", { name: `Delete ${what}` }).click();
    await expect(page.getByRole("status")).toContainText(`This ${what} was deleted`);
    await page.goto(`/${spec.segment}?q=${encodeURIComponent(title)}`);
    await expect(page.getByText("Nothing matches these filters.")).toBeVisible();

    // Restore from the deleted notice
    await page.goto(url);
    await page.getByRole("button", { name: "Restore version 4" }).click();
    await expect(page.getByRole("status")).toContainText("Version 4 was restored as version 6");
    await page.goto(`/${spec.segment}?q=${encodeURIComponent(title)}`);
    await expect(page.getByRole("link", { name: new RegExp(title) })).toBeVisible();

    const actions = await query<{ action: string }>(`SELECT action FROM "Revision" WHERE "entityType" = $1 AND "entityId" = $2 ORDER BY version`, [spec.type, id]);
    expect(actions.map((a) => a.action)).toEqual(["CREATE", "UPDATE", "UPDATE", "RESTORE", "DELETE", "RESTORE"]);
  });
}

test("bad input on an entry form shows errors under the fields, keeps what was typed and stores nothing", async ({ page }) => {
  const slug = await createSystem(page, unique("Validation host"));
  await page.goto(`/systems/${slug}/escalation-levels/new`);
  await page.getByLabel("Level", { exact: true }).fill("0");
  await page.getByLabel("Responsibilities").fill("Decides on the rollback.");
  await page.getByLabel("After minutes").fill("-5");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "nothing was saved" })).toBeVisible();
  await expect(page.getByText("Level starts at 1")).toBeVisible();
  await expect(page.getByText("Name is required")).toBeVisible();
  await expect(page.getByText("After minutes cannot be negative")).toBeVisible();
  await expect(page.getByLabel("Responsibilities")).toHaveValue("Decides on the rollback.");
  await expect(page.getByLabel("After minutes")).toHaveValue("-5");
  const [{ n }] = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "EscalationLevel" e JOIN "System" s ON s.id = e."systemId" WHERE s.slug = $1`, [slug])) as [{ n: number }];
  expect(n).toBe(0);
});
