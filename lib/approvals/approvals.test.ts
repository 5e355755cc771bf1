import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import type { Role } from "@/lib/generated/prisma/enums";

// Four-eyes approval, against a real database: a gated entry's change waits as a request,
// never approved by its author, applied by someone else through the one writer with one
// revision naming both; conflicts refused without loss; reject, withdraw, override; the
// same gate on delete, restore and import; ungated entries save as before.

const database = await ownDatabase("runbook_approvals");
const { db } = await import("@/lib/db");
const { saveEntry, deleteEntry } = await import("@/lib/data/entries");
const { markSystemReviewed } = await import("@/lib/data/systems");
const { restoreRevision } = await import("@/lib/history/entities");
const { WriteRejectedError } = await import("@/lib/history/write-errors");
const { getEntitySnapshot } = await import("@/lib/history/snapshots");
const { ForbiddenError } = await import("@/lib/auth/roles");
const { setApprovalPolicy } = await import("./settings");
const { approveChange, rejectChange, withdrawChange, overrideChange, rebaseChange, StaleRequestError } = await import("./requests");
const { getChangeRequest, listChangeRequests, canDecide } = await import("./views");
const { planImport } = await import("@/lib/runbooks/plan");
const { applyImport } = await import("@/lib/runbooks/apply");
const { readRunbookFiles } = await import("@/lib/runbooks/read");

type Actor = { id: string; name: string; role: Role };
const people = {} as Record<"ann" | "ben" | "cat" | "viewer" | "admin" | "boss", Actor>;

beforeAll(async () => {
  const roles = { ann: "EDITOR", ben: "EDITOR", cat: "EDITOR", viewer: "VIEWER", admin: "ADMIN", boss: "ADMIN" } as const;
  for (const [key, role] of Object.entries(roles)) {
    const user = await db.user.create({ data: { email: `${key}@example.com`, name: `${key[0]!.toUpperCase()}${key.slice(1)}`, passwordHash: "x", role } });
    people[key as keyof typeof people] = { id: user.id, name: user.name, role };
  }
});

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const meta = (changeNote: string, expectedVersion: number) => ({ changeNote, incidentRef: null, expectedVersion });
const steps = [{ instruction: "Drain the queue", command: "queue drain", expectedResult: "0 messages" }];

/** A system (gated or not) with one procedure. */
async function fixture(slug: string, gated: boolean) {
  const system = await saveEntry(people.admin, "SYSTEM", {}, { slug, name: `System ${slug}`, tier: "TIER_1", reviewIntervalDays: 90 }, { changeNote: "new", incidentRef: null });
  const procedure = await saveEntry(people.ann, "PROCEDURE", { systemId: system.id }, { title: "Drain", steps, drillIntervalDays: 90 }, { changeNote: "new", incidentRef: null });
  if (gated) await setApprovalPolicy(people.admin, system.id, system.version, true, "tier 1");
  return { system: (await db.system.findUniqueOrThrow({ where: { id: system.id } })), procedure };
}

const procedureValues = (title: string) => ({ title, steps, drillIntervalDays: 90 });
const revisions = (entityId: string) => db.revision.findMany({ where: { entityId }, orderBy: { version: "asc" } });
const events = (action: string) => db.auditEvent.findMany({ where: { action }, orderBy: { seq: "asc" } });

