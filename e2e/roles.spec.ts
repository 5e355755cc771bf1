import { contextAs, createSystem, expect, query, test, unique } from "./fixtures";

test("a viewer reads but sees no edit controls, and a forged edit from a viewer changes nothing", async ({ page, browser }) => {
  const name = unique("Ledger export");
  const slug = await createSystem(page, name, "Exports the ledger to the bank every night.");

  // Capture the edit form exactly as an editor's browser would submit it.
  // The changed fields are set in the captured data, not typed: typing can race the form's hydration.
  await page.goto(`/systems/${slug}/edit`);
  const fields = await page.locator("form").filter({ has: page.getByRole("button", { name: "Save" }) }).evaluate((form) =>
    [...new FormData(form as HTMLFormElement).entries()].map(([k, v]) => [k, String(v)] as [string, string]),
  );
  const multipart = { ...Object.fromEntries(fields), purpose: "FORGED purpose", changeNote: "forged" };
  expect(fields.map(([k]) => k)).toEqual(expect.arrayContaining(["purpose", "changeNote"]));

  const viewer = await contextAs(browser, page, "Viewer");
  await viewer.page.goto(`/systems/${slug}`);
  await expect(viewer.page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(viewer.page.getByRole("link", { name: "Edit" })).toHaveCount(0);
  await expect(viewer.page.getByRole("button", { name: "Mark reviewed" })).toHaveCount(0);
  await expect(viewer.page.getByText("Delete this system")).toHaveCount(0);
  await viewer.page.goto(`/systems/${slug}/history`);
  await expect(viewer.page.getByRole("button", { name: /Restore version/ })).toHaveCount(0);
  await viewer.page.goto(`/systems/${slug}/edit`);
  await expect(viewer.page.getByRole("heading", { name: "You cannot edit systems" })).toBeVisible();
  await expect(viewer.page.getByRole("button", { name: "Save" })).toHaveCount(0);
  await viewer.page.goto("/admin/users");
  await expect(viewer.page.getByRole("heading", { name: "You cannot manage users" })).toBeVisible();

  const forged = await viewer.context.request.post(`/systems/${slug}/edit`, { multipart });
  expect(forged.status()).toBeLessThan(500);
  const [afterForgery] = await query<{ purpose: string; version: number }>(`SELECT purpose, version FROM "System" WHERE slug = $1`, [slug]);
  expect(afterForgery).toEqual({ purpose: "Exports the ledger to the bank every night.", version: 1 });

  // The same request from an editor does save: the refusal above is the role check, not a broken replay.
  const genuine = await page.context().request.post(`/systems/${slug}/edit`, { multipart, maxRedirects: 0 });
  expect(genuine.status()).toBeLessThan(500);
  const [afterGenuine] = await query<{ purpose: string; version: number }>(`SELECT purpose, version FROM "System" WHERE slug = $1`, [slug]);
  expect(afterGenuine).toEqual({ purpose: "FORGED purpose", version: 2 });
  await viewer.context.close();
});

test("an admin changes roles and disables users; a disabled user is signed out at once", async ({ page, browser }) => {
  const editor = await contextAs(browser, page, "Editor");
  await editor.page.goto("/systems/new");
  await expect(editor.page.getByRole("button", { name: "Save" })).toBeVisible();

  await page.goto("/admin/users");
  const row = page.getByRole("row", { name: new RegExp(editor.name) });
  await row.getByLabel(`Role of ${editor.name}`, { exact: true }).selectOption({ label: "Viewer" });
  await row.getByRole("button", { name: `Save role of ${editor.name}` }).click();
  await expect(row.getByRole("status")).toContainText("Saved");
  await editor.page.goto("/systems/new");
  await expect(editor.page.getByRole("heading", { name: "You cannot create systems" })).toBeVisible();

  await page.getByRole("row", { name: new RegExp(editor.name) }).getByRole("button", { name: `Disable ${editor.name}` }).click();
  await expect(page.getByRole("row", { name: new RegExp(editor.name) })).toContainText("disabled");
  await editor.page.goto("/systems");
  await expect(editor.page).toHaveURL(/\/login/);

  const [user] = await query<{ role: string; disabled: boolean }>(`SELECT role, disabled FROM "User" WHERE email = $1`, [editor.email]);
  expect(user).toEqual({ role: "VIEWER", disabled: true });
  const history = await query<{ changeNote: string }>(
    `SELECT r."changeNote" FROM "Revision" r JOIN "User" u ON u.id = r."entityId" WHERE u.email = $1 ORDER BY r.version`,
    [editor.email],
  );
  expect(history.map((h) => h.changeNote)).toEqual(["Added as editor", "Role set to viewer", "Disabled"]);
  await editor.context.close();
});
