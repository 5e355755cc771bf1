import { contextAs, createSystem, expect, formFields, query, test, toFormData, unique } from "./fixtures";
import { expectSays } from "./hardening-helpers";

// Each attack the security review found, replayed against the production build: each
// test fails without its fix. Here: forged and racing writes (form fields, bound
// arguments, restores, two people at once).

test("a viewer's forged save with prototype-polluting or huge-index field names changes nothing, and the portal keeps answering everyone", async ({ page, browser }) => {
  const name = unique("Pollution target");
  const slug = await createSystem(page, name, "Stays exactly as it is.");
  await page.goto(`/systems/${slug}/edit`);
  await page.getByLabel("Change note").fill("forged");
  const fields = await formFields(page, "Save");

  const viewer = await contextAs(browser, page, "Viewer");
  const attacks: [string, string][] = [
    ["__proto__.escalation", "polluted"],
    ["constructor.prototype.escalation", "polluted"],
    ["links.0.__proto__", "polluted"],
    ["alertNames.1000000000", "x"],
  ];
  for (const attack of attacks) {
    const answer = await viewer.context.request.post(`/systems/${slug}/edit`, { multipart: toFormData([...fields, attack]) });
    expect(answer.status(), attack[0]).toBeLessThan(500);
  }
  // An editor passes the role check; the form parser then refuses each name, saying why.
  const refusals = [/not one this portal uses/, /not one this portal uses/, /not one this portal uses/, /past 1000 entries/];
  for (const [index, attack] of attacks.entries()) {
    const answer = await page.context().request.post(`/systems/${slug}/edit`, { multipart: toFormData([...fields, attack]) });
    expect(answer.status(), attack[0]).toBe(200);
    await expectSays(answer, refusals[index]!);
  }

  // Everyone else is still served: a signed-out visitor's sign-in page, and signed-in pages.
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await stranger.request.get("/login")).status()).toBe(200);
  await stranger.close();
  await page.goto(`/systems/${slug}`);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await viewer.page.goto("/systems");
  await expect(viewer.page.getByRole("heading", { name: "Systems", level: 1 })).toBeVisible();
  expect(await query(`SELECT purpose, version FROM "System" WHERE slug = $1`, [slug])).toEqual([{ purpose: "Stays exactly as it is.", version: 1 }]);
  await viewer.context.close();
});