test("an editor's change to a gated procedure waits; its author cannot approve it; a second editor approves and it goes live as one revision naming both", async () => {
  const { procedure } = await fixture("four-eyes", true);
  const saved = await saveEntry(people.ann, "PROCEDURE", { id: procedure.id }, procedureValues("Drain the queue safely"), meta("clearer title", 1));
  expect(saved.changeRequestId).toBeTruthy();
  const id = saved.changeRequestId!;
  // Live entry unchanged, no revision, the request holds the whole proposed entry and its base.
  expect((await getEntitySnapshot("PROCEDURE", procedure.id))!.snapshot.title).toBe("Drain");
  expect(await revisions(procedure.id)).toHaveLength(1);
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id } });
  expect(request).toMatchObject({ status: "PENDING", kind: "UPDATE", baseVersion: 1, authorName: "Ann", changeNote: "clearer title" });
  expect((request.proposed as { title: string }).title).toBe("Drain the queue safely");
  expect((await events("change.requested")).at(-1)).toMatchObject({ actorName: "Ann", entityId: procedure.id, detail: expect.objectContaining({ requestId: id }) });
  // Anyone signed in sees it, with its diff.
  const view = (await getChangeRequest(people.viewer, id))!;
  expect(view.changes.map((c) => c.key)).toEqual(["title"]);
  expect((await listChangeRequests(people.viewer, "open")).items.map((i) => i.id)).toContain(id);

  await expect(approveChange(people.ann, id, request.version, "")).rejects.toThrow(/someone else must approve/);
  await expect(approveChange(people.viewer, id, request.version, "")).rejects.toBeInstanceOf(ForbiddenError);
  await expect(rejectChange(people.viewer, id, request.version, "no")).rejects.toBeInstanceOf(ForbiddenError);
  expect((await db.changeRequest.findUniqueOrThrow({ where: { id } })).status).toBe("PENDING");

  const before = (await db.auditEvent.count());
  await approveChange(people.ben, id, request.version, "looks right");
  expect((await getEntitySnapshot("PROCEDURE", procedure.id))!.snapshot.title).toBe("Drain the queue safely");
  const history = await revisions(procedure.id);
  expect(history).toHaveLength(2);
  expect(history[1]).toMatchObject({ version: 2, action: "UPDATE", authorId: people.ann.id, authorName: "Ann", changeNote: "clearer title", changeRequestId: id });
  expect(await db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", reviewerId: people.ben.id, reviewerName: "Ben", reviewComment: "looks right" });
  // Exactly one event for the approval, by the approver, linking the revision.
  const written = await db.auditEvent.findMany({ where: { seq: { gt: (await db.auditEvent.findMany({ orderBy: { seq: "asc" }, skip: before - 1, take: 1 }))[0]!.seq } } });
  expect(written.map((e) => e.action)).toEqual(["change.approved"]);
  expect(written[0]).toMatchObject({ actorName: "Ben", revisionId: history[1]!.id, entityId: procedure.id });
  // Decided once: a second approval is refused.
  await expect(approveChange(people.cat, id, request.version, "")).rejects.toBeInstanceOf(StaleRequestError);
});

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

test("an approval over a live entry that changed meanwhile is refused without loss; the author rebases and it is approved", async () => {
  const { system } = await fixture("moved-on", true);
  const values = { slug: system.slug, name: system.name, tier: "TIER_1" as const, reviewIntervalDays: 90, purpose: "Moves money." };
  const { changeRequestId: id } = await saveEntry(people.ann, "SYSTEM", { id: system.id }, values, meta("purpose", system.version));
  // A review is not a change to the runbook: it applies at once, and moves the live version on.
  await markSystemReviewed(people.cat, system.id, system.version, "");
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: id! } });
  await expect(approveChange(people.ben, id!, request.version, "")).rejects.toThrow(/live entry changed since this change was proposed/);
  expect(await db.changeRequest.findUniqueOrThrow({ where: { id: id! } })).toMatchObject({ status: "PENDING", version: request.version });
  const live = (await getEntitySnapshot("SYSTEM", system.id))!;
  expect(live.snapshot).toMatchObject({ purpose: "", lastReviewedById: people.cat.id });
  expect((await getChangeRequest(people.ben, id!))!.liveChanges!.map((c) => c.key)).toEqual(expect.arrayContaining(["lastReviewedAt", "lastReviewedById"]));

  await expect(rebaseChange(people.ben, id!, request.version)).rejects.toThrow(/Only the author/);
  await rebaseChange(people.ann, id!, request.version);
  const rebased = await db.changeRequest.findUniqueOrThrow({ where: { id: id! } });
  expect(rebased).toMatchObject({ status: "PENDING", baseVersion: live.version });
  expect((await events("change.rebased")).at(-1)).toMatchObject({ actorName: "Ann", detail: expect.objectContaining({ requestId: id, baseVersion: live.version }) });
  // The approver saw the old request: refused, and asked to look again.
  await expect(approveChange(people.ben, id!, request.version, "")).rejects.toThrow(/changed this request since you opened it/);
  await approveChange(people.ben, id!, rebased.version, "");
  // Both kept: the review made meanwhile and the approved purpose.
  expect((await getEntitySnapshot("SYSTEM", system.id))!.snapshot).toMatchObject({ purpose: "Moves money.", lastReviewedById: people.cat.id });
});

