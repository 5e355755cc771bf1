import { createSystem, expect, test, unique } from "./fixtures";

// Search from anywhere, by keyboard alone, and the /search page with its filters.

test("the header search: / focuses it, suggestions by arrow keys, Enter opens the entry", async ({ page }) => {
  await page.goto("/systems");
  await page.locator("main").click();
  await page.keyboard.press("/");
  const box = page.getByRole("combobox", { name: "Search runbooks" });
  await expect(box).toBeFocused();
  await page.keyboard.type("InvoiceParserTimeout");
  const options = page.getByRole("listbox", { name: "Suggestions" }).getByRole("option");
  await expect(options.first()).toContainText("Lambda timeout");
  await page.keyboard.press("ArrowDown");
  await expect(options.first()).toHaveAttribute("aria-selected", "true");
  await expect(box).toHaveAttribute("aria-activedescendant", (await options.first().getAttribute("id"))!);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/failure-modes\/c[a-z0-9]+$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Lambda timeout");

  // "/" typed into a field is just a character.
  await page.goto("/systems");
  await page.getByRole("searchbox", { name: "Filter" }).fill("a");
  await page.getByRole("searchbox", { name: "Filter" }).press("/");
  await expect(page.getByRole("searchbox", { name: "Filter" })).toHaveValue("a/");
  await expect(box).not.toBeFocused();

  // Enter without choosing a suggestion opens the results page; Escape closes the list first.
  await box.fill("ConditionalCheckFailedException");
  await expect(options.first()).toBeVisible();
  await box.press("Escape");
  await expect(page.getByRole("listbox", { name: "Suggestions" })).toBeHidden();
  await box.press("Enter");
  await expect(page).toHaveURL(/\/search\?q=ConditionalCheckFailedException/);
  const first = page.locator("main").getByRole("listitem").first();
  await expect(first).toContainText("DynamoDB write errors");
  await expect(first.locator("mark").first()).toHaveText("ConditionalCheckFailedException");
});

test("the search page: every type, filters, typo correction, and nothing found explained", async ({ page }) => {
  await page.goto("/search?q=invoice");
  const results = page.getByRole("region", { name: /results? for “invoice”/ });
  for (const type of ["System", "Failure mode", "Procedure", "Contact"]) {
    await expect(results.getByText(type, { exact: true }).first()).toBeVisible();
  }
  await page.getByLabel("Type").selectOption({ label: "Procedures" });
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page).toHaveURL(/type=PROCEDURE/);
  const badges = page.getByRole("region", { name: /for “invoice”/ }).getByRole("listitem");
  await expect(badges.first()).toContainText("Procedure");
  for (const item of await badges.all()) await expect(item).toContainText("Procedure");

  await page.goto("/search?q=lamda+timout");
  await expect(page.getByRole("status")).toContainText("Including results for “lambda timeout”");
  await expect(page.getByRole("link", { name: "Lambda timeout" })).toBeVisible();

  await page.goto("/search?q=Xylophonic+quasar&type=CONTACT");
  await expect(page.getByText("Nothing in any runbook matches with these filters.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Search all types and systems" })).toBeVisible();
});

test("a saved edit is found at once, a deleted entry never", async ({ page }) => {
  const slug = await createSystem(page, unique("Searchable host"));
  const word = `Quasarlint${Date.now().toString(36)}`;
  await page.goto(`/systems/${slug}/failure-modes/new`);
  await page.getByLabel("Title").fill("Cache stampede");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 1");
  const url = new URL(page.url()).pathname;

  await page.getByRole("link", { name: "Edit" }).click();
  await page.getByLabel("Causes").fill(`Cold cache after ${word} deploys.`);
  await page.getByLabel("Change note").fill("Cause found");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 2");

  await page.goto(`/search?q=${word}`);
  await expect(page.getByRole("link", { name: "Cache stampede" })).toHaveAttribute("href", url);

  await page.goto(url);
  await page.getByText("Delete this failure mode").click();
  await page.getByLabel("Change note").fill("Merged into another");
  await page.getByRole("button", { name: "Delete failure mode" }).click();
  await expect(page.getByRole("status")).toContainText("was deleted");
  await page.goto(`/search?q=${word}`);
  await expect(page.getByRole("heading", { name: /No results/ })).toBeVisible();
});
