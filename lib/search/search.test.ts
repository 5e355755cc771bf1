import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { deleteEntry, saveEntry } from "@/lib/entries/save";
import { restoreRevision } from "@/lib/entries/write";
import { searchWith } from "./engine";
import { ENTITIES } from "@/lib/entries";

// The search index follows every write in the same transaction: what was just saved is
// found, what was deleted is not, and a deleted system takes its runbook with it.

let editor: Actor;
const uid = () => Math.random().toString(36).slice(2, 10);
const meta = { changeNote: "test", incidentRef: null };
const found = async (q: string) => (await searchWith(db, { q, limit: 50 })).hits.map((h) => h.id);

beforeAll(async () => {
  const e = await db.user.create({ data: { email: `s-${uid()}@example.com`, name: "Sue Search", role: "EDITOR", passwordHash: "x" } });
  editor = { id: e.id, name: e.name, role: e.role };
});
afterAll(() => db.$disconnect());

describe("search follows writes", () => {
  test("a saved edit is found at once, the old wording no longer", async () => {
    const before = `Quokka${uid()}`;
    const after = `Wombat${uid()}`;
    const system = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: `s-${uid()}`, name: "Search host", tier: "TIER_3" }), meta);
    const fm = await saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Stuck", severity: "SEV2", causes: before }), meta);
    expect(await found(before)).toEqual([fm.id]);
    await saveEntry(editor, "FAILURE_MODE", { id: fm.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Stuck", severity: "SEV2", causes: after }), { ...meta, expectedVersion: 1 });
    expect(await found(after)).toEqual([fm.id]);
    expect(await found(before)).toEqual([]);
  });

  test("a deleted entry is never found; restored, it is found again", async () => {
    const word = `Narwhal${uid()}`;
    const contact = await saveEntry(editor, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: `${word} desk`, kind: "TEAM" }), meta);
    expect(await found(word)).toEqual([contact.id]);
    await deleteEntry(editor, "CONTACT", contact.id, { ...meta, expectedVersion: 1 });
    expect(await found(word)).toEqual([]);
    expect(await found(`${word.toLowerCase()} desk`)).not.toContain(contact.id);
    await restoreRevision(editor, "CONTACT", contact.id, 1, 2, meta);
    expect(await found(word)).toEqual([contact.id]);
  });

  test("deleting a system hides its whole runbook from search until it is restored", async () => {
    const word = `Axolotl${uid()}`;
    const system = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: `s-${uid()}`, name: `${word} system`, tier: "TIER_3" }), meta);
    const procedure = await saveEntry(editor, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({ title: `${word} fix` }), meta);
    expect((await found(word)).sort()).toEqual([system.id, procedure.id].sort());
    await deleteEntry(editor, "SYSTEM", system.id, { ...meta, expectedVersion: 1 });
    expect(await found(word)).toEqual([]);
    await restoreRevision(editor, "SYSTEM", system.id, 1, 2, meta);
    expect((await found(word)).sort()).toEqual([system.id, procedure.id].sort());
  });
});