test("reject needs a reason and a second person; withdraw is the author's; one change waits per entry", async () => {
  const { procedure } = await fixture("reject-withdraw", true);
  const first = (await saveEntry(people.ann, "PROCEDURE", { id: procedure.id }, procedureValues("Try one"), meta("one", 1))).changeRequestId!;
  // Another editor cannot open a second request on the entry; the author replaces their own.
  await expect(saveEntry(people.ben, "PROCEDURE", { id: procedure.id }, procedureValues("Other"), meta("other", 1))).rejects.toThrow(/Ann's change to this entry is waiting/);
  const again = await saveEntry(people.ann, "PROCEDURE", { id: procedure.id }, procedureValues("Try two"), meta("two", 1));
  expect(again.changeRequestId).toBe(first);
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: first } });
  expect(request).toMatchObject({ version: 2, changeNote: "two" });

  await expect(rejectChange(people.ben, first, request.version, " ")).rejects.toThrow(/Say why/);
  await expect(rejectChange(people.ann, first, request.version, "mine")).rejects.toThrow(/withdraw it instead/);
  await rejectChange(people.ben, first, request.version, "Step 1 drains production");
  expect(await db.changeRequest.findUniqueOrThrow({ where: { id: first } })).toMatchObject({ status: "REJECTED", reviewerName: "Ben", reviewComment: "Step 1 drains production" });
  expect((await getEntitySnapshot("PROCEDURE", procedure.id))!.snapshot.title).toBe("Drain");
  expect((await listChangeRequests(people.viewer, "decided")).items.map((i) => i.id)).toContain(first);
  expect((await events("change.rejected")).at(-1)).toMatchObject({ actorName: "Ben", detail: expect.objectContaining({ requestId: first, comment: "Step 1 drains production" }) });

  const second = (await saveEntry(people.ben, "PROCEDURE", { id: procedure.id }, procedureValues("Try three"), meta("three", 1))).changeRequestId!;
  const version = (await db.changeRequest.findUniqueOrThrow({ where: { id: second } })).version;
  await expect(withdrawChange(people.ann, second, version)).rejects.toThrow(/Only the author/);
  await withdrawChange(people.ben, second, version);
  expect((await db.changeRequest.findUniqueOrThrow({ where: { id: second } })).status).toBe("WITHDRAWN");
  await expect(approveChange(people.ann, second, version + 1, "")).rejects.toThrow(/already withdrawn/);
  expect(await revisions(procedure.id)).toHaveLength(1);
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

