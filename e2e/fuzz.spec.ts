import type { APIRequestContext, APIResponse, Page } from "@playwright/test";
import { z } from "zod";
import { systemSnapshotSchema, componentSchema, linkSchema } from "@/lib/validation/system";
import {
  contactSnapshotSchema,
  dependencySnapshotSchema,
  escalationLevelSnapshotSchema,
  failureModeSnapshotSchema,
  procedureSnapshotSchema,
  procedureStepSchema,
} from "@/lib/validation/runbook";
import { contextAs, createSystem, expect, formFields, query, test, toFormData, unique } from "./fixtures";

// Over a thousand malformed, oversized and forged variants of the portal's save, delete,
// restore and review actions, sent as the portal's own JavaScript sends them and as a
// browser without JavaScript posts a form. None may answer 5xx, none may say "something
// went wrong", and afterwards every row and every history entry must still be valid.

type Fields = [string, string][];
type Payload = { name: string; path: string; fields: Fields };
type Variant = { label: string; path: string; fields: Fields; envelopeIntact: boolean };

/** A small deterministic generator, so a failing variant can be found again. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const NASTY_VALUES: [string, string][] = [
  ["empty", ""],
  ["spaces", "   "],
  ["NUL", "before\u0000after"],
  ["control characters", "\u0001\u0002\u001b[31m\u007f"],
  ["unicode", "Ünïcödé 日本語 العربية 🔥👩‍💻 e\u0301"],
  ["right-to-left override", "abc\u202Eevil"],
  ["HTML", `<script>alert(1)</script><img src=x onerror=alert(1)>`],
  ["SQL", `'; DROP TABLE "System"; --`],
  ["template", "${7*7}{{7*7}}"],
  ["huge number", "1e309"],
  ["negative", "-1"],
  ["fraction", "1.5"],
  ["not a number", "NaN"],
  ["max int + 1", "2147483648"],
  ["object text", "[object Object]"],
  ["JSON", `{"__proto__":{"polluted":true}}`],
  ["long line", "x".repeat(25_000)],
  ["newlines", "a\r\nb\rc\nd"],
  ["lone surrogate", "\ud800"],
  ["id-like", "cmwsy15tg000uho7dblun1seg"],
  ["enum-like", "SEV1"],
  ["url", "javascript:alert(1)"],
];

const NASTY_NAMES: [string, string][] = [
  ["__proto__.polluted", "x"],
  ["constructor.prototype.polluted", "x"],
  ["steps.__proto__.x", "x"],
  ["links.99999999.url", "https://example.com"],
  ["alertNames.1000", "x"],
  ["a.b.c.d.e.f", "x"],
  ["x".repeat(500), "x"],
  ["name.0", "x"],
  ["steps.0", "x"],
  ["0", "x"],
  ["$ACTION_KEY", "k"],
  ["title[]", "x"],
  ["unknownField", "x"],
  ["procedureIds[]", "not-an-id!"],
  ["contactIds[]", "cnotarealcontact0000000000"],
];

const BOUND: [string, (bound: unknown[], ids: Ids) => unknown][] = [
  ["empty", () => []],
  ["one null", () => [null]],
  ["all null", (b) => b.map(() => null)],
  ["numbers", (b) => b.map((_, i) => i)],
  ["objects", (b) => b.map(() => ({ a: 1 }))],
  ["type USER", ([, ...rest]) => ["USER", ...rest]],
  ["unknown type", ([, ...rest]) => ["NOPE", ...rest]],
  ["type of another kind", ([type, ...rest]) => [type === "CONTACT" ? "SYSTEM" : "CONTACT", ...rest]],
  ["another entry's id", ([type, , ...rest], ids) => [type, ids.otherFailureMode, ...rest]],
  ["missing id", ([type, , ...rest]) => [type, "cmissing00000000000000000", ...rest]],
  ["huge id", ([type, , ...rest]) => [type, "c".repeat(5_000), ...rest]],
  ["NUL id", ([type, , ...rest]) => [type, "c\u0000x", ...rest]],
  ["forged system", ([type, id, , ...rest], ids) => [type, id, ids.otherSystem, ...rest]],
  ["deleted system", ([type, id, , ...rest], ids) => [type, id, ids.deletedSystem, ...rest]],
  ["create under a deleted system", ([type, , , ...rest], ids) => [type, null, ids.deletedSystem, ...rest]],
  ["create under no system", ([type, , , ...rest]) => [type, null, null, ...rest]],
  ["extra arguments", (b) => [...b, "extra", 1, null]],
  ["string", () => "SYSTEM"],
  ["nested", () => [[["SYSTEM"]]]],
];

type Ids = { otherSystem: string; deletedSystem: string; otherFailureMode: string };

const ACTION_BOUND = /^\$ACTION_\d+:1$/;
const ACTION_META = /^\$ACTION_\d+:0$/;

function variantsOf(payload: Payload, ids: Ids, next: () => number): Variant[] {
  const out: Variant[] = [];
  const add = (label: string, fields: Fields, envelopeIntact = true) => out.push({ label: `${payload.name}: ${label}`, path: payload.path, fields, envelopeIntact });
  const own = payload.fields.filter(([key]) => !key.startsWith("$ACTION"));
  const hasBound = payload.fields.some(([key]) => ACTION_BOUND.test(key));

  for (const [key] of own) add(`without ${key}`, payload.fields.filter(([k]) => k !== key));
  for (const [key] of own) {
    for (const [label, value] of NASTY_VALUES) {
      if (next() < 0.3) add(`${key} = ${label}`, payload.fields.map(([k, v]) => [k, k === key ? value : v]));
    }
  }
  // Large values cost upload time: each payload gets them in two of its fields.
  for (const [key] of own.slice(0, 2)) {
    add(`${key} = 100 kB`, payload.fields.map(([k, v]) => [k, k === key ? "y".repeat(100_000) : v]));
    add(`${key} = 1.5 MB`, payload.fields.map(([k, v]) => [k, k === key ? "z".repeat(1_500_000) : v]));
  }
  for (const [name, value] of NASTY_NAMES) add(`field named ${name.slice(0, 40)}`, [...payload.fields, [name, value]]);
  const versions: [string, string][] = [["0", "0"], ["-5", "-5"], ["abc", "abc"], ["huge", "99999999999"], ["fraction", "1.5"], ["stale", "1"], ["future", "999"]];
  for (const [label, value] of versions) {
    if (payload.fields.some(([k]) => k === "expectedVersion")) add(`expectedVersion ${label}`, payload.fields.map(([k, v]) => [k, k === "expectedVersion" ? value : v]));
  }
  add("3,000 extra fields", [...payload.fields, ...Array.from({ length: 3_000 }, (_, i) => [`extra${i}`, "x"] as [string, string])]);
  add("every field twice", [...payload.fields, ...own]);
  if (hasBound) {
    for (const [label, edit] of BOUND) {
      add(
        `bound arguments: ${label}`,
        payload.fields.map(([k, v]) => [k, ACTION_BOUND.test(k) ? JSON.stringify(edit(JSON.parse(v) as unknown[], ids)) : v]),
      );
    }
    add("bound arguments not JSON", payload.fields.map(([k, v]) => [k, ACTION_BOUND.test(k) ? "[not json" : v]), false);
    // React refuses more than 1,000 bound arguments before any of the portal's code runs.
    add("5,000 bound arguments", payload.fields.map(([k, v]) => [k, ACTION_BOUND.test(k) ? JSON.stringify(Array.from({ length: 5_000 }, (_, i) => i)) : v]), false);
    add("bound arguments missing", payload.fields.filter(([k]) => !ACTION_BOUND.test(k)), false);
  }
  add("action metadata not JSON", payload.fields.map(([k, v]) => [k, ACTION_META.test(k) ? "{nope" : v]), false);
  add("unknown action", payload.fields.map(([k, v]) => [k, ACTION_META.test(k) ? JSON.stringify({ id: "00".repeat(21), bound: "$@1" }) : v]), false);
  add("no action fields", own, false);
  return out;
}

/**
 * The same variant as the portal's own JavaScript sends it (a "fetch action": the action id
 * in a header, the arguments as React encodes them, the form fields prefixed), or null when
 * the variant breaks the envelope that encoding needs.
 */
