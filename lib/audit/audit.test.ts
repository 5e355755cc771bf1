import { afterAll, expect, test } from "vitest";
import pg from "pg";
import { spawnSync } from "node:child_process";
import { ownDatabase } from "@/test/own-database";

// The audit log, in a database of its own (the chain spans every event of the database):
// one event per audited write in the same transaction, none for a refused one, and a
// chain that shows an edited or a removed event.

const database = await ownDatabase("runbook_audit");
const { db } = await import("@/lib/db");
const { saveEntry, deleteEntry } = await import("@/lib/entries/save");
const { ENTITIES } = await import("@/lib/entries");
const { ConflictError } = await import("@/lib/entries/errors");
const { createEntities, restoreRevision } = await import("@/lib/entries/write");
const { verifyAuditChain } = await import("./verify");

const editor = { id: null, name: "Erin Editor", role: "EDITOR" as const };
const meta = { changeNote: "test", incidentRef: null };
type Event = { seq: bigint; action: string; entityId: string | null; systemId: string | null; revisionId: string | null; actorName: string; detail: Record<string, unknown> };
const events = () => db.$queryRaw<Event[]>`SELECT "seq", "action", "entityId", "systemId", "revisionId", "actorName", "detail" FROM "AuditEvent" ORDER BY "seq"`;

/** Runs `sql` as the database superuser with the append-only trigger off: what an attacker with the keys could do. */
async function tamper(sql: string) {
  // (the test's own database is reached as the server's superuser)
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_append_only"`);
    await client.query(sql);
    await client.query(`ALTER TABLE "AuditEvent" ENABLE TRIGGER "AuditEvent_append_only"`);
  } finally {
    await client.end();
  }
}

/** `npm run audit:verify -- <args>` (its script, as npm runs it) on this file's database. */
function verifyCommand(...args: string[]) {
  return spawnSync(process.execPath, ["--import", "tsx", "scripts/audit-verify.mts", ...args], { env: { ...process.env, DATABASE_URL: database.url }, encoding: "utf8", timeout: 60_000 });
}

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