test("an admin's emergency override applies their own change at once, loudly, and it waits for approval after the fact by someone else", async () => {
  const { procedure } = await fixture("override", true);
  const id = (await saveEntry(people.admin, "PROCEDURE", { id: procedure.id }, procedureValues("Hotfix"), meta("incident fix", 1))).changeRequestId!;
  const version = (await db.changeRequest.findUniqueOrThrow({ where: { id } })).version;
  await expect(overrideChange(people.ann, id, version, "urgent")).rejects.toBeInstanceOf(ForbiddenError);
  await expect(overrideChange(people.boss, id, version, "urgent")).rejects.toThrow(/your own change/);
  await expect(overrideChange(people.admin, id, version, "")).rejects.toThrow(/Say why/);
  await expect(approveChange(people.admin, id, version, "")).rejects.toThrow(/someone else must approve/);
  await overrideChange(people.admin, id, version, "customers are down");
  expect((await getEntitySnapshot("PROCEDURE", procedure.id))!.snapshot.title).toBe("Hotfix");
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id } });
  expect(request).toMatchObject({ status: "OVERRIDDEN", reviewComment: "customers are down", reviewerId: null });
  const revision = (await revisions(procedure.id)).at(-1)!;
  expect(revision).toMatchObject({ authorId: people.admin.id, changeRequestId: id });
  expect((await events("change.overridden")).at(-1)).toMatchObject({ actorId: people.admin.id, revisionId: revision.id, detail: expect.objectContaining({ comment: "customers are down" }) });
  // Still open for review: not by the admin who overrode.
  expect((await listChangeRequests(people.viewer, "open")).items.map((i) => i.id)).toContain(id);
  await expect(approveChange(people.admin, id, request.version, "")).rejects.toThrow(/someone else must approve/);
  await approveChange(people.boss, id, request.version, "fine after all");
  expect(await db.changeRequest.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "APPROVED", reviewerName: "Boss" });
  expect(await revisions(procedure.id)).toHaveLength(2);
  expect((await events("change.approved")).at(-1)).toMatchObject({ actorName: "Boss", revisionId: null, detail: expect.objectContaining({ afterOverride: true }) });
});

