import type { APIRequestContext, Page } from "@playwright/test";
import { z } from "zod";
import { componentSchema, linkSchema } from "@/lib/validation/system";
import { procedureStepSchema } from "@/lib/validation/procedure";
import { systemSnapshotSchema } from "@/lib/entries/system";
import { contactSnapshotSchema } from "@/lib/entries/contact";
import { dependencySnapshotSchema } from "@/lib/entries/dependency";
import { escalationLevelSnapshotSchema } from "@/lib/entries/escalation-level";
import { failureModeSnapshotSchema } from "@/lib/entries/failure-mode";
import { procedureSnapshotSchema } from "@/lib/entries/procedure";
import { contextAs, createSystem, expect, query, test } from "./fixtures";
import { capture, fuzzName, pool, post, random, variantsOf, type Ids, type Payload, type Variant } from "./fuzz-helpers";

// Over a thousand malformed, oversized and forged variants of the portal's save, delete,
// restore and review actions, sent as the portal's own JavaScript sends them and as a
// browser without JavaScript posts a form. None may answer 5xx, none may say "something
// went wrong", and afterwards every row and every history entry must still be valid.

test("a thousand malformed and forged action requests: no 5xx, no generic error, every row still valid", async ({ page, browser }) => {
  test.setTimeout(300_000);
  const slug = await createSystem(page, fuzzName("target"), "Takes a beating.");
  const child = async (segment: string, fill: (p: Page) => Promise<void>) => {
    await page.goto(`/systems/${slug}/${segment}/new`);
    await fill(page);
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved as version 1");
    return new URL(page.url()).pathname.split("/")[2]!;
  };
  const procedure = await child("procedures", async (p) => {
    await p.getByLabel("Title", { exact: true }).fill(fuzzName("drain"));
    await p.getByRole("button", { name: "Add step" }).click();
    await p.getByLabel("Step 1 instruction").fill("Stop the consumers");
    await p.getByLabel("Step 1 command").fill("kubectl scale deploy/consumer --replicas=0");
  });
  const failureMode = await child("failure-modes", async (p) => {
    await p.getByLabel("Title", { exact: true }).fill(fuzzName("backlog"));
    await p.getByLabel("Severity").selectOption("SEV2");
  });
  const dependency = await child("dependencies", async (p) => {
    await p.getByLabel("Name", { exact: true }).fill(fuzzName("broker"));
    await p.getByLabel("Kind").selectOption("QUEUE");
  });
  const level = await child("escalation-levels", async (p) => {
    await p.getByLabel("Name", { exact: true }).fill(fuzzName("ladder"));
  });
  await page.goto("/contacts/new");
  await page.getByLabel("Name", { exact: true }).fill(fuzzName("desk"));
  await page.getByLabel("Kind").selectOption("TEAM");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 1");
  const contact = new URL(page.url()).pathname.split("/")[2]!;

  const deletedSlug = await createSystem(page, fuzzName("retired"));
  await page.goto(`/systems/${deletedSlug}`);
  await page.getByText("Delete this system").click();
  await page.getByLabel("Change note").fill("gone");
  await page.getByRole("button", { name: "Delete system" }).click();
  await expect(page.getByText(/was deleted/).first()).toBeVisible();
  // Every entry the variants may name is this test's own: other tests run beside it on the same data.
  const otherSlug = await createSystem(page, fuzzName("neighbour"));
  const otherFailureMode = await child("failure-modes", async (p) => {
    await p.getByLabel("Title", { exact: true }).fill(fuzzName("second"));
    await p.getByLabel("Severity").selectOption("SEV4");
  });
  const ids: Ids = {
    otherSystem: (await query<{ id: string }>(`SELECT id FROM "System" WHERE slug = $1`, [otherSlug]))[0]!.id,
    deletedSystem: (await query<{ id: string }>(`SELECT id FROM "System" WHERE slug = $1`, [deletedSlug]))[0]!.id,
    otherFailureMode,
  };
  const parentsBefore = await query(`SELECT id, "systemId" FROM "FailureMode" UNION ALL SELECT id, "systemId" FROM "RemediationProcedure" UNION ALL SELECT id, "systemId" FROM "Dependency" UNION ALL SELECT id, "systemId" FROM "EscalationLevel" ORDER BY id`);

  const note = async () => page.getByLabel("Change note").fill("fuzzed");
  // A second version, so that the history page offers "Restore version 1".
  await page.goto(`/systems/${slug}/edit`);
  await page.getByLabel("Purpose").fill("Takes a beating, twice.");
  await note();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("status")).toContainText("Saved as version 2");
  const payloads: Payload[] = [
    { name: "system edit", path: `/systems/${slug}/edit`, fields: await capture(page, `/systems/${slug}/edit`, "Save", note) },
    { name: "system create", path: "/systems/new", fields: await capture(page, "/systems/new", "Save", async () => page.getByLabel("Name", { exact: true }).fill(fuzzName("fresh"))) },
    { name: "failure mode edit", path: `/failure-modes/${failureMode}/edit`, fields: await capture(page, `/failure-modes/${failureMode}/edit`, "Save", note) },
    { name: "procedure edit", path: `/procedures/${procedure}/edit`, fields: await capture(page, `/procedures/${procedure}/edit`, "Save", note) },
    { name: "dependency edit", path: `/dependencies/${dependency}/edit`, fields: await capture(page, `/dependencies/${dependency}/edit`, "Save", note) },
    { name: "escalation level edit", path: `/escalation-levels/${level}/edit`, fields: await capture(page, `/escalation-levels/${level}/edit`, "Save", note) },
    { name: "contact edit", path: `/contacts/${contact}/edit`, fields: await capture(page, `/contacts/${contact}/edit`, "Save", note) },
    {
      name: "failure mode create",
      path: `/systems/${slug}/failure-modes/new`,
      fields: await capture(page, `/systems/${slug}/failure-modes/new`, "Save", async () => page.getByLabel("Title", { exact: true }).fill(fuzzName("created"))),
    },
    {
      name: "delete",
      path: `/dependencies/${dependency}`,
      fields: await capture(page, `/dependencies/${dependency}`, "Delete dependency", async () => {
        await page.getByText("Delete this dependency").click();
        await page.getByLabel("Change note").fill("fuzzed");
      }),
    },
    { name: "restore", path: `/systems/${slug}/history`, fields: await capture(page, `/systems/${slug}/history`, "Restore version 1") },
    { name: "mark reviewed", path: `/systems/${slug}`, fields: await capture(page, `/systems/${slug}`, "Mark reviewed") },
  ];

  const next = random(20261123);
  const variants = payloads.flatMap((payload) => variantsOf(payload, ids, next));
  expect(variants.length).toBeGreaterThanOrEqual(1_000);

  const failures: string[] = [];
  const check = async (request: APIRequestContext, variant: Variant, index: number, who: string) => {
    const answer = await post(request, variant, index);
    const status = answer.status();
    const body = status === 200 ? await answer.text() : "";
    if (status >= 500) failures.push(`${who} ${variant.label}: HTTP ${status}`);
    else if (body.includes("Something went wrong on our side")) failures.push(`${who} ${variant.label}: generic error`);
    else if (variant.envelopeIntact && answer.headers()["x-portal-refused"]) failures.push(`${who} ${variant.label}: reached the framework's error path`);
  };
  await pool(variants, 4, (variant, index) => check(page.request, variant, index, "editor"));

  // The same requests from a viewer: refused, whatever they hold.
  const viewer = await contextAs(browser, page, "Viewer");
  await pool(variants.filter((_, i) => i % 8 === 0), 4, (variant, index) => check(viewer.context.request, variant, index, "viewer"));
  expect(await query(`SELECT count(*)::int AS n FROM "Revision" r JOIN "User" u ON u.id = r."authorId" WHERE u.email = $1`, [viewer.email])).toEqual([{ n: 0 }]);
  await viewer.context.close();

  expect(failures).toEqual([]);

  // Still serving everyone.
  const stranger = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  expect((await stranger.request.get("/login")).status()).toBe(200);
  await stranger.close();
  expect((await page.request.get(`/systems/${slug}`)).status()).toBe(200);

  // Every row is valid, its history complete, and no entry changed system.
  const latest = await query<{ entityType: string; entityId: string; version: number; snapshot: Record<string, unknown>; revisions: number }>(`
    SELECT DISTINCT ON (r."entityType", r."entityId") r."entityType", r."entityId", r.version, r.snapshot,
           count(*) OVER (PARTITION BY r."entityType", r."entityId")::int AS revisions
    FROM "Revision" r ORDER BY r."entityType", r."entityId", r.version DESC`);
  const schemas: Record<string, z.ZodType> = {
    SYSTEM: systemSnapshotSchema,
    DEPENDENCY: dependencySnapshotSchema,
    FAILURE_MODE: failureModeSnapshotSchema,
    PROCEDURE: procedureSnapshotSchema,
    ESCALATION_LEVEL: escalationLevelSnapshotSchema,
    CONTACT: contactSnapshotSchema,
  };
  const invalid = latest.filter((r) => schemas[r.entityType] && !schemas[r.entityType]!.safeParse(r.snapshot).success).map((r) => `${r.entityType} ${r.entityId}`);
  expect(invalid).toEqual([]);
  expect(latest.filter((r) => r.revisions !== r.version).map((r) => `${r.entityType} ${r.entityId}`)).toEqual([]);
  const tables = { SYSTEM: "System", DEPENDENCY: "Dependency", FAILURE_MODE: "FailureMode", PROCEDURE: "RemediationProcedure", ESCALATION_LEVEL: "EscalationLevel", CONTACT: "Contact" };
  for (const [type, table] of Object.entries(tables)) {
    const stale = await query(
      `SELECT t.id FROM "${table}" t LEFT JOIN LATERAL (SELECT max(version) AS v FROM "Revision" r WHERE r."entityType" = $1 AND r."entityId" = t.id) h ON true WHERE h.v IS DISTINCT FROM t.version`,
      [type],
    );
    expect(stale, `${table} rows whose version has no revision`).toEqual([]);
  }
  for (const row of await query<{ components: unknown; links: unknown }>(`SELECT components, links FROM "System"`)) {
    expect(z.array(componentSchema).safeParse(row.components).success && z.array(linkSchema).safeParse(row.links).success).toBe(true);
  }
  for (const row of await query<{ steps: unknown }>(`SELECT steps FROM "RemediationProcedure"`)) expect(z.array(procedureStepSchema).safeParse(row.steps).success).toBe(true);
  expect(await query(`SELECT fm.id FROM "_FailureModeToRemediationProcedure" l JOIN "FailureMode" fm ON fm.id = l."A" JOIN "RemediationProcedure" p ON p.id = l."B" WHERE fm."systemId" <> p."systemId"`)).toEqual([]);
  expect(await query(`SELECT id FROM "Dependency" WHERE "dependsOnSystemId" = "systemId"`)).toEqual([]);
  const parentsAfter = await query(`SELECT id, "systemId" FROM "FailureMode" UNION ALL SELECT id, "systemId" FROM "RemediationProcedure" UNION ALL SELECT id, "systemId" FROM "Dependency" UNION ALL SELECT id, "systemId" FROM "EscalationLevel" ORDER BY id`);
  const before = new Map(parentsBefore.map((r) => [r.id as string, r.systemId]));
  expect(parentsAfter.filter((r) => before.has(r.id as string) && before.get(r.id as string) !== r.systemId)).toEqual([]);
  // Nothing was created under the deleted system, whatever the bound arguments said.
  expect(await query(`SELECT id FROM "FailureMode" WHERE "systemId" = $1`, [ids.deletedSystem])).toEqual([]);
});