function asFetchAction(fields: Fields): { action: string; body: FormData } | null {
  try {
    const meta = JSON.parse(fields.find(([k]) => ACTION_META.test(k))?.[1] ?? "") as { id?: unknown };
    const bound = JSON.parse(fields.find(([k]) => ACTION_BOUND.test(k))?.[1] ?? "") as unknown;
    if (typeof meta.id !== "string" || !Array.isArray(bound)) return null;
    const body = new FormData();
    for (const [name, value] of fields) if (!name.startsWith("$ACTION")) body.append(`_1_${name}`, value);
    body.append("0", JSON.stringify([...bound, "$K1"]));
    return { action: meta.id, body };
  } catch {
    return null;
  }
}

/** Most variants go as the portal's JavaScript sends them; every fifth, and those that break the envelope, as a browser without JavaScript posts a form. */
async function post(request: APIRequestContext, variant: Variant, index: number): Promise<APIResponse> {
  const fetchAction = index % 5 === 0 ? null : asFetchAction(variant.fields);
  if (fetchAction) {
    return request.post(variant.path, { headers: { "Next-Action": fetchAction.action, Accept: "text/x-component" }, multipart: fetchAction.body, maxRedirects: 0, timeout: 30_000 });
  }
  return request.post(variant.path, { multipart: toFormData(variant.fields), maxRedirects: 0, timeout: 30_000 });
}

/** Runs `work` over `items` with `width` requests in flight at once. */
async function pool<T>(items: T[], width: number, work: (item: T, index: number) => Promise<void>) {
  let index = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (index < items.length) {
        const mine = index++;
        await work(items[mine]!, mine);
      }
    }),
  );
}

/**
 * Names no other test searches for: the portal's search relaxes to "any word" when nothing
 * matches, so an entry named "Fuzz contact" would turn up in another test's search for a contact.
 */
function fuzzName(what: string) {
  return unique(`Zqxfuzz ${what}`);
}

async function capture(page: Page, path: string, button: string, prepare?: () => Promise<void>): Promise<Fields> {
  await page.goto(path);
  if (prepare) await prepare();
  return formFields(page, button);
}

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
