import "server-only";
import { db } from "@/lib/db";
import { assertRole, hasRole, type Actor } from "@/lib/auth/roles";
import type { ChangeStatus, EntityType } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { describe, headingOf } from "@/lib/entries";
import { approvalGate } from "./policy";
import { turnsApprovalOff } from "./settings";
import { compareSnapshots, idsInChanges, type FieldChange } from "@/lib/history/diff";
import { namesForIds } from "@/lib/data/systems";
import { getEntitySnapshot, type Snapshot } from "@/lib/entries/snapshot";
import { getRevisionSnapshot } from "@/lib/history/revisions";

// Change requests as people read them: one with both diffs (/approvals/<id>), the lists
// (/approvals), the change waiting on an entry (its pages and edit form), and who may
// decide. Deciding is ./requests.ts.

/** What the approval pages and decisions read of a request. */
export const REQUEST = {
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

/** A request as REQUEST selects it. */
export type RequestRow = Prisma.ChangeRequestGetPayload<{ select: typeof REQUEST }>;

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
