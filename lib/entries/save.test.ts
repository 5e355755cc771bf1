import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { ForbiddenError, type Actor } from "@/lib/auth/roles";
import { ConflictError, WriteRejectedError } from "@/lib/entries/errors";
import { listRevisions } from "@/lib/history/revisions";
import { restoreRevision } from "@/lib/entries/write";
import { deleteEntry, saveEntry } from "@/lib/entries/save";
import { getSystemOverview } from "@/lib/data/systems";
import { listReadiness } from "@/lib/readiness/facts";
import { ENTITIES, type EntryType } from "@/lib/entries";

// History, locking and role checks for all entry types through the one save path the
// forms use, plus the reference rules each type adds.

let editor: Actor;
let viewer: Actor;
const uid = () => Math.random().toString(36).slice(2, 10);

async function newSystem(name = "Host") {
  return saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: `host-${uid()}`, name, tier: "TIER_2" }), { changeNote: "Created", incidentRef: null });
}

async function newContact(name = "Dana Ops") {
  return saveEntry(editor, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name, kind: "PERSON" }), { changeNote: "Created", incidentRef: null });
}

/** Valid form input for each type, with one text field (`field`) the test changes. */
const CASES: { type: EntryType; field: string; input: (refs: { contactId: string }) => Record<string, unknown> }[] = [
  { type: "SYSTEM", field: "purpose", input: () => ({ slug: `s-${uid()}`, name: "Billing", tier: "TIER_1", purpose: "one" }) },
  { type: "DEPENDENCY", field: "impact", input: () => ({ name: "Textract", kind: "CLOUD_SERVICE", impact: "one" }) },
  { type: "FAILURE_MODE", field: "customerImpact", input: () => ({ title: "Timeout", severity: "SEV2", alertNames: ["A1"], immediateActions: ["Look"], customerImpact: "one" }) },
  { type: "PROCEDURE", field: "verification", input: () => ({ title: "Re-run", steps: [{ instruction: "Run it", command: "make run" }], verification: "one" }) },
  { type: "ESCALATION_LEVEL", field: "responsibilities", input: ({ contactId }) => ({ level: 1, name: "On call", contactIds: [contactId], responsibilities: "one" }) },
  { type: "CONTACT", field: "notes", input: () => ({ name: "Vendor desk", kind: "VENDOR_SUPPORT", notes: "one" }) },
];

beforeAll(async () => {
  const e = await db.user.create({ data: { email: `e-${uid()}@example.com`, name: "Erin Editor", role: "EDITOR", passwordHash: "x" } });
  const v = await db.user.create({ data: { email: `v-${uid()}@example.com`, name: "Vic Viewer", role: "VIEWER", passwordHash: "x" } });
  editor = { id: e.id, name: e.name, role: e.role };
  viewer = { id: v.id, name: v.name, role: v.role };
});

afterAll(() => db.$disconnect());

