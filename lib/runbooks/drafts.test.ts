import { strToU8 } from "fflate";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { UserActor } from "@/lib/auth/roles";
import { ForbiddenError } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { saveEntry } from "@/lib/entries/save";
import { loadDemo } from "@/lib/demo/load";
import { exportSystem } from "./export";
import { applyDraft, discardDraft, DraftNotFoundError, loadDraft, previewDraft, saveDraft, StalePreviewError } from "./drafts";

// The import page's flow: upload → preview → confirm, with the preview the person saw
// being the one applied.

const database = await ownDatabase("drafts");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

let editor: UserActor;
let other: UserActor;
const viewer: UserActor = { id: "nobody", name: "Vic Viewer", role: "VIEWER" };

beforeAll(async () => {
  await loadDemo();
  // These tests are about writes that apply at once: the demo's tier-1 system needs approval for changes (lib/approvals, tested there).
  await db.system.updateMany({ data: { changesNeedApproval: false } });
  const e = await db.user.create({ data: { email: "ivy@example.com", name: "Ivy Importer", role: "EDITOR", passwordHash: "x" } });
  const o = await db.user.create({ data: { email: "oli@example.com", name: "Oli Other", role: "EDITOR", passwordHash: "x" } });
  editor = { id: e.id, name: e.name, role: e.role };
  other = { id: o.id, name: o.name, role: o.role };
});

/** The invoice pipeline's file, with its first failure mode's customer impact rewritten (as it is, once imported). */
async function editedFile() {
  const file = (await exportSystem("invoice-pipeline"))!;
  const edited = file.content.replace(/customerImpact: (.*)\n/, "customerImpact: Invoices reach customers a day late.\n");
  return { name: file.path, bytes: strToU8(edited) };
}

test("a changed file: the preview shows exactly the changed entry, confirming writes one version, importing again changes nothing", async () => {
  const id = await saveDraft(editor, [await editedFile()]);
  const draft = (await loadDraft(editor, id))!;
  const preview = await previewDraft(draft);
  expect(preview.problems).toEqual([]);
  const changed = preview.plan.entries.filter((e) => e.status !== "unchanged");
  expect(changed.map((e) => [e.ref.type, e.status, e.changes.map((c) => c.key)])).toEqual([["FAILURE_MODE", "update", ["customerImpact"]]]);

  const before = await db.revision.count();
  const result = await applyDraft(editor, id, preview.fingerprint, { incidentRef: "INC-7" });
  expect(result).toMatchObject({ created: 0, updated: 1, deleted: 0 });
  expect(await db.revision.count()).toBe(before + 1);
  const revision = await db.revision.findFirstOrThrow({ where: { entityId: changed[0]!.id! }, orderBy: { version: "desc" } });
  expect(revision).toMatchObject({ changeNote: "Imported from invoice-pipeline.yaml", incidentRef: "INC-7", authorId: editor.id });
  expect((await loadDraft(editor, id))!.appliedAt).toBeInstanceOf(Date);
  // Confirming twice (a double click) does not import twice.
  await applyDraft(editor, id, preview.fingerprint, {});
  expect(await db.revision.count()).toBe(before + 1);

  const again = (await loadDraft(editor, await saveDraft(editor, [await editedFile()])))!;
  expect((await previewDraft(again)).plan.entries.every((e) => e.status === "unchanged")).toBe(true);
});

test("a preview made before someone edited an entry is refused on confirmation, and nothing is written", async () => {
  const id = await saveDraft(editor, [await editedFile()]);
  const file = (await exportSystem("invoice-pipeline"))!;
  const stale = file.content.replace(/purpose: (.*)\n/, "purpose: Turns orders into invoices, now in words.\n");
  const staleId = await saveDraft(editor, [{ name: "invoice-pipeline.yaml", bytes: strToU8(stale) }]);
  const { fingerprint } = await previewDraft((await loadDraft(editor, staleId))!);

  // Someone saves the system in the portal after the preview was shown.
  const system = await db.system.findUniqueOrThrow({ where: { slug: "invoice-pipeline" } });
  const values = ENTITIES.SYSTEM.schema.parse({ ...system, ownerId: system.ownerId ?? "", backupOwnerId: system.backupOwnerId ?? "", deploymentNotes: "Deploys on Tuesdays." });
  await saveEntry(editor, "SYSTEM", { id: system.id }, values, { expectedVersion: system.version, changeNote: "edit", incidentRef: null });

  const before = await db.revision.count();
  await expect(applyDraft(editor, staleId, fingerprint, {})).rejects.toBeInstanceOf(StalePreviewError);
  expect(await db.revision.count()).toBe(before);
  expect((await db.system.findUniqueOrThrow({ where: { slug: "invoice-pipeline" } })).purpose).toBe(system.purpose);
  expect(id).not.toBe(staleId);
});

test("an upload with problems cannot be confirmed; only its author sees it, and viewers cannot upload", async () => {
  const id = await saveDraft(editor, [{ name: "broken.yaml", bytes: strToU8("format: runbook-portal/v1\nkind: system\nslug: [\n") }]);
  const preview = await previewDraft((await loadDraft(editor, id))!);
  expect(preview.problems.map((p) => p.file)).toEqual(["broken.yaml"]);
  await expect(applyDraft(editor, id, preview.fingerprint, {})).rejects.toBeInstanceOf(StalePreviewError);

  expect(await loadDraft(other, id)).toBeNull();
  await discardDraft(other, id);
  expect(await loadDraft(editor, id)).not.toBeNull();
  await discardDraft(editor, id);
  expect(await loadDraft(editor, id)).toBeNull();
  await expect(saveDraft(viewer, [])).rejects.toBeInstanceOf(ForbiddenError);
});

test("the files are read once per set of choices: later previews plan from the kept reading, never from the files again", async () => {
  const id = await saveDraft(editor, [await editedFile()]);
  const first = await previewDraft((await loadDraft(editor, id))!);
  expect(Object.keys((await db.importDraft.findUniqueOrThrow({ where: { id } })).readings as object)).toHaveLength(1);
  // With the kept files made unreadable, the preview is the same: it did not read them again.
  await db.importDraft.update({ where: { id }, data: { content: Buffer.from("not a zip") } });
  const again = await previewDraft((await loadDraft(editor, id))!);
  expect(again.fingerprint).toBe(first.fingerprint);
  expect(again.plan.entries.length).toBe(first.plan.entries.length);
  expect(first.plan.entries.length).toBeGreaterThan(5);
});

test("confirming someone else's upload is refused in plain words, and imports nothing", async () => {
  const id = await saveDraft(editor, [await editedFile()]);
  const preview = await previewDraft((await loadDraft(editor, id))!);
  await expect(applyDraft(other, id, preview.fingerprint, {})).rejects.toBeInstanceOf(DraftNotFoundError);
  await expect(applyDraft(other, id, preview.fingerprint, {})).rejects.toThrow(/made by someone else/);
  expect((await db.importDraft.findUniqueOrThrow({ where: { id } })).appliedAt).toBeNull();
});