test("every save, delete and restore writes one event linking its revision; a refused save writes none; the chain holds and the log refuses changes", async () => {
  const system = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "audited", name: "Audited", tier: "TIER_2" }), meta);
  const procedure = await saveEntry(editor, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Restart" }), meta);
  await saveEntry(editor, "PROCEDURE", { id: procedure.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Restart it" }), { ...meta, changeNote: "clearer", incidentRef: "INC-9", expectedVersion: 1 });
  await expect(saveEntry(editor, "PROCEDURE", { id: procedure.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Stale" }), { ...meta, expectedVersion: 1 })).rejects.toBeInstanceOf(ConflictError);
  await deleteEntry(editor, "PROCEDURE", procedure.id, { ...meta, expectedVersion: 2 });
  await restoreRevision(editor, "PROCEDURE", procedure.id, 2, 3, meta);
  // Many at once (an import): one event each, in order.
  await createEntities(editor, "CONTACT", ["A", "B", "C"].map((name) => ({ values: ENTITIES.CONTACT.schema.parse({ name: `Contact ${name}`, kind: "TEAM" }), meta })));

  const log = await events();
  expect(log.map((e) => e.action)).toEqual(["entry.created", "entry.created", "entry.updated", "entry.deleted", "entry.restored", "entry.created", "entry.created", "entry.created"]);
  const revisions = await db.revision.findMany({ orderBy: [{ createdAt: "asc" }], select: { id: true, entityId: true } });
  expect(new Set(log.map((e) => e.revisionId))).toEqual(new Set(revisions.map((r) => r.id)));
  expect(log[2]).toMatchObject({ entityId: procedure.id, systemId: system.id, actorName: "Erin Editor", detail: { version: 2, title: "Restart it", changeNote: "clearer", incidentRef: "INC-9" } });
  expect(log.slice(5).map((e) => (e.detail as { title: string }).title)).toEqual(["Contact A", "Contact B", "Contact C"]);
  // Numbered in order, without gaps here (no transaction was rolled back after inserting one).
  expect(log.map((e) => Number(e.seq))).toEqual(log.map((_, i) => Number(log[0]!.seq) + i));

  expect(await verifyAuditChain(database.url)).toMatchObject({ events: 8, breaks: [], head: { seq: String(log[7]!.seq), hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  const intact = verifyCommand();
  expect(intact.status, intact.stderr).toBe(0);
  expect(intact.stdout).toContain("audit log intact: 8 events");
  await expect(db.$executeRaw`UPDATE "AuditEvent" SET "actorName" = 'Nobody'`).rejects.toThrow(/append-only/);
  await expect(db.$executeRaw`DELETE FROM "AuditEvent"`).rejects.toThrow(/append-only/);
});

test("TRUNCATE of the audit log, history, change requests or runs is refused, directly or by cascade, and every row stays; history refuses UPDATE and DELETE", async () => {
  const count = async () => (await db.$queryRaw<{ events: bigint; revisions: bigint }[]>`SELECT (SELECT count(*) FROM "AuditEvent") AS events, (SELECT count(*) FROM "Revision") AS revisions`)[0]!;
  const before = await count();
  expect(before.events).toBeGreaterThan(0n);
  expect(before.revisions).toBeGreaterThan(0n);
  for (const table of ["AuditEvent", "Revision", "RunStep"]) {
    await expect(db.$executeRawUnsafe(`TRUNCATE "${table}"`), table).rejects.toThrow(`${table} rows are kept (TRUNCATE refused)`);
  }
  // (Revisions point at change requests and runs: those two need CASCADE, which reaches the revisions' guard.)
  for (const table of ["AuditEvent", "Revision", "ChangeRequest", "Run", "RunStep"]) {
    await expect(db.$executeRawUnsafe(`TRUNCATE "${table}" CASCADE`), table).rejects.toThrow(/rows are kept \(TRUNCATE refused\)/);
  }
  // Emptying the entries takes their history with them (CASCADE), which is refused as a whole.
  await expect(db.$executeRawUnsafe(`TRUNCATE "System", "Contact" CASCADE`)).rejects.toThrow(/rows are kept \(TRUNCATE refused\)/);
  await expect(db.$executeRaw`UPDATE "Revision" SET "changeNote" = 'rewritten'`).rejects.toThrow(/append-only/);
  await expect(db.$executeRaw`DELETE FROM "Revision"`).rejects.toThrow(/append-only/);
  expect(await count()).toEqual(before);
  expect(await db.system.count()).toBeGreaterThan(0);
});

test("a hash kept elsewhere (--expect) must still be in the chain: found, it says how many events came after; cut off the end, the chain holds but the check fails", async () => {
  const log = await db.auditEvent.findMany({ orderBy: { seq: "asc" }, select: { seq: true, hash: true } });
  const [kept, last] = [log.at(-3)!, log.at(-1)!];
  expect((await verifyAuditChain(database.url, { expect: kept.hash })).expected).toEqual({ seq: String(kept.seq), at: expect.any(String), after: 2 });
  const found = verifyCommand("--expect", kept.hash.toUpperCase());
  expect(found.status, found.stderr).toBe(0);
  expect(found.stdout).toContain(`expected hash found: event ${kept.seq} at `);
  expect(found.stdout).toContain("2 events came after it");
  expect(verifyCommand("--expect", "not-a-hash").status).toBe(2);
  expect(verifyCommand("--expected", kept.hash).status).toBe(2);

  // Cutting the newest event off leaves a chain whose every link holds: only a hash kept elsewhere shows it.
  await tamper(`DELETE FROM "AuditEvent" WHERE "seq" = ${last.seq}`);
  expect(await verifyAuditChain(database.url, { expect: last.hash })).toMatchObject({ breaks: [], expected: null });
  expect(verifyCommand().status).toBe(0);
  const cut = verifyCommand("--expect", last.hash);
  expect(cut.status).toBe(1);
  expect(cut.stderr).toContain(`the chain was cut or rewritten: no event has hash ${last.hash}`);
  expect(cut.stdout).not.toContain("last event:");
});

test("an edited event and a removed event break the chain where they were", async () => {
  const log = await events();
  const third = log[2]!.seq;
  await tamper(`UPDATE "AuditEvent" SET "actorName" = 'Someone else' WHERE "seq" = ${third}`);
  expect((await verifyAuditChain(database.url)).breaks).toEqual([{ seq: String(third), problem: "edited" }]);
  // Re-hashing the edited event to hide the edit breaks the link of the event after it.
  await tamper(`UPDATE "AuditEvent" e SET "hash" = "audit_event_hash"(e) WHERE "seq" = ${third}`);
  expect((await verifyAuditChain(database.url)).breaks).toEqual([{ seq: String(log[3]!.seq), problem: "link" }]);
  await tamper(`DELETE FROM "AuditEvent" WHERE "seq" = ${log[5]!.seq}`);
  expect((await verifyAuditChain(database.url)).breaks).toContainEqual({ seq: String(log[6]!.seq), problem: "link" });
  // `npm run audit:verify` exits non-zero and names the events.
  const broken = verifyCommand();
  expect(broken.status).toBe(1);
  expect(broken.stderr).toContain(`event ${log[6]!.seq}: it does not follow the event before it`);
});
