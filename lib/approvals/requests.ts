import "server-only";
import { db } from "@/lib/db";
import { assertRole, hasRole, type Actor } from "@/lib/auth/roles";
import type { ChangeStatus, EntityType } from "@/lib/generated/prisma/enums";
import { describe, headingOf } from "@/lib/entries";
import { auditEvents } from "@/lib/audit/events";
import { approvalGate } from "./policy";
import { turnsApprovalOff } from "./settings";
import { compareSnapshots, idsInChanges, stable, type FieldChange } from "@/lib/history/diff";
import { namesForIds } from "@/lib/data/systems";
import { ConflictError, NotFoundError, WriteRejectedError } from "@/lib/history/write-errors";
import { createEntities, deleteEntity, restoreRevision, updateEntity } from "@/lib/history/entities";
import { getEntitySnapshot, getRevisionSnapshot, type Snapshot, type Tx } from "@/lib/history/snapshots";

// Deciding change requests (./policy.ts opens them): approve, reject, withdraw, an admin's
// emergency override, and the author's rebase. Approving applies the change through the
// one writer (lib/history/entities.ts) over the very version it was made from, so a live
// entry that changed meanwhile refuses the approval and loses nothing.

const REQUEST = {
  id: true,
  entityType: true,
  entityId: true,
  systemId: true,
  kind: true,
  baseVersion: true,
  restoreVersion: true,
  proposed: true,
  changeNote: true,
  incidentRef: true,
  runId: true,
  status: true,
  authorId: true,
  authorName: true,
  reviewerId: true,
  reviewerName: true,
  reviewComment: true,
  reviewedAt: true,
  version: true,
  createdAt: true,
  updatedAt: true,
} as const;

type RequestRow = Awaited<ReturnType<typeof lockRequest>>;

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
    if (request.status === "PENDING" && !hasRole(actor, "ADMIN") && turnsApprovalOff(request, await tx.system.findUnique({ where: { id: request.entityId }, select: { changesNeedApproval: true } }))) {
      throw new WriteRejectedError("This change turns approval off for the system: only another admin can approve it");
    }
    if (request.status === "PENDING") await apply(tx, actor, request, { action: "change.approved", comment });
    else await auditEvents(tx, actor, [eventOf(request, "change.approved", { afterOverride: true, ...(comment ? { comment } : {}) })]);
    await tx.changeRequest.update({ where: { id }, data: { status: "APPROVED", ...reviewed(actor, comment) } });
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
    await tx.changeRequest.update({ where: { id }, data: { status: "REJECTED", ...reviewed(actor, comment) } });
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

export type ChangeRequestView = RequestRow & {
  /** it turns its system's approval policy off: only another admin approves it */
  adminsOnly: boolean;
  title: string;
  systemName: string;
  systemSlug: string;
  /** base → proposed: what the request changes (a deletion is its kind, not a field) */
  changes: FieldChange[];
  /** base → live, when the live entry moved on since */
  liveChanges: FieldChange[] | null;
  /** names of the entries the changes link, by id */
  names: Record<string, string>;
  liveVersion: number | null;
  /** the revision that applied it, if applied */
  revision: { version: number } | null;
};

/** One request with both diffs, as /approvals/<id> shows it. Anyone signed in may look. */
export async function getChangeRequest(actor: Actor, id: string): Promise<ChangeRequestView | null> {
  assertRole(actor, "VIEWER");
  const request = await db.changeRequest.findUnique({ where: { id }, select: REQUEST });
  if (!request) return null;
  const desc = describe(request.entityType);
  const [base, live, system, revision] = await Promise.all([
    baseOf(request),
    getEntitySnapshot(request.entityType, request.entityId),
    db.system.findUnique({ where: { id: request.systemId }, select: { name: true, slug: true } }),
    db.revision.findFirst({ where: { changeRequestId: id }, select: { version: true } }),
  ]);
  const proposed = request.proposed as Snapshot;
  const moved = live && live.version !== request.baseVersion && request.status === "PENDING";
  const changes = fieldChanges(request.entityType, base, proposed);
  const liveChanges = moved ? fieldChanges(request.entityType, base, live.snapshot) : null;
  return {
    ...request,
    adminsOnly: request.status === "PENDING" && turnsApprovalOff(request, live?.snapshot ?? null),
    title: headingOf(desc, proposed),
    systemName: system?.name ?? "",
    systemSlug: system?.slug ?? "",
    changes,
    liveChanges,
    names: await namesOf([...changes, ...(liveChanges ?? [])]),
    liveVersion: live?.version ?? null,
    revision,
  };
}

