import { afterAll, beforeAll, expect, test } from "vitest";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { deleteEntry, saveEntry } from "@/lib/entries/save";
import { restoreRevision } from "@/lib/entries/write";
import { keyBase } from "@/lib/entries/keys";

let editor: Actor;
const uid = () => Math.random().toString(36).slice(2, 10);
const meta = { changeNote: "Created", incidentRef: null };

beforeAll(async () => {
  const e = await db.user.create({ data: { email: `k-${uid()}@example.com`, name: "Kim Keys", role: "EDITOR", passwordHash: "x" } });
  editor = { id: e.id, name: e.name, role: e.role };
});
afterAll(() => db.$disconnect());

const system = () => saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: `keys-${uid()}`, name: "Keys host", tier: "TIER_3" }), meta);
const failureMode = (systemId: string, input: Record<string, unknown>) =>
  saveEntry(editor, "FAILURE_MODE", { systemId }, ENTITIES.FAILURE_MODE.schema.parse({ severity: "SEV3", ...input }), meta);

test("keys are made from titles: lowercase ASCII words, a fallback when nothing is left", () => {
  expect(keyBase("Lambda timeout (invoice-parser)", "x")).toBe("lambda-timeout-invoice-parser");
  expect(keyBase("Ünïcödé façade — naïve", "x")).toBe("unicode-facade-naive");
  expect(keyBase("🔥🔥", "failure-mode")).toBe("failure-mode");
  expect(keyBase("a".repeat(100), "x")).toHaveLength(60);
});

test("a new entry gets a key unique within its system; another system may reuse it", async () => {
  const a = await system();
  const b = await system();
  const first = await failureMode(a.id, { title: "Lambda timeout" });
  const second = await failureMode(a.id, { title: "Lambda   TIMEOUT!" });
  const elsewhere = await failureMode(b.id, { title: "Lambda timeout" });
  expect([first.key, second.key, elsewhere.key]).toEqual(["lambda-timeout", "lambda-timeout-2", "lambda-timeout"]);
  // A deleted entry keeps its key: a new one does not take it.
  await deleteEntry(editor, "FAILURE_MODE", first.id, { expectedVersion: 1, changeNote: "gone", incidentRef: null });
  expect((await failureMode(a.id, { title: "Lambda timeout" })).key).toBe("lambda-timeout-3");
});

test("a key stays when the title changes, and cannot be one another entry of the system has", async () => {
  const a = await system();
  const fm = await failureMode(a.id, { title: "Queue stuck", key: "queue-stuck" });
  const renamed = await saveEntry(editor, "FAILURE_MODE", { id: fm.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Queue backs up", severity: "SEV2" }), {
    expectedVersion: 1,
    changeNote: "rename",
    incidentRef: null,
  });
  expect(renamed).toMatchObject({ title: "Queue backs up", key: "queue-stuck" });
  const other = await failureMode(a.id, { title: "Disk full" });
  const clash = saveEntry(editor, "FAILURE_MODE", { id: other.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Disk full", severity: "SEV2", key: "queue-stuck" }), {
    expectedVersion: 1,
    changeNote: "clash",
    incidentRef: null,
  });
  await expect(clash).rejects.toMatchObject({ field: "key", message: "Another failure mode of this system already has this key" });
  // Restoring an old version never changes the key.
  await saveEntry(editor, "FAILURE_MODE", { id: fm.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Queue backs up", severity: "SEV2", key: "queue-backlog" }), {
    expectedVersion: 2,
    changeNote: "new key",
    incidentRef: null,
  });
  expect(await restoreRevision(editor, "FAILURE_MODE", fm.id, 1, 3, { changeNote: "back" })).toMatchObject({ title: "Queue stuck", key: "queue-backlog" });
});

test("contact keys are unique across the portal", async () => {
  const name = `Pat ${uid()}`;
  const first = await saveEntry(editor, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name, kind: "PERSON" }), meta);
  const second = await saveEntry(editor, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name, kind: "PERSON" }), meta);
  expect(second.key).toBe(`${first.key}-2`);
  await expect(saveEntry(editor, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: "Other", kind: "TEAM", key: first.key }), meta)).rejects.toMatchObject({
    field: "key",
    message: "Another contact already has this key",
  });
});
