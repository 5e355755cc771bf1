import { expect, test } from "vitest";
import { meta, people, procedureValues, setUpApprovalsDatabase } from "./approvals-test-setup";

// Four-eyes approval, against a real database: deciding a waiting change. Never approved
// by its author, applied by someone else through the one writer with one revision naming
// both; conflicts refused without loss and rebased; reject, withdraw, override; turning the
// policy off waits for another admin. What waits is approvals-gates, imports approvals-import.

const { db, fixture, revisions, events } = await setUpApprovalsDatabase("approvals_review");
const { saveEntry } = await import("@/lib/entries/save");
const { markSystemReviewed } = await import("@/lib/data/systems");
const { getEntitySnapshot } = await import("@/lib/entries/snapshot");
const { ForbiddenError } = await import("@/lib/auth/roles");
const { setApprovalPolicy } = await import("./settings");
const { approveChange, rejectChange, withdrawChange, overrideChange, rebaseChange, StaleRequestError } = await import("./requests");
const { getChangeRequest, listChangeRequests, canDecide } = await import("./views");

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
