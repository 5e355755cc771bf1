import { expect, test } from "vitest";
import { meta, people, procedureValues, setUpApprovalsDatabase } from "./approvals-test-setup";

// Four-eyes approval, against a real database: what waits. A gated entry's change, delete,
// restore and new entries wait as requests; a procedure's own "approval required" gates it
// (and the deletion of its system); ungated entries save as before.

const { db, fixture, revisions, events } = await setUpApprovalsDatabase("approvals_gates");
const { saveEntry, deleteEntry } = await import("@/lib/entries/save");
const { restoreRevision } = await import("@/lib/entries/write");
const { WriteRejectedError } = await import("@/lib/entries/errors");
const { getEntitySnapshot } = await import("@/lib/entries/snapshot");
const { setApprovalPolicy } = await import("./settings");
const { approveChange } = await import("./requests");
const { getChangeRequest } = await import("./views");

test("a procedure's own “approval required” gates it in a system without the policy; entries without a policy save at once, as before", async () => {
  const { system, procedure } = await fixture("own-flag", false);
  const direct = await saveEntry(people.ann, "PROCEDURE", { id: procedure.id }, { ...procedureValues("Drain"), approvalRequired: "Team lead" }, meta("needs approval from now on", 1));
  expect(direct.changeRequestId).toBeUndefined();
  expect(direct.version).toBe(2);
  const waiting = await saveEntry(people.ann, "PROCEDURE", { id: procedure.id }, { ...procedureValues("Drain"), approvalRequired: "" }, meta("drop the approval", 2));
  expect(waiting.changeRequestId).toBeTruthy();
  // The system itself is not gated.
  const systemSaved = await saveEntry(people.ann, "SYSTEM", { id: system.id }, { slug: system.slug, name: "Renamed", tier: "TIER_1", reviewIntervalDays: 90 }, meta("rename", system.version));
  expect(systemSaved.changeRequestId).toBeUndefined();
  expect(systemSaved.name).toBe("Renamed");
});

test("deletes and restores of a gated entry wait too, and apply when approved", async () => {
  const { system, procedure } = await fixture("delete-restore", true);
  const deleting = await deleteEntry(people.ann, "PROCEDURE", procedure.id, meta("obsolete", 1));
  expect(deleting.changeRequestId).toBeTruthy();
  expect(deleting.deletedAt).toBeNull();
  const del = await db.changeRequest.findUniqueOrThrow({ where: { id: deleting.changeRequestId! } });
  expect(del.kind).toBe("DELETE");
  await approveChange(people.ben, del.id, del.version, "");
  const afterDelete = (await getEntitySnapshot("PROCEDURE", procedure.id))!;
  expect(afterDelete).toMatchObject({ version: 2 });
  expect(afterDelete.snapshot.deletedAt).not.toBeNull();

  const restoring = await restoreRevision(people.ann, "PROCEDURE", procedure.id, 1, 2, { changeNote: "bring it back" });
  expect(restoring.changeRequestId).toBeTruthy();
  expect((await getEntitySnapshot("PROCEDURE", procedure.id))!.snapshot.deletedAt).not.toBeNull();
  const res = await db.changeRequest.findUniqueOrThrow({ where: { id: restoring.changeRequestId! } });
  expect(res).toMatchObject({ kind: "RESTORE", restoreVersion: 1, baseVersion: 2 });
  await approveChange(people.cat, res.id, res.version, "");
  const restored = (await revisions(procedure.id)).at(-1)!;
  expect(restored).toMatchObject({ version: 3, action: "RESTORE", authorName: "Ann", changeRequestId: res.id });
  expect((await getEntitySnapshot("PROCEDURE", procedure.id))!.snapshot.deletedAt).toBeNull();
  expect(system.changesNeedApproval).toBe(true);
});