describe.each(CASES)("$type", ({ type, field, input }) => {
  test("create, edit, a stale edit refused, delete and restore, each with a revision", async () => {
    const system = await newSystem();
    const contact = await newContact();
    const schema = ENTITIES[type].schema;
    const values = schema.parse(input({ contactId: contact.id })) as Record<string, unknown>;
    const created = await saveEntry(editor, type, { systemId: system.id }, values, { changeNote: "Created", incidentRef: null });
    expect(created.version).toBe(1);
    if (type !== "SYSTEM" && type !== "CONTACT") expect(created.systemId).toBe(system.id);

    const edited = await saveEntry(editor, type, { id: created.id }, { ...values, [field]: "two" }, { expectedVersion: 1, changeNote: "Second", incidentRef: "INC-7" });
    expect(edited).toMatchObject({ version: 2, [field]: "two" });

    const stale = saveEntry(editor, type, { id: created.id }, { ...values, [field]: "lost" }, { expectedVersion: 1, changeNote: "Stale", incidentRef: null });
    await expect(stale).rejects.toBeInstanceOf(ConflictError);

    await expect(saveEntry(viewer, type, { id: created.id }, values, { expectedVersion: 2, changeNote: "x", incidentRef: null })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(deleteEntry(viewer, type, created.id, { expectedVersion: 2, changeNote: "x", incidentRef: null })).rejects.toBeInstanceOf(ForbiddenError);

    await deleteEntry(editor, type, created.id, { expectedVersion: 2, changeNote: "Gone", incidentRef: null });
    const restored = await restoreRevision(editor, type, created.id, 2, 3, { changeNote: "Back" });
    expect(restored).toMatchObject({ version: 4, deletedAt: null, [field]: "two" });

    const revisions = await listRevisions(type, created.id);
    expect(revisions.map((r) => [r.version, r.action, r.changeNote])).toEqual([
      [4, "RESTORE", "Back"],
      [3, "DELETE", "Gone"],
      [2, "UPDATE", "Second"],
      [1, "CREATE", "Created"],
    ]);
    expect((revisions[0]!.snapshot as Record<string, unknown>)[field]).toBe("two");
    expect(revisions[2]!.incidentRef).toBe("INC-7");
  });
});

describe("reference rules", () => {
  const meta = { changeNote: "Created", incidentRef: null };

  test("a child entry needs a live system", async () => {
    const system = await newSystem();
    await deleteEntry(editor, "SYSTEM", system.id, { expectedVersion: 1, changeNote: "Retired", incidentRef: null });
    const values = ENTITIES.DEPENDENCY.schema.parse({ name: "S3", kind: "CLOUD_SERVICE" });
    await expect(saveEntry(editor, "DEPENDENCY", { systemId: system.id }, values, meta)).rejects.toBeInstanceOf(WriteRejectedError);
    await expect(saveEntry(editor, "DEPENDENCY", { systemId: null }, values, meta)).rejects.toThrow("Pick a system");
  });

  test("a dependency cannot point at its own system or a deleted one", async () => {
    const system = await newSystem();
    const self = ENTITIES.DEPENDENCY.schema.parse({ name: "Itself", kind: "INTERNAL_SYSTEM", dependsOnSystemId: system.id });
    await expect(saveEntry(editor, "DEPENDENCY", { systemId: system.id }, self, meta)).rejects.toThrow("cannot depend on itself");
    const other = await newSystem("Other");
    const linked = await saveEntry(editor, "DEPENDENCY", { systemId: system.id }, { ...self, dependsOnSystemId: other.id }, meta);
    expect(linked.dependsOnSystemId).toBe(other.id);
  });

  test("a failure mode links only procedures of its own system", async () => {
    const system = await newSystem();
    const elsewhere = await newSystem("Elsewhere");
    const foreign = await saveEntry(editor, "PROCEDURE", { systemId: elsewhere.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Foreign fix" }), meta);
    const own = await saveEntry(editor, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Own fix" }), meta);
    const fm = (procedureIds: string[]) => ENTITIES.FAILURE_MODE.schema.parse({ title: "Stuck", severity: "SEV3", procedureIds });
    const rejected = saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, fm([foreign.id]), meta);
    await expect(rejected).rejects.toMatchObject({ field: "procedureIds" });
    const saved = await saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, fm([own.id]), meta);
    const revisions = await listRevisions("FAILURE_MODE", saved.id);
    expect((revisions[0]!.snapshot as { procedureIds: string[] }).procedureIds).toEqual([own.id]);
  });

  test("an escalation level refuses a deleted contact; a system refuses a taken slug", async () => {
    const system = await newSystem();
    const contact = await newContact("Leaving soon");
    await deleteEntry(editor, "CONTACT", contact.id, { expectedVersion: 1, changeNote: "Left", incidentRef: null });
    const level = ENTITIES.ESCALATION_LEVEL.schema.parse({ level: 1, name: "On call", contactIds: [contact.id] });
    await expect(saveEntry(editor, "ESCALATION_LEVEL", { systemId: system.id }, level, meta)).rejects.toMatchObject({ field: "contactIds" });
    const taken = ENTITIES.SYSTEM.schema.parse({ slug: system.slug, name: "Copy", tier: "TIER_3" });
    await expect(saveEntry(editor, "SYSTEM", {}, taken, meta)).rejects.toMatchObject({ field: "slug" });
  });

  test("an edit cannot move an entry to another system, whatever the request carries", async () => {
    const system = await newSystem();
    const other = await newSystem("Other");
    const own = await saveEntry(editor, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Own fix" }), meta);
    const foreign = await saveEntry(editor, "PROCEDURE", { systemId: other.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Foreign fix" }), meta);
    const fm = await saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Stuck", severity: "SEV3", procedureIds: [own.id] }), meta);
    // The values say "other system" and link that system's procedure: the stored parent decides, and the link is refused.
    const forged = { ...ENTITIES.FAILURE_MODE.schema.parse({ title: "Stuck", severity: "SEV3", procedureIds: [foreign.id] }), systemId: other.id };
    await expect(saveEntry(editor, "FAILURE_MODE", { id: fm.id }, forged, { expectedVersion: 1, changeNote: "forged", incidentRef: null })).rejects.toMatchObject({ field: "procedureIds" });
    const moved = await saveEntry(editor, "FAILURE_MODE", { id: fm.id }, { ...forged, procedureIds: [] }, { expectedVersion: 1, changeNote: "forged", incidentRef: null });
    expect(moved.systemId).toBe(system.id);
    const dep = await saveEntry(editor, "DEPENDENCY", { systemId: system.id }, ENTITIES.DEPENDENCY.schema.parse({ name: "Other", kind: "INTERNAL_SYSTEM", dependsOnSystemId: other.id }), meta);
    const selfLoop = { ...ENTITIES.DEPENDENCY.schema.parse({ name: "Other", kind: "INTERNAL_SYSTEM", dependsOnSystemId: other.id }), systemId: other.id };
    const kept = await saveEntry(editor, "DEPENDENCY", { id: dep.id }, selfLoop, { expectedVersion: 1, changeNote: "forged", incidentRef: null });
    expect(kept).toMatchObject({ systemId: system.id, dependsOnSystemId: other.id });
  });

  async function unchanged(type: EntryType, id: string, version: number) {
    const revisions = await listRevisions(type, id);
    expect(revisions[0]!.version).toBe(version);
  }

  test("a restore that would link a procedure deleted since is refused, and writes nothing", async () => {
    const system = await newSystem();
    const fix = await saveEntry(editor, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Replay" }), meta);
    const values = ENTITIES.FAILURE_MODE.schema.parse({ title: "Stuck", severity: "SEV3", procedureIds: [fix.id] });
    const fm = await saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, values, meta);
    await saveEntry(editor, "FAILURE_MODE", { id: fm.id }, { ...values, procedureIds: [] }, { expectedVersion: 1, changeNote: "unlink", incidentRef: null });
    await deleteEntry(editor, "PROCEDURE", fix.id, { expectedVersion: 1, changeNote: "obsolete", incidentRef: null });
    await expect(restoreRevision(editor, "FAILURE_MODE", fm.id, 1, 2, { changeNote: "back" })).rejects.toThrow(/Version 1 cannot be restored: it links to a procedure that was deleted/);
    await unchanged("FAILURE_MODE", fm.id, 2);
    expect(await db.failureMode.findUnique({ where: { id: fm.id }, select: { version: true, procedures: { select: { id: true } } } })).toEqual({ version: 2, procedures: [] });
  });

  test("a restore that would link a contact or a system deleted since is refused, and writes nothing", async () => {
    const system = await newSystem();
    const contact = await newContact("Moved on");
    const level = ENTITIES.ESCALATION_LEVEL.schema.parse({ level: 1, name: "On call", contactIds: [contact.id] });
    const saved = await saveEntry(editor, "ESCALATION_LEVEL", { systemId: system.id }, level, meta);
    await saveEntry(editor, "ESCALATION_LEVEL", { id: saved.id }, { ...level, contactIds: [] }, { expectedVersion: 1, changeNote: "unlink", incidentRef: null });
    await deleteEntry(editor, "CONTACT", contact.id, { expectedVersion: 1, changeNote: "left", incidentRef: null });
    await expect(restoreRevision(editor, "ESCALATION_LEVEL", saved.id, 1, 2, { changeNote: "back" })).rejects.toThrow(/links to a contact that was deleted/);
    await unchanged("ESCALATION_LEVEL", saved.id, 2);

    const target = await newSystem("Upstream");
    const depValues = ENTITIES.DEPENDENCY.schema.parse({ name: "Upstream", kind: "INTERNAL_SYSTEM", dependsOnSystemId: target.id });
    const dep = await saveEntry(editor, "DEPENDENCY", { systemId: system.id }, depValues, meta);
    await saveEntry(editor, "DEPENDENCY", { id: dep.id }, { ...depValues, dependsOnSystemId: null }, { expectedVersion: 1, changeNote: "unlink", incidentRef: null });
    await deleteEntry(editor, "SYSTEM", target.id, { expectedVersion: 1, changeNote: "retired", incidentRef: null });
    await expect(restoreRevision(editor, "DEPENDENCY", dep.id, 1, 2, { changeNote: "back" })).rejects.toThrow(/the system it depends on was deleted/);
    await unchanged("DEPENDENCY", dep.id, 2);

    const owner = await newContact("Former owner");
    const sys = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: `owned-${uid()}`, name: "Owned", tier: "TIER_2", ownerId: owner.id }), meta);
    await saveEntry(editor, "SYSTEM", { id: sys.id }, ENTITIES.SYSTEM.schema.parse({ slug: sys.slug, name: "Owned", tier: "TIER_2", ownerId: "" }), { expectedVersion: 1, changeNote: "no owner", incidentRef: null });
    await deleteEntry(editor, "CONTACT", owner.id, { expectedVersion: 1, changeNote: "left", incidentRef: null });
    await expect(restoreRevision(editor, "SYSTEM", sys.id, 1, 2, { changeNote: "back" })).rejects.toThrow(/links to a contact that was deleted/);
    await unchanged("SYSTEM", sys.id, 2);
  });

  test("a NUL character that reaches the database is refused with a message, not a crash", async () => {
    const values = ENTITIES.CONTACT.schema.parse({ name: "Nul\u0000Name", kind: "PERSON" });
    await expect(saveEntry(editor, "CONTACT", {}, values, meta)).rejects.toThrow(/cannot be stored \(NUL\)/);
  });

  test("restoring a child of a deleted system is refused: the system comes back first", async () => {
    const system = await newSystem();
    const fm = await saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Orphan", severity: "SEV4" }), meta);
    await deleteEntry(editor, "FAILURE_MODE", fm.id, { expectedVersion: 1, changeNote: "gone", incidentRef: null });
    await deleteEntry(editor, "SYSTEM", system.id, { expectedVersion: 1, changeNote: "retired", incidentRef: null });
    await expect(restoreRevision(editor, "FAILURE_MODE", fm.id, 1, 2, { changeNote: "back" })).rejects.toThrow(/its system was deleted; restore the system first/);
    await restoreRevision(editor, "SYSTEM", system.id, 1, 2, { changeNote: "back" });
    expect(await restoreRevision(editor, "FAILURE_MODE", fm.id, 1, 2, { changeNote: "back" })).toMatchObject({ version: 3, deletedAt: null });
  });
});


describe("a severity not known yet", () => {
  test("is stored as UNKNOWN, sorts after SEV4 on the overview and counts against its system on the dashboard", async () => {
    const system = await newSystem("Imported host");
    const meta = { changeNote: "Created", incidentRef: null };
    for (const [title, severity] of [["Unknown one", "UNKNOWN"], ["Low one", "SEV4"], ["High one", "SEV1"]] as const) {
      await saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title, severity }), meta);
    }
    const overview = await getSystemOverview(String(system.slug));
    expect(overview!.failureModes.map((fm) => fm.severity)).toEqual(["SEV1", "SEV4", "UNKNOWN"]);
    // The dashboard's "Needs attention" reads the readiness checks.
    const [row] = await listReadiness([system.id]);
    expect(row!.unknownSeverity).toBe(1);
  });
});
