import { createSystem, expect, query, test, unique } from "./fixtures";
import { E2E } from "./env";

test("two people edit the same system: the second save is refused, keeps their text and shows what changed", async ({ page, browser }) => {
  const name = unique("Payments gateway");
  const slug = await createSystem(page, name, "Routes card payments to the acquirer.");

  const bobContext = await browser.newContext({ storageState: E2E.adminState });
  const bob = await bobContext.newPage();

  await page.goto(`/systems/${slug}/edit`);
  await bob.goto(`/systems/${slug}/edit`);

  await page.getByLabel("Purpose").fill("Routes card payments to the primary acquirer, with failover.");
  await page.getByLabel("Change note").fill("Alice: failover");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 2");

  await bob.getByLabel("Schedule").fill("Always on");
  await bob.getByLabel("Purpose").fill("Routes card payments to the acquirer. Bob's wording.");
  await bob.getByLabel("Change note").fill("Bob: wording");
  await bob.getByRole("button", { name: "Save" }).click();

  const conflict = bob.getByRole("region", { name: /while you were editing/ });
  await expect(conflict).toBeVisible();
  await expect(conflict).toContainText("latest is version 2");
  await expect(conflict.locator("ins")).toContainText(["primary"]);
  await expect(bob.getByLabel("Purpose")).toHaveValue("Routes card payments to the acquirer. Bob's wording.");
  await expect(bob.getByLabel("Schedule")).toHaveValue("Always on");
  await expect(bob.getByLabel("Change note")).toHaveValue("Bob: wording");

  const [stored] = await query<{ purpose: string; version: number }>(`SELECT purpose, version FROM "System" WHERE slug = $1`, [slug]);
  expect(stored).toEqual({ purpose: "Routes card payments to the primary acquirer, with failover.", version: 2 });

  // Having seen Alice's change, Bob merges it and saves again.
  await bob.getByLabel("Purpose").fill("Routes card payments to the primary acquirer, with failover. Bob's wording.");
  await bob.getByRole("button", { name: "Save" }).click();
  await expect(bob.getByRole("status")).toContainText("Saved as version 3");

  const notes = await query<{ version: number; changeNote: string }>(
    `SELECT r.version, r."changeNote" FROM "Revision" r JOIN "System" s ON s.id = r."entityId" WHERE s.slug = $1 ORDER BY r.version`,
    [slug],
  );
  expect(notes.map((n) => n.changeNote)).toEqual(["Created", "Alice: failover", "Bob: wording"]);
  await bobContext.close();
});
