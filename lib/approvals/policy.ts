import type { Prisma } from "@/lib/generated/prisma/client";
import type { ChangeKind, EntityType } from "@/lib/generated/prisma/enums";
import type { Actor } from "@/lib/auth/roles";
import { queueChangeRequestedPosts } from "@/lib/notify/change-requests";
import { addJob } from "@/lib/jobs/queue";
import { auditEvents, type AuditAction } from "@/lib/audit/events";
import { describe, ENTITIES } from "@/lib/entries";

// Which entries wait for a second person (four-eyes), and how a change to one becomes a
// change request. The writer of every entry (lib/entries/write.ts) asks `approvalGate`
// before it writes; a gated write becomes `openChangeRequest` in the same transaction,
// and the live entry stays as it is until someone else approves (./requests.ts).

type Tx = Prisma.TransactionClient;

/** The type whose policy gates its children (systems), and the children with a gate of their own (procedures). */
const OWNER = Object.values(ENTITIES).find((desc) => desc.approvalPolicy)!;
const OWN_GATES = Object.values(ENTITIES).filter((desc) => desc.ofSystem && desc.ownGate);

/**
 * Why an entry is gated: its system's policy, a procedure's own "approval required" (a
 * system holding one is deleted only with approval too), or an alert name that a gated
 * system's failure mode already lists (else anyone could send that alert to another runbook).
 */
export type Gate = { systemId: string; because: "system" | "procedure" | "alert" };

/** The gate of entry `id` as it is now, for a change of `kind`, or null when the change applies at once. */
export async function approvalGate(tx: Pick<Tx, "$queryRaw" | "$queryRawUnsafe">, type: EntityType, id: string, kind: ChangeKind = "UPDATE"): Promise<Gate | null> {
  const desc = describe(type);
  if (desc.approvalPolicy) {
    // Deleting the system deletes its children: one that needs approval of its own is deleted only with it.
    const own = OWN_GATES.map((child) => `EXISTS (SELECT 1 FROM "${child.table}" c WHERE c."systemId" = s."id" AND c."deletedAt" IS NULL AND c."${child.ownGate}" <> '')`).join(" OR ") || "false";
    const [row] = await tx.$queryRawUnsafe<{ gated: boolean; own: boolean }[]>(`SELECT s."${desc.approvalPolicy}" AS gated, ${own} AS own FROM "${desc.table}" s WHERE s."id" = $1`, id);
    if (row?.gated) return { systemId: id, because: "system" };
    return row?.own && kind === "DELETE" ? { systemId: id, because: "procedure" } : null;
  }
  // Entries of a system are gated with it; contacts and users never are.
  if (!desc.ofSystem) return null;
  const own = desc.ownGate ? `e."${desc.ownGate}" <> ''` : "false";
  const [row] = await tx.$queryRawUnsafe<{ systemId: string; system: boolean; own: boolean }[]>(
    `SELECT e."systemId", s."${OWNER.approvalPolicy}" AS system, ${own} AS own FROM "${desc.table}" e JOIN "${OWNER.table}" s ON s."id" = e."systemId" WHERE e."id" = $1`,
    id,
  );
  if (!row) return null;
  if (row.own) return { systemId: row.systemId, because: "procedure" };
  return row.system ? { systemId: row.systemId, because: "system" } : null;
}

/** Of the alert names (lower case), those a live failure mode of a gated system lists, with those systems. */
export async function guardedAlerts(tx: Pick<Tx, "$queryRaw">, names: string[]): Promise<Map<string, { id: string; slug: string }[]>> {
  const wanted = [...new Set(names.map((name) => name.toLowerCase()))];
  const guarded = new Map<string, { id: string; slug: string }[]>();
  if (wanted.length === 0) return guarded;
  const rows = await tx.$queryRaw<{ name: string; id: string; slug: string }[]>`
    SELECT DISTINCT lower(a) AS name, s."id", s."slug" FROM "FailureMode" fm JOIN "System" s ON s."id" = fm."systemId", unnest(fm."alertNames") a
    WHERE fm."deletedAt" IS NULL AND s."deletedAt" IS NULL AND s."changesNeedApproval" AND lower(a) = ANY(${wanted})`;
  for (const row of rows) guarded.set(row.name, [...(guarded.get(row.name) ?? []), { id: row.id, slug: row.slug }]);
  return guarded;
}

/**
 * Failure modes that would newly list an alert name some gated system's failure mode
 * already lists (case aside): each needs approval, by its place in `entries`. A name the
 * entry listed before (`before`) is not new; the gated systems themselves are gated anyway.
 */
