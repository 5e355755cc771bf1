import { afterAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { createEntity, deleteEntity } from "@/lib/entries/write";
import { listFailureModes } from "@/lib/data/failure-modes";
import { listDependencies } from "@/lib/data/dependencies";
import { ENTITIES, searchedFields, type EntryType } from "./index";

// The descriptors are the one place that knows a type: the database's triggers must
// index exactly the fields a descriptor marks searched (the page cache's triggers are
// held to lib/data/cache-tags.ts the same way). A field added to one and not the other fails here.

const database = await ownDatabase("descriptors");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const RUNBOOK_TYPES = (Object.keys(ENTITIES) as EntryType[]).filter((type) => ENTITIES[type].segment);

/** Columns a trigger function reads besides searched text: ids, state, and what a search row is filtered or titled by. */
const NOT_TEXT = new Set(["id", "systemId", "deletedAt", "severity", "kind", "tier", "level"]);

async function triggerSource(table: string, name: string): Promise<string> {
  const [row] = await db.$queryRawUnsafe<{ source: string }[]>(
    `SELECT p.prosrc AS source FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid WHERE t.tgrelid = $1::regclass AND t.tgname = $2`,
    `"${table}"`,
    name,
  );
  return row?.source ?? "";
}

test.each(RUNBOOK_TYPES)("the search trigger of %s indexes exactly the fields its descriptor marks searched", async (type) => {
  const desc = ENTITIES[type];
  const source = await triggerSource(desc.table, `${desc.table}_search`);
  expect(source, `${desc.table}_search exists`).not.toBe("");
  const read = new Set([...source.matchAll(/NEW\."?([A-Za-z]+)"?/g)].map((match) => match[1]!));
  const indexed = [...read].filter((column) => !NOT_TEXT.has(column)).sort();
  expect(indexed).toEqual([...searchedFields(desc)].sort());
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
