import { afterAll, expect, test } from "vitest";
import { ownDatabase, wipeDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { CHILD_TYPES, ENTITIES, type EntryType } from "@/lib/entries";
import { listSnapshots } from "@/lib/entries/snapshot";
import { loadDemo, loadRunbookSet } from "@/lib/demo/load";
import { generateRunbooks } from "@/lib/demo/generate";
import { saveEntry, deleteEntry } from "@/lib/entries/save";
import { exportRunbooks } from "./export";
import { readRunbookFiles } from "./read";
import { planImport } from "./plan";
import { applyImport } from "./apply";

// Export → wipe → import → export gives the same bytes, and every entry its fields.

const database = await ownDatabase("roundtrip");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const actor: Actor = { id: null, name: "Ivy Importer", role: "EDITOR" };
const meta = { changeNote: "Created", incidentRef: null };
const encoder = new TextEncoder();
const asInputs = (files: { path: string; content: string }[]) => files.map((f) => ({ name: f.path, bytes: encoder.encode(f.content) }));

/** Every entry of the portal by type and name, its fields with links by name: what an import must give back. */
async function portalContent() {
  const systems = await listSnapshots("SYSTEM", { deletedAt: null });
  const contacts = await listSnapshots("CONTACT", { deletedAt: null });
  const ids = new Map<string, string>([...systems.map((s) => [s.id, `system:${s.slug}`] as const), ...contacts.map((c) => [c.id, `contact:${c.key}`] as const)]);
  const content: Record<string, Record<string, unknown>> = {};
  const keep = (type: EntryType, name: string, snapshot: Record<string, unknown>) => {
    const copy: Record<string, unknown> = { ...snapshot };
    // The approval policy is an admin's setting of the portal, not part of runbook files (lib/approvals/settings.ts).
    for (const field of ["id", "version", "systemId", "changesNeedApproval"]) delete copy[field];
    for (const reference of ENTITIES[type].references) {
      const value = copy[reference.field];
      copy[reference.field] = Array.isArray(value) ? value.map((id) => ids.get(String(id)) ?? id).sort() : value ? (ids.get(String(value)) ?? value) : null;
    }
    content[`${type} ${name}`] = copy;
  };
  for (const type of CHILD_TYPES) {
    const rows = await listSnapshots(type, { deletedAt: null, system: { deletedAt: null } });
    if (type === "PROCEDURE") for (const row of rows) ids.set(row.id, `procedure:${row.key}`);
  }
  for (const s of systems) keep("SYSTEM", String(s.slug), s);
  for (const c of contacts) keep("CONTACT", String(c.key), c);
  for (const type of CHILD_TYPES) {
    for (const row of await listSnapshots(type, { deletedAt: null, system: { deletedAt: null } })) {
      const slug = systems.find((s) => s.id === row.systemId)!.slug;
      keep(type, `${slug}/${row.key}`, row);
    }
  }
  return content;
}

async function importFiles(files: { path: string; content: string }[]) {
  const read = readRunbookFiles(asInputs(files));
  expect(read.problems).toEqual([]);
  const plan = await planImport(read.documents);
  expect(plan.problems).toEqual([]);
  return { plan, result: await applyImport(actor, plan) };
}

test("the demo runbooks and 50 generated systems survive export, wipe, import and export byte for byte", async () => {
  await loadDemo();
  await loadRunbookSet(generateRunbooks(50, 7));
  // Entries with what files find hard: Markdown with code blocks, unicode, commands with odd whitespace, empty optional fields.
  const editor: Actor = { id: null, name: "Edgar Edge", role: "EDITOR" };
  const system = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({
    slug: "edge-cases",
    name: "Édge cäses — 日本語 🚀",
    tier: "TIER_2",
    purpose: "Parses *everything*.\n\n```sh\nkubectl get pods -n edge\n# a comment: with colon\n```\n\n> quoted: yes\n- item: one\n- 'two'",
    schedule: "",
  }), meta);
  const procedure = await saveEntry(editor, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({
    title: "Odd commands",
    steps: [
      { instruction: "Leading spaces and a trailing newline", command: "  echo 'indented'\n" },
      { instruction: "Several lines", command: "for i in 1 2 3; do\n  echo \"$i: yes\"\ndone\n\n", expectedResult: "1: yes\n2: yes" },
      { instruction: "No command at all" },
    ],
  }), meta);
  await saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Only required fields", severity: "SEV4", procedureIds: [procedure.id] }), meta);
  const gone = await saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Deleted one", severity: "SEV1" }), meta);
  await deleteEntry(editor, "FAILURE_MODE", gone.id, { expectedVersion: 1, changeNote: "gone", incidentRef: null });

  const first = await exportRunbooks();
  expect(first.length).toBe(2 + 50 + 1 + 1);
  expect(first.find((f) => f.path === "systems/edge-cases.yaml")!.content).not.toContain("Deleted one");
  const before = await portalContent();

  await wipeDatabase(database.url);
  expect(await db.system.count()).toBe(0);
  const { result } = await importFiles(first);
  expect(result.updated + result.deleted).toBe(0);
  expect(result.created).toBe(Object.keys(before).length);

  const second = await exportRunbooks();
  expect(second.map((f) => f.path)).toEqual(first.map((f) => f.path));
  for (const [index, file] of second.entries()) expect(file.content, file.path).toBe(first[index]!.content);
  expect(await portalContent()).toEqual(before);

  // The same files again change nothing.
  const revisions = await db.revision.count();
  const again = await importFiles(second);
  expect(again.plan.entries.every((e) => e.status === "unchanged")).toBe(true);
  expect(again.result).toMatchObject({ created: 0, updated: 0, deleted: 0 });
  expect(await db.revision.count()).toBe(revisions);
}, 240_000);

test("editing one failure mode in a file and importing it writes exactly one revision, noting the file", async () => {
  const files = await exportRunbooks();
  const file = files.find((f) => f.path === "systems/invoice-pipeline.yaml")!;
  const edited = { ...file, content: file.content.replace("title: Lambda timeout", "title: Lambda timeout (parser)") };
  expect(edited.content).not.toBe(file.content);
  const revisions = await db.revision.count();
  const { plan, result } = await importFiles([edited]);
  expect(plan.entries.filter((e) => e.status !== "unchanged").map((e) => [e.ref.type, e.ref.name, e.status, e.changes.map((c) => c.key)])).toEqual([
    ["FAILURE_MODE", "lambda-timeout", "update", ["title"]],
  ]);
  expect(result).toMatchObject({ created: 0, updated: 1, deleted: 0 });
  expect(await db.revision.count()).toBe(revisions + 1);
  const latest = await db.revision.findFirstOrThrow({ orderBy: { createdAt: "desc" } });
  expect(latest).toMatchObject({ entityType: "FAILURE_MODE", action: "UPDATE", changeNote: "Imported from invoice-pipeline.yaml", authorName: "Ivy Importer" });
});
