import { strToU8, zipSync } from "fflate";
import { expect, query, slugOf, test, unique } from "./fixtures";
import { upload } from "./runbooks-as-code-helpers";

// Runbooks as code through the browser: the import preview and its confirmation, a
// preview the portal has moved past, and refusals of malformed files.

/** A new system's file: one failure mode that names one procedure. */
function systemFile(slug: string, impact: string) {
  return `format: runbook-portal/v1
kind: system
slug: ${slug}
name: Import ${slug}
tier: TIER_3
purpose: Comes from a file.
failureModes:
  - key: queue-stuck
    title: Queue stuck
    severity: SEV2
    alertNames:
      - ImportQueueStuck
    customerImpact: ${impact}
    procedures:
      - drain
procedures:
  - key: drain
    title: Drain the queue
    steps:
      - instruction: Drain it.
        command: queuectl drain --all
`;
}

const revisionsOf = (slug: string) =>
  query<{ type: string; n: number }>(
    `SELECT r."entityType" AS type, count(*)::int AS n FROM "Revision" r
      WHERE r."entityId" IN (SELECT id FROM "System" WHERE slug = $1 UNION ALL SELECT f.id FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1
                             UNION ALL SELECT p.id FROM "RemediationProcedure" p JOIN "System" s ON s.id = p."systemId" WHERE s.slug = $1)
      GROUP BY 1 ORDER BY r."entityType"::text`,
    [slug],
  );

test("import: a preview first, then exactly the changed entries get new versions; the same files again change nothing", async ({ page }) => {
  const slug = slugOf(unique("imported"));
  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "Orders wait.") }]);
  await expect(page.getByTestId("import-summary")).toHaveText("3 new, 0 updated, 0 deleted, 0 unchanged.");
  expect(await query(`SELECT 1 FROM "System" WHERE slug = $1`, [slug])).toHaveLength(0);
  await page.getByLabel("Incident reference (optional)").fill("INC-3001");
  await page.getByRole("button", { name: "Import 3 changes" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 3 created, 0 updated, 0 deleted");
  expect(await revisionsOf(slug)).toEqual([
    { type: "FAILURE_MODE", n: 1 },
    { type: "PROCEDURE", n: 1 },
    { type: "SYSTEM", n: 1 },
  ]);

  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "Orders wait for hours.") }]);
  await expect(page.getByTestId("import-summary")).toHaveText("0 new, 1 updated, 0 deleted, 2 unchanged.");
  const change = page.locator("li", { hasText: "Queue stuck" }).first();
  await expect(change.getByText("Customer impact")).toBeVisible();
  await expect(change.locator("ins")).toContainText("for hours");
  await page.getByRole("button", { name: "Import 1 change" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 0 created, 1 updated");
  expect(await revisionsOf(slug)).toEqual([
    { type: "FAILURE_MODE", n: 2 },
    { type: "PROCEDURE", n: 1 },
    { type: "SYSTEM", n: 1 },
  ]);
  const [latest] = await query<{ changeNote: string; incidentRef: string | null }>(
    `SELECT "changeNote", "incidentRef" FROM "Revision" WHERE "entityType" = 'FAILURE_MODE' AND "entityId" IN (SELECT f.id FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1) ORDER BY version DESC LIMIT 1`,
    [slug],
  );
  expect(latest).toEqual({ changeNote: `Imported from ${slug}.yaml`, incidentRef: null });

  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "Orders wait for hours.") }]);
  await expect(page.getByText("Nothing to change: the portal already holds exactly what these files say.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import \d+ change/ })).toHaveCount(0);
  await page.getByRole("button", { name: "Discard this upload" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Import" })).toBeVisible();
});

test("import: a preview the portal has moved past is refused, nothing is written, and the fresh preview is shown", async ({ page, context }) => {
  const slug = slugOf(unique("stale"));
  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "First.") }]);
  await page.getByRole("button", { name: "Import 3 changes" }).click();
  await expect(page.getByRole("status")).toContainText("Imported: 3 created");

  // Two people preview different edits; the second confirms first.
  await upload(page, [{ name: `${slug}.yaml`, text: systemFile(slug, "Mine.") }]);
  const other = await context.newPage();
  await upload(other, [{ name: `${slug}.yaml`, text: systemFile(slug, "Theirs.") }]);
  await other.getByRole("button", { name: "Import 1 change" }).click();
  await expect(other.getByRole("status")).toContainText("Imported: 0 created, 1 updated");
  const before = await revisionsOf(slug);

  await page.getByRole("button", { name: "Import 1 change" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "The portal changed since this preview was shown: nothing was imported." })).toBeVisible();
  expect(await revisionsOf(slug)).toEqual(before);
  expect(await query(`SELECT f."customerImpact" FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = $1`, [slug])).toEqual([{ customerImpact: "Theirs." }]);
  // The preview now compares with their version.
  await expect(page.locator("li", { hasText: "Queue stuck" }).first().locator("del")).toContainText("Theirs");
});

test("import: malformed files are problems with file, place and message; nothing is written and nothing can be confirmed", async ({ page }) => {
  const slug = slugOf(unique("broken"));
  const zip = zipSync({ "../../etc/passwd": strToU8("root:x:0:0"), [`systems/${slug}.yaml`]: strToU8(systemFile(slug, "Fine.")) });
  await upload(page, [
    { name: "syntax.yaml", text: `format: runbook-portal/v1\nkind: system\nslug: ${slug}-x\nname: [unclosed\n` },
    { name: "unknown.yaml", text: systemFile(`${slug}-y`, "x").replace("    severity: SEV2\n", "    severity: SEV2\n    colour: red\n") },
    { name: "missing.yaml", text: systemFile(`${slug}-z`, "x").replace("      - drain\n", "      - no-such-procedure\n") },
    { name: "runbooks.zip", bytes: zip },
  ]);
  const problems = page.getByRole("table");
  await expect(page.getByRole("heading", { name: /problems?: nothing can be imported/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /syntax\.yaml line \d+/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /unknown\.yaml .*failureModes\[0\] Unknown field "colour"/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /missing\.yaml failureModes\[0\]\.procedures .*no-such-procedure/ })).toBeVisible();
  await expect(problems.getByRole("row", { name: /runbooks\.zip .*leaves the zip|runbooks\.zip .*outside/ })).toBeVisible();
  await expect(page.getByRole("button", { name: /^Import \d+ change/ })).toHaveCount(0);
  expect(await query(`SELECT slug FROM "System" WHERE slug LIKE $1`, [`${slug}%`])).toEqual([]);
});