export async function alertNameGates(tx: Pick<Tx, "$queryRaw">, entries: { systemId: string; alertNames: string[]; before?: string[] }[]): Promise<Map<number, Gate>> {
  const added = entries.map((entry) => {
    const before = new Set((entry.before ?? []).map((name) => name.toLowerCase()));
    return entry.alertNames.map((name) => name.toLowerCase()).filter((name) => !before.has(name));
  });
  const gatedBy = await guardedAlerts(tx, added.flat());
  const gates = new Map<number, Gate>();
  entries.forEach((entry, index) => {
    const taken = added[index]!.some((name) => (gatedBy.get(name) ?? []).some((system) => system.id !== entry.systemId));
    if (taken) gates.set(index, { systemId: entry.systemId, because: "alert" });
  });
  return gates;
}

/** Which of the systems `ids` need approval for changes: a new entry of one waits too. By system id. */
export async function gatedSystems(tx: Pick<Tx, "system">, ids: unknown[]): Promise<Map<string, Gate>> {
  const wanted = [...new Set(ids.filter((id): id is string => typeof id === "string"))];
  if (wanted.length === 0) return new Map();
  const gated = await tx.system.findMany({ where: { id: { in: wanted }, changesNeedApproval: true }, select: { id: true } });
  return new Map(gated.map((system) => [system.id, { systemId: system.id, because: "system" as const }]));
}

export type ProposedChange = {
  type: EntityType;
  entityId: string;
  kind: ChangeKind;
  baseVersion: number;
  restoreVersion?: number | null;
  proposed: Record<string, unknown>;
  title: string;
  /** `audit`: "change.rebased" when the author moves their request onto the live version */
  meta: { changeNote: string; incidentRef?: string | null; runId?: string | null; audit?: { action: AuditAction } };
};

/**
 * Opens a change request for `change`, or replaces the author's own waiting one (an
 * author who edits again changes their request). Two people cannot both have a change
 * waiting on one entry: the second gets `waiting`, whose it is. The caller holds the entry's row lock.
 */
export async function openChangeRequest(tx: Tx, actor: Actor, gate: Gate, change: ProposedChange): Promise<{ id: string } | { waiting: { id: string; authorName: string } }> {
  const waiting = await tx.changeRequest.findFirst({
    where: { entityType: change.type, entityId: change.entityId, status: "PENDING" },
    select: { id: true, authorId: true, authorName: true },
  });
  if (waiting && (!actor.id || waiting.authorId !== actor.id)) return { waiting };
  const data = {
    kind: change.kind,
    baseVersion: change.baseVersion,
    restoreVersion: change.restoreVersion ?? null,
    proposed: change.proposed as Prisma.InputJsonValue,
    changeNote: change.meta.changeNote,
    incidentRef: change.meta.incidentRef || null,
    runId: change.meta.runId || null,
  };
  const request = waiting
    ? await tx.changeRequest.update({ where: { id: waiting.id }, data: { ...data, version: { increment: 1 } }, select: { id: true } })
    : await tx.changeRequest.create({
        data: { ...data, entityType: change.type, entityId: change.entityId, systemId: gate.systemId, authorId: actor.id, authorName: actor.name },
        select: { id: true },
      });
  // Those who may decide it hear of it once the change commits (lib/notify), never if it rolls back.
  if (!waiting) {
    await addJob(tx, "notify:change-requested", { changeRequestId: request.id });
    await queueChangeRequestedPosts(tx, { id: request.id, systemId: gate.systemId, entityType: change.type, kind: change.kind, authorName: actor.name, changeNote: change.meta.changeNote });
  }
  await auditEvents(tx, actor, [
    {
      action: change.meta.audit?.action ?? "change.requested",
      entityType: change.type,
      entityId: change.entityId,
      systemId: gate.systemId,
      detail: { requestId: request.id, kind: change.kind, baseVersion: change.baseVersion, title: change.title, changeNote: change.meta.changeNote, ...(waiting ? { replaced: true } : {}) },
    },
  ]);
  return request;
}

/**
 * For an import's preview: which of the systems named (by slug) need approval for changes,
 * and which of the procedures named (by id) need it of their own.
 */
export async function gatesByName(tx: Pick<Tx, "system" | "remediationProcedure">, slugs: string[], procedureIds: string[]) {
  const [systems, own] = await Promise.all([
    slugs.length ? tx.system.findMany({ where: { changesNeedApproval: true, slug: { in: [...new Set(slugs)] } }, select: { slug: true } }) : [],
    procedureIds.length ? tx.remediationProcedure.findMany({ where: { id: { in: procedureIds }, approvalRequired: { not: "" } }, select: { id: true } }) : [],
  ]);
  return { systems: new Set(systems.map((s) => s.slug)), procedures: new Set(own.map((p) => p.id)) };
}
