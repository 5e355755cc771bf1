import "server-only";
import { db } from "@/lib/db";
import { assertRole, hasRole, type Actor } from "@/lib/auth/roles";
import type { ChangeStatus, EntityType } from "@/lib/generated/prisma/enums";
import { describe } from "@/lib/entries";
import { auditEvents } from "@/lib/audit/events";
import { turnsApprovalOff } from "./settings";
import { stable } from "@/lib/history/diff";
import { ConflictError, NotFoundError, TeamRefusedError, WriteRejectedError } from "@/lib/entries/errors";
import { REQUEST, type RequestRow } from "./views";
import { approvalRefusal } from "@/lib/teams/policy";
import { addJob } from "@/lib/jobs/queue";
import { createEntities, deleteEntity, restoreRevision, updateEntity } from "@/lib/entries/write";
import { getEntitySnapshot, type Snapshot, type Tx } from "@/lib/entries/snapshot";
import { getRevisionSnapshot } from "@/lib/history/revisions";

// Deciding change requests (./policy.ts opens them): approve, reject, withdraw, an admin's
// emergency override, and the author's rebase. Approving applies the change through the
// one writer (lib/entries/write.ts) over the very version it was made from, so a live
// entry that changed meanwhile refuses the approval and loses nothing.

/** A decision on a request someone else changed or decided since the page was loaded. */
export class StaleRequestError extends WriteRejectedError {}

async function lockRequest(tx: Tx, id: string) {
  await tx.$executeRaw`SELECT 1 FROM "ChangeRequest" WHERE "id" = ${id} FOR UPDATE`;
  const request = await tx.changeRequest.findUnique({ where: { id }, select: REQUEST });
  if (!request) throw new WriteRejectedError("This change request does not exist");
  return request;
}

/** The request as the decider saw it: same version, in one of `statuses`. */
function expectState(request: RequestRow, seenVersion: number, statuses: ChangeStatus[]) {
  if (!statuses.includes(request.status)) {
    const by = request.reviewerName ? ` by ${request.reviewerName}` : "";
    throw new StaleRequestError(`This change was already ${request.status.toLowerCase()}${request.status === "WITHDRAWN" ? "" : by}; reload to see it`);
  }
  if (request.version !== seenVersion) throw new StaleRequestError("The author changed this request since you opened it: review it again");
}

const isAuthor = (actor: Actor, request: RequestRow) => !!actor.id && actor.id === request.authorId;

/** Applies the request's change as written by its author, over its base version. */
async function apply(tx: Tx, actor: Actor, request: RequestRow, audit: { action: "change.approved" | "change.overridden"; comment: string }) {
  const meta = {
    changeNote: request.changeNote,
    incidentRef: request.incidentRef,
    runId: request.runId,
    audit: { action: audit.action, detail: { requestId: request.id, author: request.authorName, ...(audit.comment ? { comment: audit.comment } : {}) } },
  };
  const options = { tx, approval: { requestId: request.id, author: { id: request.authorId, name: request.authorName } } };
  try {
    if (request.kind === "CREATE") {
      const values = { ...(request.proposed as Snapshot) };
      delete values.id;
      delete values.version;
      const [row] = await createEntities(actor, request.entityType, [{ values, meta, id: request.entityId }], options);
      return row!;
    }
    if (request.kind === "DELETE") return await deleteEntity(actor, request.entityType, request.entityId, request.baseVersion, meta, options);
    if (request.kind === "RESTORE") return await restoreRevision(actor, request.entityType, request.entityId, request.restoreVersion!, request.baseVersion, meta, options);
    return await updateEntity(actor, request.entityType, request.entityId, request.baseVersion, request.proposed as Snapshot, meta, options);
  } catch (error) {
    if (error instanceof ConflictError) {
      throw new StaleRequestError(
        `The live entry changed since this change was proposed (version ${request.baseVersion}, now ${error.currentVersion}): nothing was applied. The author must rebase the change onto the current version first.`,
      );
    }
    throw error;
  }
}

async function decide(id: string, work: (tx: Tx) => Promise<void>) {
  await db.$transaction(work);
  return id;
}

/** Approves a waiting change (applying it) or an overridden one (after the fact). Never the author's own. */
export async function approveChange(actor: Actor, id: string, seenVersion: number, comment: string) {
  assertRole(actor, "EDITOR");
  return decide(id, async (tx) => {
    const request = await lockRequest(tx, id);
    expectState(request, seenVersion, ["PENDING", "OVERRIDDEN"]);
    if (isAuthor(actor, request)) throw new WriteRejectedError("You proposed this change: someone else must approve it");
    const outsider = await approvalRefusal(tx, actor, request.systemId);
    if (outsider) throw new TeamRefusedError(outsider);
    if (request.status === "PENDING" && !hasRole(actor, "ADMIN") && turnsApprovalOff(request, await tx.system.findUnique({ where: { id: request.entityId }, select: { changesNeedApproval: true } }))) {
      throw new WriteRejectedError("This change turns approval off for the system: only another admin can approve it");
    }
    if (request.status === "PENDING") await apply(tx, actor, request, { action: "change.approved", comment });
    else await auditEvents(tx, actor, [eventOf(request, "change.approved", { afterOverride: true, ...(comment ? { comment } : {}) })]);
    await tx.changeRequest.update({ where: { id }, data: { status: "APPROVED", ...reviewed(actor, comment) } });
    await addJob(tx, "notify:change-decided", { changeRequestId: id });
  });
}