/** Creates a child entry of a system through its form; returns its id. */
async function createChild(page: import("@playwright/test").Page, slug: string, segment: string, fill: Record<string, string>) {
  await page.goto(`/systems/${slug}/${segment}/new`);
  for (const [label, value] of Object.entries(fill)) {
    const field = page.getByLabel(label, { exact: true });
    if ((await field.evaluate((el) => el.tagName)) === "SELECT") await field.selectOption({ label: value });
    else await field.fill(value);
  }
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 1");
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** The bound arguments of the form's server action, which the browser sends back as JSON. */
function withBound(fields: [string, string][], edit: (bound: unknown[]) => unknown[]): [string, string][] {
  return fields.map(([key, value]) => (/^\$ACTION_\d+:1$/.test(key) ? [key, JSON.stringify(edit(JSON.parse(value) as unknown[]))] : [key, value]));
}

test("a forged system id cannot move an entry, link another system's procedure or make a system depend on itself", async ({ page }) => {
  const slug = await createSystem(page, unique("Forgery target"));
  const { id: systemId } = (await query<{ id: string }>(`SELECT id FROM "System" WHERE slug = $1`, [slug]))[0]!;
  const { id: otherSystem, procedure } = (await query<{ id: string; procedure: string }>(
    `SELECT s.id, p.id AS procedure FROM "System" s JOIN "RemediationProcedure" p ON p."systemId" = s.id WHERE s.slug = 'ad-performance-pull' LIMIT 1`,
  ))[0]!;
  const failureMode = await createChild(page, slug, "failure-modes", { Title: unique("Stuck queue"), Severity: "SEV3 · medium" });

  await page.goto(`/failure-modes/${failureMode}/edit`);
  await page.getByLabel("Change note").fill("forged");
  const fields = await formFields(page, "Save");
  const forged = withBound(fields, ([type, id, , ...rest]) => [type, id, otherSystem, ...rest]);
  const answer = await page.request.post(`/failure-modes/${failureMode}/edit`, { multipart: toFormData([...forged, ["procedureIds[]", procedure]]) });
  expect(answer.status()).toBe(200);
  await expectSays(answer, "Pick procedures of this system that still exist");
  // A changed bound type is refused outright.
  const retyped = await page.request.post(`/failure-modes/${failureMode}/edit`, { multipart: toFormData(withBound(fields, ([, ...rest]) => ["USER", ...rest])) });
  await expectSays(retyped, "This form does not match any entry of the portal");
  expect(await query(`SELECT "systemId", version FROM "FailureMode" WHERE id = $1`, [failureMode])).toEqual([{ systemId, version: 1 }]);
  expect(await query(`SELECT count(*)::int AS n FROM "_FailureModeToRemediationProcedure" WHERE "A" = $1`, [failureMode])).toEqual([{ n: 0 }]);

  const dependency = await createChild(page, slug, "dependencies", { Name: unique("Upstream"), Kind: "Internal system" });
  await page.goto(`/dependencies/${dependency}/edit`);
  await page.getByLabel("Change note").fill("forged");
  const depFields = await formFields(page, "Save");
  const selfLink = withBound(depFields, ([type, id, , ...rest]) => [type, id, otherSystem, ...rest]).map(([key, value]) =>
    key === "dependsOnSystemId" ? ([key, systemId] as [string, string]) : ([key, value] as [string, string]),
  );
  const selfAnswer = await page.request.post(`/dependencies/${dependency}/edit`, { multipart: toFormData(selfLink) });
  await expectSays(selfAnswer, "A system cannot depend on itself");
  expect(await query(`SELECT "systemId", "dependsOnSystemId", version FROM "Dependency" WHERE id = $1`, [dependency])).toEqual([
    { systemId, dependsOnSystemId: null, version: 1 },
  ]);
});

test("a restore that would link a procedure deleted since is refused with the reason, and writes nothing", async ({ page }) => {
  const slug = await createSystem(page, unique("Restore guard"));
  const procedureTitle = unique("Replay the queue");
  const procedure = await createChild(page, slug, "procedures", { Title: procedureTitle });
  const failureMode = await createChild(page, slug, "failure-modes", { Title: unique("Queue stuck"), Severity: "SEV2 · high" });

  await page.goto(`/failure-modes/${failureMode}/edit`);
  await page.getByRole("checkbox", { name: procedureTitle }).check();
  await page.getByLabel("Change note").fill("Link the replay");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 2");
  await page.goto(`/failure-modes/${failureMode}/edit`);
  await page.getByRole("checkbox", { name: procedureTitle }).uncheck();
  await page.getByLabel("Change note").fill("Unlink the replay");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 3");

  await page.goto(`/procedures/${procedure}`);
  await page.getByText("Delete this procedure").click();
  await page.getByLabel("Change note").fill("Obsolete");
  await page.getByRole("button", { name: "Delete procedure" }).click();
  await expect(page.getByText(/was deleted/).first()).toBeVisible();

  await page.goto(`/failure-modes/${failureMode}/history`);
  await page.getByRole("button", { name: "Restore version 2" }).click();
  await expect(page.getByText("Version 2 cannot be restored: it links to a procedure that was deleted since")).toBeVisible();
  expect(await query(`SELECT version FROM "FailureMode" WHERE id = $1`, [failureMode])).toEqual([{ version: 3 }]);
  expect(await query(`SELECT count(*)::int AS n FROM "_FailureModeToRemediationProcedure" WHERE "A" = $1`, [failureMode])).toEqual([{ n: 0 }]);
});

test("two people restore, or mark reviewed, at the same moment: the second is told someone else saved first", async ({ page, browser }) => {
  const slug = await createSystem(page, unique("Race"));
  await page.goto(`/systems/${slug}/edit`);
  await page.getByLabel("Purpose").fill("Second purpose.");
  await page.getByLabel("Change note").fill("v2");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 2");

  const other = await contextAs(browser, page, "Editor");
  await page.goto(`/systems/${slug}/history`);
  await other.page.goto(`/systems/${slug}/history`);
  await page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(page.getByRole("status")).toContainText("Version 1 was restored as version 3");
  await other.page.getByRole("button", { name: "Restore version 1" }).click();
  await expect(other.page.getByText("Someone else changed this entry since this page was loaded (it is now version 3)")).toBeVisible();

  await page.goto(`/systems/${slug}`);
  await other.page.goto(`/systems/${slug}`);
  await page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Marked as reviewed today." })).toBeVisible();
  await other.page.getByRole("button", { name: "Mark reviewed" }).click();
  await expect(other.page.getByText("Someone else saved this system since this page was loaded (it is now version 4)")).toBeVisible();
  expect(await query(`SELECT version FROM "System" WHERE slug = $1`, [slug])).toEqual([{ version: 4 }]);
  await other.context.close();
});