/** The version a request was made from (none for a new entry). */
function baseOf(request: { entityType: EntityType; entityId: string; baseVersion: number }) {
  return request.baseVersion > 0 ? getRevisionSnapshot(request.entityType, request.entityId, request.baseVersion) : Promise.resolve(null);
}

/** Field by field, without the deletion mark: a deletion is a request's kind, and says so itself. */
function fieldChanges(type: EntityType, before: Snapshot | null, after: Snapshot) {
  return compareSnapshots(describe(type), before, after).filter((change) => change.key !== "deletedAt");
}

async function namesOf(changes: FieldChange[]) {
  return Object.fromEntries(await namesForIds(idsInChanges(changes)));
}

export type ChangeRequestListItem = {
  id: string;
  entityType: EntityType;
  entityId: string;
  kind: RequestRow["kind"];
  status: ChangeStatus;
  title: string;
  changeNote: string;
  authorName: string;
  reviewerName: string | null;
  createdAt: Date;
  reviewedAt: Date | null;
  system: { name: string; slug: string };
};

const PAGE = 50;

/**
 * Requests for /approvals: `open` (waiting, and overridden ones waiting for approval
 * after the fact) oldest first, or `decided` newest first; keyset pages of 50 by id after `after`.
 */
export async function listChangeRequests(actor: Actor, which: "open" | "decided", after?: string): Promise<{ items: ChangeRequestListItem[]; next: string | null }> {
  assertRole(actor, "VIEWER");
  const statuses: ChangeStatus[] = which === "open" ? ["PENDING", "OVERRIDDEN"] : ["APPROVED", "REJECTED", "WITHDRAWN"];
  const order = which === "open" ? ("asc" as const) : ("desc" as const);
  const rows = await db.changeRequest.findMany({
    where: { status: { in: statuses } },
    orderBy: [{ updatedAt: order }, { id: order }],
    ...(after ? { cursor: { id: after }, skip: 1 } : {}),
    take: PAGE + 1,
    select: { id: true, entityType: true, entityId: true, kind: true, status: true, proposed: true, changeNote: true, authorName: true, reviewerName: true, createdAt: true, reviewedAt: true, systemId: true },
  });
  const page = rows.slice(0, PAGE);
  const systems = new Map(
    (await db.system.findMany({ where: { id: { in: [...new Set(page.map((row) => row.systemId))] } }, select: { id: true, name: true, slug: true } })).map((s) => [s.id, s]),
  );
  return {
    items: page.map(({ proposed, systemId, ...row }) => ({
      ...row,
      title: headingOf(describe(row.entityType), proposed as Snapshot),
      system: systems.get(systemId) ?? { name: "", slug: "" },
    })),
    next: rows.length > PAGE ? page[page.length - 1]!.id : null,
  };
}

/** The change waiting on an entry (or applied by override and awaiting approval), with what it changes, for the entry's page. */
export async function waitingChangeOf(type: EntityType, entityId: string) {
  const change = await openChangeOf(type, entityId);
  if (!change) return null;
  const changes = fieldChanges(type, await baseOf({ entityType: type, entityId, baseVersion: change.baseVersion }), change.proposed as Snapshot);
  return { ...change, changes, names: await namesOf(changes) };
}

/** The change waiting on an entry (or applied by override and awaiting approval). */
export async function openChangeOf(type: EntityType, entityId: string) {
  return db.changeRequest.findFirst({
    where: { entityType: type, entityId, status: { in: ["PENDING", "OVERRIDDEN"] } },
    orderBy: { createdAt: "desc" },
    select: { id: true, status: true, authorId: true, authorName: true, createdAt: true, kind: true, baseVersion: true, proposed: true, changeNote: true, incidentRef: true },
  });
}

/** Whether `actor` may approve or reject (an editor, not the author). */
export function canDecide(actor: Actor | null, request: { authorId: string | null; adminsOnly?: boolean }) {
  return !!actor && hasRole(actor, request.adminsOnly ? "ADMIN" : "EDITOR") && !(actor.id && actor.id === request.authorId);
}

/** Why changes to an entry need approval, for its edit page and notices; null when they apply at once. */
export async function gateOf(type: EntityType, entityId: string) {
  return approvalGate(db, type, entityId);
}