/** Rejects a waiting change (nothing is applied), or an overridden one (it stays applied; history can undo it). A reason is required. */
export async function rejectChange(actor: Actor, id: string, seenVersion: number, comment: string) {
  assertRole(actor, "EDITOR");
  if (!comment.trim()) throw new WriteRejectedError("Say why the change is rejected", "comment");
  return decide(id, async (tx) => {
    const request = await lockRequest(tx, id);
    expectState(request, seenVersion, ["PENDING", "OVERRIDDEN"]);
    if (isAuthor(actor, request)) throw new WriteRejectedError("You proposed this change: withdraw it instead");
    const outsider = await approvalRefusal(tx, actor, request.systemId);
    if (outsider) throw new TeamRefusedError(outsider);
    await tx.changeRequest.update({ where: { id }, data: { status: "REJECTED", ...reviewed(actor, comment) } });
    await addJob(tx, "notify:change-decided", { changeRequestId: id });
    await auditEvents(tx, actor, [eventOf(request, "change.rejected", { comment, ...(request.status === "OVERRIDDEN" ? { afterOverride: true } : {}) })]);
  });
}

/** The author takes back a waiting change. */
export async function withdrawChange(actor: Actor, id: string, seenVersion: number) {
  assertRole(actor, "EDITOR");
  return decide(id, async (tx) => {
    const request = await lockRequest(tx, id);
    expectState(request, seenVersion, ["PENDING"]);
    if (!isAuthor(actor, request)) throw new WriteRejectedError("Only the author can withdraw a change");
    await tx.changeRequest.update({ where: { id }, data: { status: "WITHDRAWN", version: { increment: 1 } } });
    await auditEvents(tx, actor, [eventOf(request, "change.withdrawn", {})]);
  });
}

/**
 * Emergency: an admin applies their own waiting change at once. The change is live, the
 * request stays open as OVERRIDDEN until someone else approves (or rejects) it after the fact.
 */
export async function overrideChange(actor: Actor, id: string, seenVersion: number, reason: string) {
  assertRole(actor, "ADMIN");
  if (!reason.trim()) throw new WriteRejectedError("Say why this cannot wait for approval", "comment");
  return decide(id, async (tx) => {
    const request = await lockRequest(tx, id);
    expectState(request, seenVersion, ["PENDING"]);
    if (!isAuthor(actor, request)) throw new WriteRejectedError("An override applies your own change; approve someone else's instead");
    await apply(tx, actor, request, { action: "change.overridden", comment: reason });
    await tx.changeRequest.update({ where: { id }, data: { status: "OVERRIDDEN", reviewComment: reason, version: { increment: 1 } } });
  });
}

function reviewed(actor: Actor, comment: string) {
  return { reviewerId: actor.id, reviewerName: actor.name, reviewComment: comment, reviewedAt: new Date(), version: { increment: 1 } };
}

function eventOf(request: RequestRow, action: "change.approved" | "change.rejected" | "change.withdrawn", detail: Record<string, unknown>) {
  return {
    action,
    entityType: request.entityType,
    entityId: request.entityId,
    systemId: request.systemId,
    detail: { requestId: request.id, kind: request.kind, author: request.authorName, ...detail },
  };
}

/**
 * Field by field, the request's change laid over the live entry: a field only the request
 * changed takes its value, one only the live entry changed keeps the live value, one both
 * changed the same way is fine; one both changed differently is a conflict.
 */
export function rebaseSnapshot(type: EntityType, base: Snapshot, live: Snapshot, proposed: Snapshot): { merged: Snapshot; conflicts: string[] } {
  const desc = describe(type);
  const merged: Snapshot = { ...live };
  const conflicts: string[] = [];
  for (const [key, spec] of Object.entries(desc.fields)) {
    const [b, l, p] = [stable(base[key] ?? null), stable(live[key] ?? null), stable(proposed[key] ?? null)];
    if (p === b || p === l) continue;
    if (l === b) merged[key] = proposed[key];
    else conflicts.push(spec.label);
  }
  return { merged, conflicts };
}

/**
 * The author moves a waiting change onto the current live version: the request then
 * holds the same change over the entry as it is now. Refused, naming the fields, where
 * both changed the same field differently; the author withdraws and edits again then.
 */
export async function rebaseChange(actor: Actor, id: string, seenVersion: number) {
  assertRole(actor, "EDITOR");
  const request = await db.changeRequest.findUnique({ where: { id }, select: REQUEST });
  if (!request) throw new WriteRejectedError("This change request does not exist");
  expectState(request, seenVersion, ["PENDING"]);
  if (!isAuthor(actor, request)) throw new WriteRejectedError("Only the author can rebase a change");
  // A new entry has no live version to move onto.
  if (request.kind === "CREATE") return id;
  const live = await getEntitySnapshot(request.entityType, request.entityId);
  if (!live) throw new NotFoundError(request.entityType, request.entityId);
  if (live.version === request.baseVersion) return id;
  const meta = { changeNote: request.changeNote, incidentRef: request.incidentRef, runId: request.runId, audit: { action: "change.rebased" as const } };
  // The write re-opens the author's own request (lib/approvals/policy.ts) over the live version.
  if (request.kind === "DELETE") await deleteEntity(actor, request.entityType, request.entityId, live.version, meta);
  else if (request.kind === "RESTORE") await restoreRevision(actor, request.entityType, request.entityId, request.restoreVersion!, live.version, meta);
  else {
    const base = (await getRevisionSnapshot(request.entityType, request.entityId, request.baseVersion)) ?? {};
    const { merged, conflicts } = rebaseSnapshot(request.entityType, base, live.snapshot, request.proposed as Snapshot);
    if (conflicts.length) {
      throw new WriteRejectedError(`The live entry changed the same fields differently (${conflicts.join(", ")}): withdraw this change and edit the current version instead`);
    }
    await updateEntity(actor, request.entityType, request.entityId, live.version, merged, meta);
  }
  return id;
}
