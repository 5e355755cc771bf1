import type { EntityType } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { describe, headingOf, type EntityDescriptor } from "@/lib/entries";
import { findViolation, findViolations, type WriteMode } from "@/lib/entries/references";
import { freshKey } from "@/lib/entries/keys";
import { newId } from "@/lib/db/ids";
import { alertNameGates, gatedSystems, openChangeRequest, type Gate } from "@/lib/approvals/policy";
import { auditEvents } from "@/lib/audit/events";
import { delegate, selectFor, toData, toSnapshot, type Row, type Snapshot, type Tx } from "@/lib/entries/snapshot";
import { auditOf, revisionData, writeRevision, type Approval, type WriteMeta, type WriteResult } from "@/lib/entries/revision";
import { assertTeamMayWrite, gatedChange, trial } from "@/lib/entries/gate";
import { ConflictError, NotFoundError, translate, WriteRejectedError } from "@/lib/entries/errors";
import { insertRows } from "@/lib/entries/bulk-insert";

// Every write to every entity type goes through here: the change and its revision in
// one transaction, guarded by the version the writer started from (optimistic
// locking). Soft delete and restore are writes like any other.

type WriteOptions = { tx?: Tx; approval?: Approval };

function writeRole(type: EntityType) {
  return describe(type).writeRole ?? "EDITOR";
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
    await assertTeamMayWrite(tx, actor, desc, { systemIds: entries.map((entry) => entry.values.systemId) });
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
    await assertTeamMayWrite(tx, actor, desc, { id });
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
    await assertTeamMayWrite(tx, actor, desc, { id });
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
    await assertTeamMayWrite(tx, actor, desc, { id });
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

