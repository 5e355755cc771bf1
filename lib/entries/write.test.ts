import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { ForbiddenError, type Actor } from "@/lib/auth/roles";
import { ConflictError, WriteRejectedError } from "@/lib/entries/errors";
import { createEntities, createEntity, deleteEntity, restoreRevision, updateEntity } from "@/lib/entries/write";
import { listRevisions } from "@/lib/history/revisions";
import { systemSchema } from "./system";
import { failureModeSchema } from "./failure-mode";

let editor: Actor;
let viewer: Actor;
const uid = () => Math.random().toString(36).slice(2, 10);

function systemValues(overrides: Record<string, unknown> = {}) {
  return systemSchema.parse({ slug: `sys-${uid()}`, name: "Billing API", tier: "TIER_2", purpose: "Takes payments", ...overrides });
}

beforeAll(async () => {
  const e = await db.user.create({ data: { email: `e-${uid()}@example.com`, name: "Erin Editor", role: "EDITOR", passwordHash: "x" } });
  const v = await db.user.create({ data: { email: `v-${uid()}@example.com`, name: "Vic Viewer", role: "VIEWER", passwordHash: "x" } });
  editor = { id: e.id, name: e.name, role: e.role };
  viewer = { id: v.id, name: v.name, role: v.role };
});

afterAll(() => db.$disconnect());

describe("history", () => {
  test("create, update, delete and restore each write one revision with a full snapshot", async () => {
    const created = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "Created" });
    expect(created.version).toBe(1);

    const v2 = await updateEntity(editor, "SYSTEM", created.id, 1, systemValues({ slug: created.slug, purpose: "Takes card payments" }), {
      changeNote: "Clarified purpose",
      incidentRef: "INC-2041",
    });
    expect(v2.version).toBe(2);
    const v3 = await deleteEntity(editor, "SYSTEM", created.id, 2, { changeNote: "Retired" });
    expect(v3.deletedAt).toBeInstanceOf(Date);
    const v4 = await restoreRevision(editor, "SYSTEM", created.id, 2, 3, { changeNote: "Back in service" });
    expect(v4.version).toBe(4);
    expect(v4.deletedAt).toBeNull();

    const revisions = await listRevisions("SYSTEM", created.id as string);
    expect(revisions.map((r) => [r.version, r.action])).toEqual([
      [4, "RESTORE"],
      [3, "DELETE"],
      [2, "UPDATE"],
      [1, "CREATE"],
    ]);
    const byVersion = new Map(revisions.map((r) => [r.version, r]));
    expect(byVersion.get(2)!.incidentRef).toBe("INC-2041");
    expect(byVersion.get(2)!.authorName).toBe("Erin Editor");
    expect(byVersion.get(4)!.snapshot).toEqual(byVersion.get(2)!.snapshot);
    expect((byVersion.get(3)!.snapshot as { deletedAt: string | null }).deletedAt).not.toBeNull();
  });

  test("restoring an old version brings back its content as a new version", async () => {
    const created = await createEntity(editor, "SYSTEM", systemValues({ purpose: "First words" }), { changeNote: "Created" });
    const slug = created.slug as string;
    await updateEntity(editor, "SYSTEM", created.id, 1, systemValues({ slug, purpose: "Second words", tier: "TIER_1" }), { changeNote: "b" });
    const restored = await restoreRevision(editor, "SYSTEM", created.id, 1, 2, { changeNote: "Restore version 1" });
    expect(restored).toMatchObject({ version: 3, purpose: "First words", tier: "TIER_2" });
  });

  test("many-to-many links are kept in snapshots and restored", async () => {
    const system = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    const procedure = await createEntity(editor, "PROCEDURE", { title: "Replay", systemId: system.id }, { changeNote: "c" });
    const base = failureModeSchema.parse({ title: "Timeout", severity: "SEV2", alertNames: ["BillingTimeout"] });
    const fm = await createEntity(editor, "FAILURE_MODE", { ...base, systemId: system.id, procedureIds: [procedure.id] }, { changeNote: "c" });
    await updateEntity(editor, "FAILURE_MODE", fm.id, 1, { ...base, procedureIds: [] }, { changeNote: "unlink" });
    const restored = await restoreRevision(editor, "FAILURE_MODE", fm.id, 1, 2, { changeNote: "relink" });
    expect(restored.procedures).toEqual([{ id: procedure.id }]);
    const [latest] = await listRevisions("FAILURE_MODE", fm.id);
    expect((latest!.snapshot as { procedureIds: string[] }).procedureIds).toEqual([procedure.id]);
  });
});

