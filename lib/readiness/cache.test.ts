import { afterAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";

// The checklist of every system is reused while nothing is written, and read again after
// any write (in a database of its own: other files' writes would count too).

const database = await ownDatabase("runbook_readiness_cache");
const { db } = await import("@/lib/db");
const { PORTAL_ACTOR } = await import("@/lib/auth/roles");
const { saveEntry } = await import("@/lib/entries/save");
const { ENTITIES } = await import("@/lib/entries");
const { getEntitySnapshot } = await import("@/lib/entries/snapshot");
const { allReadinessFacts } = await import("./facts");

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

test("reused until a write, then read again with the change", async () => {
  const system = await saveEntry(PORTAL_ACTOR, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "cached", name: "Cached", tier: "TIER_2" }), { changeNote: "new", incidentRef: null });
  const first = await allReadinessFacts();
  expect(first.map((f) => [f.slug, f.onCall])).toEqual([["cached", ""]]);
  expect(await allReadinessFacts()).toBe(first);

  const current = (await getEntitySnapshot("SYSTEM", system.id))!;
  await saveEntry(PORTAL_ACTOR, "SYSTEM", { id: system.id }, ENTITIES.SYSTEM.schema.parse({ slug: "cached", name: "Cached", tier: "TIER_2", onCall: "#cached-oncall" }), {
    changeNote: "on-call",
    incidentRef: null,
    expectedVersion: current.version,
  });
  const after = await allReadinessFacts();
  expect(after).not.toBe(first);
  expect(after.map((f) => [f.slug, f.onCall])).toEqual([["cached", "#cached-oncall"]]);
  // A write by hand (not through the portal) counts too: the triggers see every statement.
  await db.$executeRaw`UPDATE "System" SET "onCall" = '' WHERE "id" = ${system.id}`;
  expect((await allReadinessFacts()).map((f) => f.onCall)).toEqual([""]);
});
