import type { EntityType, RevisionAction } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { describe, headingOf, type EntityDescriptor } from "@/lib/entries";
import { auditEvents, type AuditAction, type AuditInput } from "@/lib/audit/events";
import { findViolation, findViolations, type WriteMode } from "./references";
import { freshKey } from "./keys";
import { newId } from "@/lib/db/ids";
import { alertNameGates, approvalGate, gatedSystems, openChangeRequest, type Gate } from "@/lib/approvals/policy";
import { delegate, selectFor, toSnapshot, type Row, type Snapshot, type Tx } from "./snapshots";
import { ConflictError, NotFoundError, translate, WriteRejectedError } from "./write-errors";
import { insertRows } from "./bulk-insert";

// Every write to every entity type goes through here: the change and its revision in
// one transaction, guarded by the version the writer started from (optimistic
// locking). Soft delete and restore are writes like any other.

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

type WriteOptions = { tx?: Tx; approval?: Approval };

function writeRole(type: EntityType) {
  return describe(type).writeRole ?? "EDITOR";
}

/** Splits entity values into column data and many-to-many `set`s. */
function toData(desc: EntityDescriptor, values: Snapshot, mode: "create" | "update") {
  const columns: Record<string, unknown> = {};
  const relations: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (!(key in desc.fields)) continue;
    const many = desc.many.find((m) => m.snapshotKey === key);
    if (many) {
      const ids = (value as string[]).map((id) => ({ id }));
      relations[many.relation] = mode === "create" ? { connect: ids } : { set: ids };
    } else if (desc.fields[key]!.kind === "date" && typeof value === "string") {
      columns[key] = new Date(value);
    } else {
      columns[key] = value;
    }
  }
  return { columns, relations };
}