describe("optimistic locking", () => {
  test("a save from a stale version is refused and changes nothing", async () => {
    const created = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    const slug = created.slug as string;
    await updateEntity(editor, "SYSTEM", created.id, 1, systemValues({ slug, purpose: "Alice's edit" }), { changeNote: "a" });
    const stale = updateEntity(editor, "SYSTEM", created.id, 1, systemValues({ slug, purpose: "Bob's edit" }), { changeNote: "b" });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);
    await stale.catch((error: ConflictError) => {
      expect(error.currentVersion).toBe(2);
      expect(error.current.purpose).toBe("Alice's edit");
    });
    const row = await db.system.findUniqueOrThrow({ where: { id: created.id } });
    expect([row.version, row.purpose]).toEqual([2, "Alice's edit"]);
    expect(await db.revision.count({ where: { entityId: created.id } })).toBe(2);
  });

  test("two concurrent saves from the same version: exactly one wins", async () => {
    const created = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    const slug = created.slug as string;
    const results = await Promise.allSettled(
      ["one", "two", "three"].map((word) => updateEntity(editor, "SYSTEM", created.id, 1, systemValues({ slug, purpose: word }), { changeNote: word })),
    );
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(results.filter((r) => r.status === "rejected").every((r) => (r as PromiseRejectedResult).reason instanceof ConflictError)).toBe(true);
    expect(await db.revision.count({ where: { entityId: created.id } })).toBe(2);
  });

  test("a deleted entry cannot be edited until it is restored", async () => {
    const created = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    await deleteEntity(editor, "SYSTEM", created.id, 1, { changeNote: "gone" });
    await expect(updateEntity(editor, "SYSTEM", created.id, 2, systemValues({ slug: created.slug }), { changeNote: "x" })).rejects.toBeInstanceOf(
      WriteRejectedError,
    );
  });
});