test("a new entry of a gated system waits too: nothing exists until a second person approves, then it is created as its author's, under the id it was proposed with", async () => {
  const { system } = await fixture("new-entries", true);
  const proposed = await saveEntry(people.ann, "PROCEDURE", { systemId: system.id }, procedureValues("Rotate the keys"), { changeNote: "new runbook step", incidentRef: "INC-7" });
  expect(proposed).toMatchObject({ version: 0, title: "Rotate the keys", key: "rotate-the-keys" });
  const id = proposed.changeRequestId!;
  expect(await db.remediationProcedure.findUnique({ where: { id: proposed.id } })).toBeNull();
  expect(await revisions(proposed.id)).toEqual([]);
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id } });
  expect(request).toMatchObject({ kind: "CREATE", entityId: proposed.id, baseVersion: 0, systemId: system.id, incidentRef: "INC-7" });
  expect((await getChangeRequest(people.viewer, id))!.changes.map((c) => c.key)).toEqual(expect.arrayContaining(["title", "steps", "key"]));

  await expect(approveChange(people.ann, id, request.version, "")).rejects.toThrow(/someone else must approve/);
  await approveChange(people.ben, id, request.version, "");
  expect((await getEntitySnapshot("PROCEDURE", proposed.id))!).toMatchObject({ version: 1, snapshot: { title: "Rotate the keys", systemId: system.id } });
  expect(await revisions(proposed.id)).toMatchObject([{ version: 1, action: "CREATE", authorName: "Ann", changeRequestId: id, incidentRef: "INC-7" }]);
  expect((await events("change.approved")).at(-1)).toMatchObject({ actorName: "Ben", entityId: proposed.id });

  // A key taken meanwhile refuses the approval, and nothing is created.
  const again = (await saveEntry(people.ann, "PROCEDURE", { systemId: system.id }, { ...procedureValues("Rotate the keys"), key: "rotate-later" }, { changeNote: "x", incidentRef: null })).changeRequestId!;
  const off = await setApprovalPolicy(people.admin, system.id, (await db.system.findUniqueOrThrow({ where: { id: system.id } })).version, false, "");
  await approveChange(people.boss, off.changeRequestId!, 1, "");
  await saveEntry(people.cat, "PROCEDURE", { systemId: system.id }, { ...procedureValues("Other"), key: "rotate-later" }, { changeNote: "x", incidentRef: null });
  const waiting = await db.changeRequest.findUniqueOrThrow({ where: { id: again } });
  await expect(approveChange(people.ben, again, waiting.version, "")).rejects.toBeInstanceOf(WriteRejectedError);
  expect(await db.changeRequest.findUniqueOrThrow({ where: { id: again } })).toMatchObject({ status: "PENDING" });
  expect(await db.remediationProcedure.count({ where: { systemId: system.id, key: "rotate-later" } })).toBe(1);
});

test("deleting a system without the policy that holds a procedure with its own approval requirement waits for that approval", async () => {
  const { system, procedure } = await fixture("holds-gated-procedure", false);
  await saveEntry(people.ann, "PROCEDURE", { id: procedure.id }, { ...procedureValues("Drain"), approvalRequired: "Head of payments" }, meta("needs sign-off", 1));
  const current = await db.system.findUniqueOrThrow({ where: { id: system.id } });
  const deleted = await deleteEntry(people.ann, "SYSTEM", system.id, meta("retire", current.version));
  expect(deleted.changeRequestId).toBeTruthy();
  expect((await db.system.findUniqueOrThrow({ where: { id: system.id } })).deletedAt).toBeNull();
  expect((await db.remediationProcedure.findUniqueOrThrow({ where: { id: procedure.id } })).deletedAt).toBeNull();
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: deleted.changeRequestId! } });
  expect(request).toMatchObject({ kind: "DELETE", entityId: system.id });
  // An ordinary edit of that system still applies at once.
  expect((await saveEntry(people.ben, "SYSTEM", { id: system.id }, { slug: system.slug, name: "Renamed", tier: "TIER_1", reviewIntervalDays: 90 }, meta("rename", current.version))).changeRequestId).toBeUndefined();
});
