import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { ENTITIES } from "@/lib/entries";
import { createEntity, deleteEntity } from "@/lib/entries/write";
import { loadDemo } from "@/lib/demo/load";
import { search } from "@/lib/search";
import { searchedTypes } from "@/lib/db/triggers-sql";
import { indexingInBulk } from "./bulk";

// An import writes its search rows in bulk, one statement per table before it commits,
// while the row triggers stand aside. The rows must be exactly the ones the triggers write,
// and found at once.

const database = await ownDatabase("search_bulk");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const actor = { id: null, name: "Bulk", role: "ADMIN" as const };

beforeAll(async () => {
  await loadDemo(); // an import of the demo runbooks: its search rows are written in bulk
});

const rows = () =>
  db.$queryRawUnsafe<Record<string, unknown>[]>(
    `SELECT "entityType", "entityId", "systemId", severity, kind, title, body, keys, deleted, "systemDeleted", head::text AS head, document::text AS document, sample
       FROM "SearchEntry" ORDER BY "entityType", "entityId"`,
  );

test("the rows written in bulk are the rows the triggers write, for every type", async () => {
  const bulk = await rows();
  expect(new Set(bulk.map((row) => row.entityType))).toEqual(new Set(searchedTypes().map((desc) => desc.type)));
  // Every entry saved again through its row trigger.
  for (const desc of searchedTypes()) await db.$executeRawUnsafe(`UPDATE "${desc.table}" SET id = id`);
  const byTrigger = await rows();
  expect(byTrigger.length).toBe(bulk.length);
  expect(bulk).toEqual(byTrigger);
});

test("in bulk, a row is written once at the end, not by a trigger per row, and found as soon as the transaction commits", async () => {
  let during: number | undefined;
  const id = await db.$transaction(async (tx) =>
    indexingInBulk(tx, async (written) => {
      const system = await createEntity(actor, "SYSTEM", { slug: "bulk-plinth", name: "Bulk plinth", tier: "TIER_3", reviewIntervalDays: 90, purpose: "Stacks the glorptangle" }, { changeNote: "new" }, { tx });
      written.add("SYSTEM", system.id);
      during = (await tx.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "SearchEntry" WHERE "entityId" = $1`, system.id))[0]!.n;
      return system.id;
    }),
  );
  expect(during).toBe(0);
  expect((await search({ q: "glorptangle" })).hits.map((hit) => hit.id)).toEqual([id]);
  // Outside bulk, the trigger writes the row again at once.
  const failureMode = await createEntity(actor, "FAILURE_MODE", { systemId: id, title: "Plinth wobbles", severity: "SEV3", alertNames: ["PlinthWobbleHigh"] }, { changeNote: "new" });
  expect((await search({ q: "PlinthWobbleHigh" })).hits.map((hit) => hit.id)).toEqual([failureMode.id]);
});

test("a system deleted in bulk takes its entries out of search with it", async () => {
  const system = await db.system.findFirstOrThrow({ where: { slug: "bulk-plinth" } });
  await db.$transaction(async (tx) =>
    indexingInBulk(tx, async (written) => {
      await deleteEntity(actor, "SYSTEM", system.id, system.version, { changeNote: "gone" }, { tx });
      written.add("SYSTEM", system.id);
    }),
  );
  const entries = await db.$queryRawUnsafe<{ entityType: string; systemDeleted: boolean; deleted: boolean }[]>(`SELECT "entityType", "systemDeleted", deleted FROM "SearchEntry" WHERE "systemId" = $1 ORDER BY "entityType"`, system.id);
  expect(entries).toEqual([
    { entityType: ENTITIES.SYSTEM.type, systemDeleted: false, deleted: true },
    { entityType: "FAILURE_MODE", systemDeleted: true, deleted: false },
  ]);
  expect((await search({ q: "PlinthWobbleHigh" })).hits).toEqual([]);
});