describe("role checks", () => {
  test("a viewer can neither create, edit, delete nor restore", async () => {
    const created = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    await expect(createEntity(viewer, "SYSTEM", systemValues(), { changeNote: "c" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(updateEntity(viewer, "SYSTEM", created.id, 1, systemValues(), { changeNote: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteEntity(viewer, "SYSTEM", created.id, 1, { changeNote: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(restoreRevision(viewer, "SYSTEM", created.id, 1, 1, { changeNote: "x" })).rejects.toBeInstanceOf(ForbiddenError);
    expect((await db.system.findUniqueOrThrow({ where: { id: created.id } })).version).toBe(1);
  });

  test("only admins write users", async () => {
    await expect(
      createEntity(editor, "USER", { email: `x-${uid()}@example.com`, name: "X", role: "ADMIN", disabled: false }, { changeNote: "c" }, { columns: { passwordHash: "x" } }),
    ).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe("append-only history", () => {
  test("the database refuses to change or delete a revision", async () => {
    const created = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    await expect(db.revision.updateMany({ where: { entityId: created.id }, data: { changeNote: "rewritten" } })).rejects.toThrow(/append-only/);
    await expect(db.revision.deleteMany({ where: { entityId: created.id } })).rejects.toThrow(/append-only/);
    expect(await db.revision.count({ where: { entityId: created.id, changeNote: "c" } })).toBe(1);
  });

  test("a failed write leaves no revision behind", async () => {
    const taken = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    const before = await db.revision.count();
    await expect(createEntity(editor, "SYSTEM", systemValues({ slug: taken.slug }), { changeNote: "dup" })).rejects.toBeInstanceOf(WriteRejectedError);
    expect(await db.revision.count()).toBe(before);
  });
});

describe("creating many at once", () => {
  const meta = { changeNote: "Imported" };

  test("rows come back in order, with keys unique within the batch, links and a version-1 revision each", async () => {
    const system = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    const procedure = await createEntity(editor, "PROCEDURE", { title: "Replay", systemId: system.id }, { changeNote: "c" });
    const base = failureModeSchema.parse({ title: "Timeout", severity: "SEV2", alertNames: [] });
    const rows = await createEntities(editor, "FAILURE_MODE", [
      { values: { ...base, systemId: system.id, procedureIds: [procedure.id] }, meta },
      { values: { ...base, systemId: system.id, procedureIds: [] }, meta },
      { values: { ...base, title: "Disk full", systemId: system.id, procedureIds: [procedure.id] }, meta: { changeNote: "Imported from b.yaml" } },
    ]);
    expect(rows.map((row) => [row.title, row.key, row.version])).toEqual([
      ["Timeout", "timeout", 1],
      ["Timeout", "timeout-2", 1],
      ["Disk full", "disk-full", 1],
    ]);
    expect(rows.map((row) => row.procedures)).toEqual([[{ id: procedure.id }], [], [{ id: procedure.id }]]);
    const stored = await db.failureMode.findMany({ where: { systemId: system.id }, include: { procedures: { select: { id: true } } }, orderBy: { key: "asc" } });
    expect(stored.map((fm) => [fm.key, fm.procedures.length])).toEqual([["disk-full", 1], ["timeout", 1], ["timeout-2", 0]]);
    const [third] = await listRevisions("FAILURE_MODE", rows[2]!.id);
    expect(third).toMatchObject({ version: 1, action: "CREATE", changeNote: "Imported from b.yaml", authorName: "Erin Editor" });
    expect((third!.snapshot as { procedureIds: string[] }).procedureIds).toEqual([procedure.id]);
  });

  test("one broken rule rejects the whole batch, naming the entry at fault, and writes nothing", async () => {
    const taken = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    const fresh = systemValues();
    const meta = { changeNote: `Refused batch ${uid()}` };
    const attempts = [
      [systemValues(), systemValues({ slug: taken.slug })],
      [fresh, systemValues(), systemValues({ slug: fresh.slug })],
    ];
    for (const batch of attempts) {
      const error = await createEntities(editor, "SYSTEM", batch.map((values) => ({ values, meta }))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WriteRejectedError);
      expect((error as WriteRejectedError).item).toBe(batch.length - 1);
      expect((error as WriteRejectedError).field).toBe("slug");
    }
    const system = await createEntity(editor, "SYSTEM", systemValues(), { changeNote: "c" });
    const base = failureModeSchema.parse({ title: "Lost link", severity: "SEV3", alertNames: [] });
    const missing = await createEntities(editor, "FAILURE_MODE", [
      { values: { ...base, systemId: system.id, procedureIds: [] }, meta },
      { values: { ...base, systemId: system.id, procedureIds: ["no-such-procedure"] }, meta },
    ]).catch((e: unknown) => e);
    expect(missing).toMatchObject({ item: 1 });
    expect(await db.failureMode.count({ where: { systemId: system.id } })).toBe(0);
    expect(await db.system.count({ where: { slug: fresh.slug } })).toBe(0);
    expect(await db.revision.count({ where: { changeNote: meta.changeNote } })).toBe(0);
  });

  test("two imports racing for one slug: one wins, the other is refused in words, not a crash", async () => {
    const values = systemValues();
    const results = await Promise.allSettled([0, 1].map(() => createEntities(editor, "SYSTEM", [{ values, meta }, { values: systemValues(), meta }])));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(WriteRejectedError);
    expect(refused.reason).toMatchObject({ field: "slug" });
    expect(await db.system.count({ where: { slug: values.slug } })).toBe(1);
  });

  test("a viewer cannot create in bulk either", async () => {
    await expect(createEntities(viewer, "SYSTEM", [{ values: systemValues(), meta }])).rejects.toBeInstanceOf(ForbiddenError);
  });
});