test("the policy is an admin's setting, kept out of restores; an import that touches gated entries opens change requests and says so in its preview", async () => {
  const { system, procedure } = await fixture("imported", true);
  await expect(setApprovalPolicy(people.ann, system.id, system.version, false, "")).rejects.toBeInstanceOf(ForbiddenError);
  expect((await events("settings.changed")).at(-1)).toMatchObject({ actorId: people.admin.id, systemId: system.id, detail: expect.objectContaining({ setting: "changesNeedApproval", value: true }) });

  const file = [
    "format: runbook-portal/v1",
    "kind: system",
    `slug: ${system.slug}`,
    `name: ${system.name}`,
    "tier: TIER_1",
    "purpose: Imported purpose.",
    "procedures:",
    "  - key: drain",
    "    title: Drain (imported)",
    "    steps:",
    "      - instruction: Drain the queue",
    "        command: queue drain",
    "        expectedResult: 0 messages",
    "",
  ].join("\n");
  const key = (await db.remediationProcedure.findUniqueOrThrow({ where: { id: procedure.id } })).key;
  const read = readRunbookFiles([{ name: "imported.yaml", bytes: new TextEncoder().encode(file.replace("key: drain", `key: ${key}`)) }]);
  expect(read.problems).toEqual([]);
  const plan = await planImport(read.documents);
  expect(plan.problems).toEqual([]);
  const changing = plan.entries.filter((e) => e.status === "update");
  expect(changing.map((e) => [e.ref.type, e.needsApproval])).toEqual(expect.arrayContaining([["SYSTEM", true], ["PROCEDURE", true]]));
  const result = await applyImport(people.ann, plan);
  expect(result).toMatchObject({ updated: 0, requested: changing.length });
  expect((await getEntitySnapshot("SYSTEM", system.id))!.snapshot.purpose).toBe("");
  expect(await db.changeRequest.count({ where: { systemId: system.id, status: "PENDING", authorId: people.ann.id } })).toBe(changing.length);
  expect((await events("import.applied")).at(-1)).toMatchObject({ actorId: people.ann.id, detail: expect.objectContaining({ requested: changing.length }) });
  // A second editor can still not slip a change past the waiting ones.
  await expect(saveEntry(people.ben, "PROCEDURE", { id: procedure.id }, procedureValues("Sneaky"), meta("x", 1))).rejects.toBeInstanceOf(WriteRejectedError);
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

test("an import's new entries in a gated system wait as change requests; one that links a procedure new in the same import is a problem of the files", async () => {
  const { system, procedure } = await fixture("imported-new", true);
  const key = (await db.remediationProcedure.findUniqueOrThrow({ where: { id: procedure.id } })).key;
  const yaml = (failureModeLinks: string) =>
    [
      "format: runbook-portal/v1",
      "kind: system",
      `slug: ${system.slug}`,
      `name: ${system.name}`,
      "tier: TIER_1",
      "procedures:",
      `  - key: ${key}`,
      "    title: Drain",
      "    steps:",
      "      - instruction: Drain the queue",
      "        command: queue drain",
      "        expectedResult: 0 messages",
      "  - key: purge",
      "    title: Purge the dead letters",
      "failureModes:",
      "  - key: stuck",
      "    title: Queue stuck",
      "    severity: SEV2",
      `    procedures: [${failureModeLinks}]`,
      "",
    ].join("\n");
  const plan = async (text: string) => planImport(readRunbookFiles([{ name: "new.yaml", bytes: new TextEncoder().encode(text) }]).documents);

  const linked = await plan(yaml(`${key}, purge`));
  expect(linked.problems.map((p) => p.message)).toEqual([expect.stringMatching(/^Links purge, new in this import in a system that needs approval/)]);

  const fine = await plan(yaml(key));
  expect(fine.problems).toEqual([]);
  expect(fine.entries.filter((e) => e.status === "create").map((e) => [e.ref.type, e.ref.name, e.needsApproval])).toEqual(
    expect.arrayContaining([
      ["PROCEDURE", "purge", true],
      ["FAILURE_MODE", "stuck", true],
    ]),
  );
  expect(fine.entries.filter((e) => e.status === "create")).toHaveLength(2);
  const result = await applyImport(people.ann, fine);
  expect(result).toMatchObject({ created: 0, requested: 2 });
  expect(await db.failureMode.count({ where: { systemId: system.id } })).toBe(0);
  expect(await db.changeRequest.count({ where: { systemId: system.id, kind: "CREATE", status: "PENDING" } })).toBe(2);
});

test("turning a system's approval off is itself a gated change: it waits for another admin (an editor cannot approve it), or lands by the admin's override, loudly", async () => {
  const { system, procedure } = await fixture("policy-off", true);
  const off = await setApprovalPolicy(people.admin, system.id, system.version, false, "quiet week");
  expect(off.changeRequestId).toBeTruthy();
  expect((await db.system.findUniqueOrThrow({ where: { id: system.id } })).changesNeedApproval).toBe(true);
  // So "off, edit, on" cannot land an edit nobody else saw: the edit still waits.
  expect((await saveEntry(people.ann, "PROCEDURE", { id: procedure.id }, procedureValues("Slipped in"), meta("x", 1))).changeRequestId).toBeTruthy();
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: off.changeRequestId! } });
  await expect(approveChange(people.ben, request.id, request.version, "")).rejects.toThrow(/only another admin can approve it/);
  const view = (await getChangeRequest(people.ben, request.id))!;
  expect(view.adminsOnly).toBe(true);
  expect([canDecide(people.ben, view), canDecide(people.boss, view), canDecide(people.admin, view)]).toEqual([false, true, false]);
  await expect(approveChange(people.admin, request.id, request.version, "")).rejects.toThrow(/someone else must approve/);
  await approveChange(people.boss, request.id, request.version, "agreed");
  expect((await db.system.findUniqueOrThrow({ where: { id: system.id } })).changesNeedApproval).toBe(false);
  expect((await events("change.approved")).at(-1)).toMatchObject({ actorId: people.boss.id, entityId: system.id });

  // In an emergency the admin overrides their own request: applied at once, recorded as an override, shown in the system's history.
  const again = await fixture("policy-override", true);
  const waiting = await setApprovalPolicy(people.admin, again.system.id, again.system.version, false, "");
  const pending = await db.changeRequest.findUniqueOrThrow({ where: { id: waiting.changeRequestId! } });
  await overrideChange(people.admin, pending.id, pending.version, "approvers unreachable during the outage");
  expect((await db.system.findUniqueOrThrow({ where: { id: again.system.id } })).changesNeedApproval).toBe(false);
  expect((await events("change.overridden")).at(-1)).toMatchObject({ actorId: people.admin.id, entityId: again.system.id });
  expect((await revisions(again.system.id)).at(-1)).toMatchObject({ changeRequestId: pending.id });
});

