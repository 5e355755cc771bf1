import { afterAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { createEntity, deleteEntity } from "@/lib/entries/write";
import { listFailureModes } from "@/lib/data/failure-modes";
import { listDependencies } from "@/lib/data/dependencies";
import { ENTITIES, searchedFields, type EntryType } from "./index";
import { searchedTypes, searchFunctionBody } from "@/lib/db/triggers-sql";

// The descriptors are the one place that knows a type: the database's search triggers
// must be the ones generated from them (lib/db/triggers-sql.ts), indexing exactly the
// fields a descriptor marks searched; the page cache's triggers are held to
// lib/data/cache-tags.ts the same way. A field changed in one and not the other fails here.

const database = await ownDatabase("descriptors");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const RUNBOOK_TYPES = (Object.keys(ENTITIES) as EntryType[]).filter((type) => ENTITIES[type].segment);

async function triggerSource(table: string, name: string): Promise<string> {
  const [row] = await db.$queryRawUnsafe<{ source: string }[]>(
    `SELECT p.prosrc AS source FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = $1::regclass AND t.tgname = $2`,
    `"${table}"`,
    name,
  );
  return row?.source ?? "";
}

test.each(RUNBOOK_TYPES)("the search trigger of %s is the one its descriptor writes (lib/db/triggers-sql.ts)", async (type) => {
  const desc = ENTITIES[type];
  expect(await triggerSource(desc.table, `${desc.table}_search`)).toBe(searchFunctionBody(desc));
});

test("search indexes every type with searched fields, and only those", () => {
  expect(searchedTypes().map((desc) => desc.type).sort()).toEqual([...RUNBOOK_TYPES].sort());
});

test("a field marked searched reaches the trigger; one unmarked does not", () => {
  const desc = ENTITIES.DEPENDENCY;
  const body = searchFunctionBody(desc);
  expect(body).toContain('NEW."detection"');
  const unmarked = { ...desc, fields: { ...desc.fields, detection: { ...desc.fields.detection!, search: undefined } } };
  expect(searchFunctionBody(unmarked)).not.toContain('NEW."detection"');
  for (const field of searchedFields(desc)) expect(body).toContain(`NEW."${field}"`);
});

test("with “show deleted”, the filter box matches the same fields search does: a failure mode by its alert name or immediate action, a dependency by its detection", async () => {
  const actor = { id: null, name: "Filter", role: "ADMIN" as const };
  const system = await createEntity(actor, "SYSTEM", { slug: "filtered", name: "Filtered", tier: "TIER_3", reviewIntervalDays: 90 }, { changeNote: "new" });
  const fm = await createEntity(actor, "FAILURE_MODE", { systemId: system.id, title: "Gone", severity: "SEV3", alertNames: ["QuuxLagHigh"], immediateActions: ["Flush the zorblequeue"] }, { changeNote: "new" });
  await deleteEntity(actor, "FAILURE_MODE", fm.id, fm.version, { changeNote: "gone" });
  const dep = await createEntity(actor, "DEPENDENCY", { systemId: system.id, name: "Upstream", kind: "OTHER", detection: "Watch the frobnicator dashboard" }, { changeNote: "new" });
  await deleteEntity(actor, "DEPENDENCY", dep.id, dep.version, { changeNote: "gone" });
  const failureModes = (q: string) => listFailureModes({ q, showDeleted: true }).then((page) => page.rows.map((row) => row.id));
  expect(await failureModes("QuuxLagHigh")).toEqual([fm.id]);
  expect(await failureModes("zorbleQUEUE")).toEqual([fm.id]);
  expect((await listDependencies({ q: "frobnicator", showDeleted: true })).rows.map((row) => row.id)).toEqual([dep.id]);
});
