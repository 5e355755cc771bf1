import type { RevisionAction } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Actor } from "@/lib/auth/roles";
import { headingOf, type EntityDescriptor } from "@/lib/entries";
import { auditEvents, type AuditAction, type AuditInput } from "@/lib/audit/events";
import { newId } from "@/lib/db/ids";
import { toSnapshot, type Row, type Snapshot, type Tx } from "@/lib/entries/snapshot";

// What every write leaves behind: a revision (the whole entry after it, and why) and its
// audit event, in the write's own transaction.

/** What a revision says about its change: why, the incident it was for, the run it was made from. */
export type WriteMeta = {
  changeNote: string;
  incidentRef?: string | null;
  runId?: string | null;
  /** how the audit log names this write when it is more than an entry change ("user.role_changed"), and what else it says */
  audit?: { action: AuditAction; detail?: Record<string, unknown> };
};

/** A write's result: the row as it now is; for a gated entry, unchanged, with the change request that waits instead. */
export interface WriteResult extends Row {
  changeRequestId?: string;
}

/**
 * How a write passes the approval gate (lib/approvals): applying an approved (or
 * overridden) change request, whose author the revision names; or `ungated`, for records
 * about an entry that are not runbook content (a review, a readiness exception, the policy itself).
 */
export type Approval = { requestId: string; author: { id: string | null; name: string } } | { ungated: true };

export function revisionData(actor: Actor, desc: EntityDescriptor, row: Row, action: RevisionAction, meta: WriteMeta, approval?: Approval) {
  const request = approval && "requestId" in approval ? approval : null;
  return {
    entityType: desc.type,
    entityId: row.id,
    version: row.version,
    action,
    snapshot: toSnapshot(desc, row) as Prisma.InputJsonValue,
    changeNote: meta.changeNote,
    incidentRef: meta.incidentRef || null,
    runId: meta.runId || null,
    changeRequestId: request?.requestId ?? null,
    authorId: request ? request.author.id : actor.id,
    authorName: request ? request.author.name : actor.name,
  };
}

const AUDIT_ACTION: Record<RevisionAction, AuditAction> = { CREATE: "entry.created", UPDATE: "entry.updated", DELETE: "entry.deleted", RESTORE: "entry.restored" };

/** The audit event of a revision: the entry, its system, the revision, and why. */
export function auditOf(
  desc: EntityDescriptor,
  revision: { id: string; entityId: string; version: number; action: RevisionAction; changeNote: string; incidentRef: string | null; snapshot: unknown },
  audit?: WriteMeta["audit"],
): AuditInput {
  const snapshot = revision.snapshot as Snapshot;
  return {
    action: audit?.action ?? AUDIT_ACTION[revision.action],
    entityType: desc.type,
    entityId: revision.entityId,
    systemId: desc.ownsChildren ? revision.entityId : ((snapshot.systemId as string | undefined) ?? null),
    revisionId: revision.id,
    detail: { version: revision.version, title: headingOf(desc, snapshot), changeNote: revision.changeNote, ...(revision.incidentRef ? { incidentRef: revision.incidentRef } : {}), ...audit?.detail },
  };
}

export async function writeRevision(tx: Tx, actor: Actor, desc: EntityDescriptor, row: Row, action: RevisionAction, meta: WriteMeta, approval?: Approval) {
  const data = { id: newId(), ...revisionData(actor, desc, row, action, meta, approval) };
  await tx.revision.create({ data });
  await auditEvents(tx, actor, [auditOf(desc, data, meta.audit)]);
}

