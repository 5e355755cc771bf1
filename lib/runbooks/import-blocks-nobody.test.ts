import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { saveEntry } from "@/lib/entries/save";
import { hashPassword } from "@/lib/auth/password";
import { signInWithPassword } from "@/lib/auth/sign-in";
import { loadDemo } from "@/lib/demo/load";
import { search } from "@/lib/search";
import { FORMAT, type RunbookFile } from "./format";
import { planImport } from "./plan";
import { applyImport } from "./apply";
import type { ReadDocument } from "./read";

// A long import holds nothing that others need: while 5,000 systems are imported in one
// transaction, a person signs in and another saves an edit (using a word the import brings
// in, which the spelling lexicon's unique index would otherwise make wait), each within
// the short transaction time every interactive request gets.

const database = await ownDatabase("import_blocks");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const SYSTEMS = 5_000;
const importer: Actor = { id: null, name: "Ivy Importer", role: "EDITOR" };

beforeAll(async () => {
  await loadDemo();
});

function documents(): ReadDocument[] {
  return Array.from({ length: SYSTEMS }, (_, i) => {
    const document = {
      format: FORMAT,
      kind: "system",
      slug: `estate-${i}`,
      name: `Estate system ${i}`,
      tier: "TIER_3",
      purpose: "Moves quarkleberry ledgers between regions.",
      failureModes: [{ key: "down", title: `Estate ${i} down`, severity: "SEV2", alertNames: [`Estate${i}Down`], immediateActions: ["Restart it."], procedures: ["restart"] }],
      procedures: [{ key: "restart", title: `Restart estate ${i}`, steps: [{ instruction: "Restart the service.", command: `systemctl restart estate-${i}` }] }],
    } as unknown as RunbookFile;
    return { file: `estate-${i}.yaml`, index: 1, text: "", document };
  });
}

/** Resolves once another connection's transaction has written something (it holds a transaction id). */
async function importWriting() {
  for (;;) {
    const [row] = await db.$queryRawUnsafe<{ writing: boolean }[]>(
      `SELECT count(*) > 0 AS writing FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL`,
    );
    if (row!.writing) return;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test("during a 5,000-system import, a sign-in and a save succeed, and the import's words are searchable once it is done", { timeout: 300_000 }, async () => {
  const plan = await planImport(documents());
  expect(plan.problems).toEqual([]);
  const user = await db.user.create({ data: { email: "dana@example.com", name: "Dana", role: "EDITOR", passwordHash: await hashPassword("correct horse battery staple") } });
  const editor: Actor = { id: user.id, name: user.name, role: "EDITOR" };
  const system = await db.system.findFirstOrThrow({ where: { deletedAt: null, changesNeedApproval: false }, orderBy: { slug: "asc" } });

  let importDone = false;
  const importing = applyImport(importer, plan).finally(() => {
    importDone = true;
  });
  await importWriting();

  const signIn = await signInWithPassword({ email: user.email, password: "correct horse battery staple", address: "203.0.113.9", userAgent: "vitest" });
  expect(signIn.kind).toBe("ok");
  const values = ENTITIES.SYSTEM.schema.parse({ ...system, purpose: `${system.purpose} Also reconciles quarkleberry ledgers.` });
  const saved = await saveEntry(editor, "SYSTEM", { id: system.id }, values, { expectedVersion: system.version, changeNote: "During the import", incidentRef: null });
  expect(saved.version).toBe(system.version + 1);
  // Both answered while the import was still running, not after it.
  expect(importDone).toBe(false);

  const result = await importing;
  expect(result.created).toBe(SYSTEMS * 3);
  expect(await db.system.count({ where: { slug: { startsWith: "estate-" } } })).toBe(SYSTEMS);
  // The audit log has every event of the import, after the sign-in and the save that committed first.
  const events = await db.auditEvent.findMany({ where: { action: { in: ["signin.succeeded", "entry.updated", "import.applied"] } }, orderBy: { seq: "asc" }, select: { action: true } });
  expect(events.map((e) => e.action).slice(-3)).toEqual(["signin.succeeded", "entry.updated", "import.applied"]);
  expect(await db.auditEvent.count({ where: { action: "entry.created", actorName: importer.name } })).toBe(SYSTEMS * 3);
  // The words the import brought in reach the spelling lexicon once it has committed.
  expect(await db.searchWord.count({ where: { word: "quarkleberry" } })).toBe(1);
  expect((await search({ q: "quarkleberry", types: ["SYSTEM"] })).hits.length).toBeGreaterThan(0);
});
