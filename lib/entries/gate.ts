import type { Actor } from "@/lib/auth/roles";
import { headingOf, type EntityDescriptor } from "@/lib/entries";
import { alertNameGates, approvalGate, openChangeRequest, type Gate } from "@/lib/approvals/policy";
import { delegate, selectFor, toSnapshot, type Row, type Tx } from "@/lib/entries/snapshot";
import { TeamRefusedError, WriteRejectedError } from "@/lib/entries/errors";
import { teamRefusal } from "@/lib/teams/policy";
import type { Approval, WriteMeta, WriteResult } from "@/lib/entries/revision";

// The approval gate in the writer (lib/approvals decides who is gated): a gated change is
// tried, undone, and held as a change request instead of written.

/** Runs `attempt` (a write, every rule checked) and undoes it: the entry as the write would leave it. */
export async function trial(tx: Tx, attempt: () => Promise<Row>): Promise<Row> {
  await tx.$executeRawUnsafe(`SAVEPOINT change_request_trial`);
  try {
    return await attempt();
  } finally {
    await tx.$executeRawUnsafe(`ROLLBACK TO SAVEPOINT change_request_trial`);
  }
}

/**
 * The gate of every update, delete and restore: when entry `id` needs approval and the
 * write is not an approved change, the write is tried (so it is checked exactly as it
 * would be applied: version, references, the whole entry as it would be), undone, and a
 * change request holding the result opened instead. Null when the entry is not gated.
 */
export async function gatedChange(
  tx: Tx,
  actor: Actor,
  desc: EntityDescriptor,
  /** `alertNames`: the alert names the entry will list, for entries that list them */
  change: { id: string; kind: "UPDATE" | "DELETE" | "RESTORE"; expectedVersion: number; restoreVersion?: number; meta: WriteMeta; alertNames?: unknown },
  attempt: () => Promise<Row>,
  approval: Approval | undefined,
): Promise<WriteResult | null> {
  if (approval) return null;
  const gate = (await approvalGate(tx, desc.type, change.id, change.kind)) ?? (await alertGate(tx, desc, change.id, change.alertNames));
  if (!gate) return null;
  // The entry's row lock, held to the end: two requests on one entry open one after the other.
  await tx.$executeRawUnsafe(`SELECT 1 FROM "${desc.table}" WHERE "id" = $1 FOR UPDATE`, change.id);
  const snapshot = toSnapshot(desc, await trial(tx, attempt));
  const request = await openChangeRequest(tx, actor, gate, {
    type: desc.type,
    entityId: change.id,
    kind: change.kind,
    baseVersion: change.expectedVersion,
    restoreVersion: change.restoreVersion,
    proposed: snapshot,
    title: headingOf(desc, snapshot),
    meta: change.meta,
  });
  if ("waiting" in request) {
    throw new WriteRejectedError(`${request.waiting.authorName}'s change to this entry is waiting for approval: it must be approved, rejected or withdrawn before another change is proposed`);
  }
  const live = (await delegate(tx, desc).findUnique({ where: { id: change.id }, select: selectFor(desc) }))!;
  return { ...live, changeRequestId: request.id };
}

/** The gate of an entry that would newly list an alert name a gated system's failure mode lists (policy.ts, alertNameGates). */
async function alertGate(tx: Tx, desc: EntityDescriptor, id: string, alertNames: unknown): Promise<Gate | null> {
  if (!desc.fields.alertNames || !Array.isArray(alertNames)) return null;
  const [row] = await tx.$queryRawUnsafe<{ systemId: string; alertNames: string[]; deleted: boolean }[]>(
    `SELECT "systemId", "alertNames", "deletedAt" IS NOT NULL AS deleted FROM "${desc.table}" WHERE "id" = $1`,
    id,
  );
  if (!row) return null;
  // A deleted entry sends no alert anywhere: bringing it back adds its names anew.
  const gates = await alertNameGates(tx, [{ systemId: row.systemId, alertNames: alertNames.map(String), before: row.deleted ? [] : row.alertNames }]);
  return gates.get(0) ?? null;
}


/** The system an entry belongs to: itself for a system, its system for a child, none for a contact. */
async function systemOfEntry(tx: Tx, desc: EntityDescriptor, id: string): Promise<string | null> {
  if (desc.ownsChildren) return id;
  if (!desc.ofSystem) return null;
  const row = await delegate(tx, desc).findUnique({ where: { id }, select: { systemId: true } });
  return row ? String(row.systemId) : null;
}

/**
 * Team-scoped editing (lib/teams/policy.ts), in the writer: a change to a system's runbook
 * by someone outside its owning teams is refused before anything is written. `systemIds`:
 * the systems new entries go into; `id`: the entry changed.
 */
export async function assertTeamMayWrite(tx: Tx, actor: Actor, desc: EntityDescriptor, target: { systemIds: unknown[] } | { id: string }) {
  if (actor.id === null || actor.role === "ADMIN" || (!desc.ofSystem && !desc.ownsChildren)) return;
  const systemIds = "id" in target ? [await systemOfEntry(tx, desc, target.id)] : target.systemIds.map((id) => (typeof id === "string" ? id : null));
  const refusal = await teamRefusal(tx, actor, systemIds);
  if (refusal) throw new TeamRefusedError(refusal);
}