test("an alert name a gated system's failure mode lists is added elsewhere only with approval, through the page's writer and the import; /alerts prefers the gated one at the same severity", async () => {
  const guarded = await fixture("alert-guarded", true);
  const created = await saveEntry(people.ann, "FAILURE_MODE", { systemId: guarded.system.id }, { title: "Payments down", severity: "SEV2", alertNames: ["PaymentsDown"] }, { changeNote: "new", incidentRef: null });
  const request = await db.changeRequest.findUniqueOrThrow({ where: { id: created.changeRequestId! } });
  await approveChange(people.ben, request.id, request.version, "");
  const open = await fixture("alert-open", false);

  // The page's save path: a new failure mode claiming the alert waits; so does an edit that adds it.
  const hijack = await saveEntry(people.cat, "FAILURE_MODE", { systemId: open.system.id }, { title: "Not really payments", severity: "SEV1", alertNames: ["paymentsdown"] }, { changeNote: "new", incidentRef: null });
  expect(hijack.changeRequestId).toBeTruthy();
  expect(await db.failureMode.count({ where: { systemId: open.system.id } })).toBe(0);
  const plain = await saveEntry(people.cat, "FAILURE_MODE", { systemId: open.system.id }, { title: "Disk full", severity: "SEV2", alertNames: ["DiskFull"] }, { changeNote: "new", incidentRef: null });
  expect(plain.changeRequestId).toBeUndefined();
  const edited = await saveEntry(people.cat, "FAILURE_MODE", { id: plain.id }, { title: "Disk full", severity: "SEV2", alertNames: ["DiskFull", "PaymentsDown"] }, meta("also this", 1));
  expect(edited.changeRequestId).toBeTruthy();
  expect((await db.failureMode.findUniqueOrThrow({ where: { id: plain.id } })).alertNames).toEqual(["DiskFull"]);
  // An edit that keeps the names it had saves at once.
  expect((await saveEntry(people.ben, "FAILURE_MODE", { id: plain.id }, { title: "Disk full (root)", severity: "SEV2", alertNames: ["DiskFull"] }, meta("title", 1))).changeRequestId).toBeUndefined();

  // The import: a rules-free runbook file listing the alert opens a request, applies nothing.
  const file = ["format: runbook-portal/v1", "kind: system", `slug: ${open.system.slug}`, `name: ${open.system.name}`, "tier: TIER_1", "failureModes:", "  - key: sneaky", "    title: Sneaky", "    severity: SEV1", "    alertNames: [PaymentsDown]", ""].join("\n");
  const plan = await planImport(readRunbookFiles([{ name: "sneaky.yaml", bytes: new TextEncoder().encode(file) }]).documents);
  expect(plan.problems).toEqual([]);
  // The preview says so before anything is written.
  expect(plan.entries.filter((e) => e.needsApproval).map((e) => [e.ref.type, e.ref.name])).toEqual([["FAILURE_MODE", "sneaky"]]);
  expect(await applyImport(people.cat, plan)).toMatchObject({ created: 0, requested: 1 });
  expect(await db.failureMode.count({ where: { systemId: open.system.id, key: "sneaky" } })).toBe(0);

  // Approved, both list the alert; at the same severity the gated system's comes first, each shown with its system.
  const { findFailureModesByAlert } = await import("@/lib/data/failure-modes");
  const waiting = await db.changeRequest.findUniqueOrThrow({ where: { id: edited.changeRequestId! } });
  await rejectChange(people.ben, waiting.id, waiting.version, "not this alert");
  const sameSeverity = await saveEntry(people.admin, "FAILURE_MODE", { systemId: open.system.id }, { title: "Another payments view", severity: "SEV2", alertNames: ["PaymentsDown"] }, { changeNote: "new", incidentRef: null });
  const second = await db.changeRequest.findUniqueOrThrow({ where: { id: sameSeverity.changeRequestId! } });
  await approveChange(people.ben, second.id, second.version, "");
  const matches = await findFailureModesByAlert("PaymentsDown");
  expect(matches.map((m) => [m.title, m.system.slug])).toEqual([
    ["Payments down", "alert-guarded"],
    ["Another payments view", "alert-open"],
  ]);
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