function revisionData(actor: Actor, desc: EntityDescriptor, row: Row, action: RevisionAction, meta: WriteMeta, approval?: Approval) {
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
function auditOf(
  desc: EntityDescriptor,
  revision: { id: string; entityId: string; version: number; action: RevisionAction; changeNote: string; incidentRef: string | null; snapshot: unknown },
  audit?: WriteMeta["audit"],
): AuditInput {
  const snapshot = revision.snapshot as Snapshot;
  return {
    action: audit?.action ?? AUDIT_ACTION[revision.action],
    entityType: desc.type,
    entityId: revision.entityId,
    systemId: desc.type === "SYSTEM" ? revision.entityId : ((snapshot.systemId as string | undefined) ?? null),
    revisionId: revision.id,
    detail: { version: revision.version, title: headingOf(desc, snapshot), changeNote: revision.changeNote, ...(revision.incidentRef ? { incidentRef: revision.incidentRef } : {}), ...audit?.detail },
  };
}

async function writeRevision(tx: Tx, actor: Actor, desc: EntityDescriptor, row: Row, action: RevisionAction, meta: WriteMeta, approval?: Approval) {
  const data = { id: newId(), ...revisionData(actor, desc, row, action, meta, approval) };
  await tx.revision.create({ data });
  await auditEvents(tx, actor, [auditOf(desc, data, meta.audit)]);
}

/** Runs `attempt` (a write, every rule checked) and undoes it: the entry as the write would leave it. */
async function trial(tx: Tx, attempt: () => Promise<Row>): Promise<Row> {
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
async function gatedChange(
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

/**
 * Runs the reference rules (references.ts): on a new entry's values before it is written,
 * on an edited or restored row as it is about to be committed. A broken rule undoes the write.
 */
async function enforceReferences(tx: Tx, desc: EntityDescriptor, entry: Snapshot & { id: string }, mode: WriteMode, restoring?: number) {
  const violation = await findViolation(tx, desc.type, entry, mode);
  if (!violation) return;
  if (mode === "restore") throw new WriteRejectedError(`Version ${restoring} cannot be restored: ${violation.restore}.`);
  throw new WriteRejectedError(violation.edit, violation.field);
}

async function inTransaction<T>(work: (tx: Tx) => Promise<T>, desc?: EntityDescriptor): Promise<T> {
  try {
    return await db.$transaction(work);
  } catch (error) {
    if (error instanceof ConflictError || error instanceof NotFoundError || error instanceof WriteRejectedError) throw error;
    return translate(error, desc);
  }
}

/**
 * A new entry to create: its validated values, the note on its first revision, and columns
 * kept out of history (a password hash); `id` when it was chosen before (an approved change request's).
 */
export type NewEntry = { values: Snapshot; meta: WriteMeta; columns?: Record<string, unknown>; id?: string };

/** Rows written in one statement: bounds the size of queries and of `IN` lists. */
const BATCH = 500;

/**
 * Creates an entity and its version-1 revision. `values` must already be validated;
 * `columns` are stored but kept out of history (a password hash).
 */
export async function createEntity(
  actor: Actor,
  type: EntityType,
  values: Snapshot,
  meta: WriteMeta,
  options: { tx?: Tx; columns?: Record<string, unknown> } = {},
): Promise<WriteResult> {
  const [row] = await createEntities(actor, type, [{ values, meta, columns: options.columns }], { tx: options.tx });
  return row!;
}

/**
 * Creates many entities of one type, each with its version-1 revision, the same as
 * createEntity one by one but in a few statements per batch (an import of thousands).
 * A broken rule rejects the whole call with a WriteRejectedError naming the entry (`item`).
 * Returns the rows in the order given.
 */
export async function createEntities(actor: Actor, type: EntityType, entries: NewEntry[], options: WriteOptions = {}): Promise<WriteResult[]> {
  assertRole(actor, writeRole(type));
  const desc = describe(type);
  const work = async (tx: Tx) => {
    const ungated = options.approval || !desc.ofSystem;
    const systems = ungated ? new Map<string, Gate>() : await gatedSystems(tx, entries.map((entry) => entry.values.systemId));
    const alerts =
      ungated || !desc.fields.alertNames
        ? new Map<number, Gate>()
        : await alertNameGates(tx, entries.map((entry) => ({ systemId: String(entry.values.systemId), alertNames: ((entry.values.alertNames as unknown[] | undefined) ?? []).map(String) })));
    const gateOf = (index: number) => systems.get(String(entries[index]!.values.systemId)) ?? alerts.get(index);
    const at = entries.map((_, index) => index);
    const open = at.filter((index) => !gateOf(index));
    const rows: WriteResult[] = new Array(entries.length);
    for (let start = 0; start < open.length; start += BATCH) {
      const batch = open.slice(start, start + BATCH);
      const created = await createBatch(tx, actor, desc, batch.map((index) => entries[index]!), batch, options.approval);
      batch.forEach((index, n) => (rows[index] = created[n]!));
    }
    for (const index of at.filter((i) => gateOf(i))) {
      rows[index] = await gatedCreate(tx, actor, desc, entries[index]!, index, gateOf(index)!);
    }
    return rows;
  };
  return options.tx ? work(options.tx) : inTransaction(work, desc);
}

/**
 * A new entry of a gated system: created as a trial (every rule checked, its key chosen),
 * undone, and a change request holding it opened instead, under the id it will have.
 */
async function gatedCreate(tx: Tx, actor: Actor, desc: EntityDescriptor, entry: NewEntry, index: number, gate: Gate): Promise<WriteResult> {
  const id = newId();
  const snapshot = toSnapshot(desc, await trial(tx, async () => (await createBatch(tx, actor, desc, [{ ...entry, id }], [index]))[0]!));
  const request = await openChangeRequest(tx, actor, gate, { type: desc.type, entityId: id, kind: "CREATE", baseVersion: 0, proposed: snapshot, title: headingOf(desc, snapshot), meta: entry.meta });
  if ("waiting" in request) throw new WriteRejectedError("A change to this entry is already waiting for approval");
  return { ...snapshot, id, version: 0, changeRequestId: request.id };
}

/** The name that tells the rows of one create apart: the first unique value, within its system where that is its scope. */
function identityOf(desc: EntityDescriptor, row: Snapshot): string | null {
  const unique = desc.unique[0];
  if (!unique) return null;
  return `${unique.scope === "system" ? String(row.systemId) : ""}\u0000${String(row[unique.field])}`;
}

/** `at`: each entry's place in the caller's list, for the entry a broken rule names. */
async function createBatch(tx: Tx, actor: Actor, desc: EntityDescriptor, entries: NewEntry[], at: number[], approval?: Approval): Promise<Row[]> {
  // Keys for entries without one, unique among the batch too.
  const reserved = new Set<string>();
  const complete: Snapshot[] = [];
  for (const { values } of entries) {
    const keyed = desc.keyFrom && !values.key ? { ...values, key: await freshKey(tx, desc, values, (key) => reserved.has(identityOf(desc, { ...values, key })!)) } : values;
    if (desc.keyFrom) reserved.add(identityOf(desc, keyed)!);
    complete.push(keyed);
  }
  const violations = await findViolations(tx, desc.type, complete.map((values) => ({ ...values, id: "" })), "create");
  const broken = violations.findIndex((violation) => violation);
  if (broken >= 0) throw new WriteRejectedError(violations[broken]!.edit, violations[broken]!.field, at[broken]);

  const now = new Date();
  const ids = entries.map((entry) => entry.id ?? newId());
  await insertRows(
    tx,
    desc.table,
    complete.map((values, index) => ({ id: ids[index], ...toData(desc, values, "create").columns, ...entries[index]!.columns, updatedAt: now })),
  );
  // Many-to-many links, one statement per relation.
  for (const many of desc.many) {
    const pairs = ids.flatMap((id, index) => [...new Set((complete[index]![many.snapshotKey] as string[] | undefined) ?? [])].map((other) => [id, other] as const));
    if (pairs.length) {
      const [self, other] = many.selfColumn === "A" ? ['"A"', '"B"'] : ['"B"', '"A"'];
      await tx.$executeRawUnsafe(
        `INSERT INTO "${many.joinTable}" (${self}, ${other}) SELECT * FROM unnest($1::text[], $2::text[])`,
        pairs.map((pair) => pair[0]),
        pairs.map((pair) => pair[1]),
      );
    }
  }
  // Read back as history snapshots them (links sorted by id), in the order given.
  const rows = new Map((await delegate(tx, desc).findMany({ where: { id: { in: ids } }, select: selectFor(desc) })).map((row) => [row.id, row]));
  const created = ids.map((id) => rows.get(id)!);
  const revisions = created.map((row, index) => ({ id: newId(), ...revisionData(actor, desc, row, "CREATE", entries[index]!.meta, approval) }));
  await insertRows(tx, "Revision", revisions);
  await auditEvents(tx, actor, revisions.map((revision, index) => auditOf(desc, revision, entries[index]!.meta.audit)));
  return created;
}

async function compareAndSet(
  tx: Tx,
  desc: EntityDescriptor,
  id: string,
  expectedVersion: number,
  values: Snapshot,
  options: { allowDeleted?: boolean } = {},
): Promise<Row> {
  const { columns, relations } = toData(desc, values, "update");
  const d = delegate(tx, desc);
  const { count } = await d.updateMany({
    where: { id, version: expectedVersion, ...(options.allowDeleted ? {} : { deletedAt: null }) },
    data: { ...columns, version: { increment: 1 } },
  });
  if (count === 0) {
    const current = await d.findUnique({ where: { id }, select: selectFor(desc) });
    if (!current) throw new NotFoundError(desc.type, id);
    if (current.version === expectedVersion && current.deletedAt) {
      throw new WriteRejectedError(`This ${desc.label.toLowerCase()} was deleted; restore it first`);
    }
    throw new ConflictError(expectedVersion, current.version, toSnapshot(desc, current));
  }
  if (Object.keys(relations).length > 0) await d.update({ where: { id }, data: relations });
  return (await d.findUnique({ where: { id }, select: selectFor(desc) }))!;
}

/** The values without the fields an entity keeps for life (registry `fixed`): a child never changes system. */
function withoutFixed(desc: EntityDescriptor, values: Snapshot): Snapshot {
  const changes = { ...values };
  for (const key of desc.fixed ?? []) delete changes[key];
  return changes;
}

/** Saves new values over `expectedVersion`; refuses with ConflictError if someone saved in between. */
export async function updateEntity(
  actor: Actor,
  type: EntityType,
  id: string,
  expectedVersion: number,
  values: Snapshot,
  meta: WriteMeta,
  /** `tx`: inside a caller's transaction (an import); `allowDeleted`: a deleted entry may be written, and brought back with deletedAt null */
  options: WriteOptions & { allowDeleted?: boolean } = {},
): Promise<WriteResult> {
  assertRole(actor, writeRole(type));
  const desc = describe(type);
  const work = async (tx: Tx) => {
    const attempt = async () => {
      const row = await compareAndSet(tx, desc, id, expectedVersion, withoutFixed(desc, values), { allowDeleted: options.allowDeleted });
      await enforceReferences(tx, desc, { ...toSnapshot(desc, row), id: row.id }, "update");
      return row;
    };
    const gated = await gatedChange(tx, actor, desc, { id, kind: "UPDATE", expectedVersion, meta, alertNames: values.alertNames }, attempt, options.approval);
    if (gated) return gated;
    const row = await attempt();
    await writeRevision(tx, actor, desc, row, "UPDATE", meta, options.approval);
    return row;
  };
  return options.tx ? work(options.tx) : inTransaction(work, desc);
}

/** Soft delete: the row stays, marked deleted, and history records it. */
export async function deleteEntity(actor: Actor, type: EntityType, id: string, expectedVersion: number, meta: WriteMeta, options: WriteOptions = {}): Promise<WriteResult> {
  assertRole(actor, writeRole(type));
  const desc = describe(type);
  const work = async (tx: Tx) => {
    const attempt = () => compareAndSet(tx, desc, id, expectedVersion, { deletedAt: new Date().toISOString() });
    const gated = await gatedChange(tx, actor, desc, { id, kind: "DELETE", expectedVersion, meta }, attempt, options.approval);
    if (gated) return gated;
    const row = await attempt();
    await writeRevision(tx, actor, desc, row, "DELETE", meta, options.approval);
    return row;
  };
  return options.tx ? work(options.tx) : inTransaction(work, desc);
}

/**
 * Writes a new version whose content equals version `version`'s snapshot. Restoring a
 * version from before a deletion brings the entity back.
 */
export async function restoreRevision(
  actor: Actor,
  type: EntityType,
  id: string,
  version: number,
  expectedVersion: number,
  meta: WriteMeta,
  options: WriteOptions = {},
): Promise<WriteResult> {
  assertRole(actor, writeRole(type));
  const desc = describe(type);
  const work = async (tx: Tx) => {
    const revision = await tx.revision.findUnique({
      where: { entityType_entityId_version: { entityType: type, entityId: id, version } },
      select: { snapshot: true },
    });
    if (!revision) throw new NotFoundError(type, `${id} version ${version}`);
    const parsed = desc.snapshotSchema.safeParse(revision.snapshot);
    if (!parsed.success) throw new WriteRejectedError(`Version ${version} cannot be restored: its snapshot no longer fits the ${desc.label.toLowerCase()} rules`);
    const values = withoutFixed(desc, parsed.data);
    for (const key of desc.restoreSkips ?? []) delete values[key];
    const attempt = async () => {
      const row = await compareAndSet(tx, desc, id, expectedVersion, values, { allowDeleted: true });
      await enforceReferences(tx, desc, { ...toSnapshot(desc, row), id: row.id }, "restore", version);
      return row;
    };
    const gated = await gatedChange(tx, actor, desc, { id, kind: "RESTORE", expectedVersion, restoreVersion: version, meta, alertNames: values.alertNames }, attempt, options.approval);
    if (gated) return gated;
    const row = await attempt();
    await writeRevision(tx, actor, desc, row, "RESTORE", meta, options.approval);
    return row;
  };
  return options.tx ? work(options.tx) : inTransaction(work, desc);
}

