import type { EntityType } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { db } from "@/lib/db";
import { describe, type EntityDescriptor } from "@/lib/entries";

// Entries as history keeps them (snapshots: every field of the descriptor, links as lists
// of ids), read from their tables; their past versions are lib/history/revisions.ts. The
// one typed way to reach a type's table from its descriptor is `delegate`.

export type Snapshot = Record<string, unknown>;

export type Tx = Prisma.TransactionClient;

/** A row of an entry's table, as the writer reads it back. */
export type Row = Record<string, unknown> & { id: string; version: number };

/**
 * A type's Prisma delegate, as code that works for every type uses it: rows are what
 * `select` asked for (`T`; by default a row as the writer reads it back).
 */
export type Delegate = {
  findUnique<T = Row>(args: { where: { id: string }; select: Record<string, unknown> }): Promise<T | null>;
  findMany<T = Row>(args: { where: Record<string, unknown>; select: Record<string, unknown>; orderBy?: Record<string, "asc" | "desc">; take?: number }): Promise<T[]>;
  count(args: { where: Record<string, unknown> }): Promise<number>;
  create(args: { data: Record<string, unknown>; select: Record<string, unknown> }): Promise<Row>;
  update(args: { where: { id: string }; data: Record<string, unknown>; select?: Record<string, unknown> }): Promise<Row>;
  updateMany(args: { where: Record<string, unknown>; data: Record<string, unknown> }): Promise<{ count: number }>;
};

/** The table of `desc`'s type, through `client` (a transaction, or the portal's database): the one cast from a descriptor to Prisma. */
export function delegate(client: Tx | typeof db, desc: EntityDescriptor): Delegate {
  return (client as Tx)[desc.model] as unknown as Delegate;
}

export function selectFor(desc: EntityDescriptor): Record<string, unknown> {
  const select: Record<string, unknown> = { id: true, version: true };
  for (const key of Object.keys(desc.fields)) {
    const many = desc.many.find((m) => m.snapshotKey === key);
    if (many) select[many.relation] = { select: { id: true }, orderBy: { id: "asc" } };
    else select[key] = true;
  }
  return select;
}

export function toSnapshot(desc: EntityDescriptor, row: Row): Snapshot {
  const snapshot: Snapshot = {};
  for (const key of Object.keys(desc.fields)) {
    const many = desc.many.find((m) => m.snapshotKey === key);
    const value = many ? (row[many.relation] as { id: string }[]).map((r) => r.id) : row[key];
    snapshot[key] = value instanceof Date ? value.toISOString() : (value ?? null);
  }
  return snapshot;
}

/** The current state of an entity as history would snapshot it, for edit forms. */
export async function getEntitySnapshot(type: EntityType, id: string): Promise<{ snapshot: Snapshot; version: number } | null> {
  const desc = describe(type);
  const row = await delegate(db, desc).findUnique({ where: { id }, select: selectFor(desc) });
  return row ? { snapshot: toSnapshot(desc, row), version: row.version } : null;
}

/**
 * Every entity of `type` matching `where`, as history would snapshot it, with its id and
 * version: for export and import. With `take`, at most that many, in id order (the API's keyset pages).
 */
export async function listSnapshots(
  type: EntityType,
  where: Record<string, unknown>,
  client: Tx | typeof db = db,
  page?: { take: number },
): Promise<(Snapshot & { id: string; version: number })[]> {
  const desc = describe(type);
  const rows = await delegate(client, desc).findMany({ where, select: selectFor(desc), ...(page ? { orderBy: { id: "asc" as const }, take: page.take } : {}) });
  return rows.map((row) => ({ ...toSnapshot(desc, row), id: row.id, version: row.version }));
}

/** How many entities of `type` match `where`. */
export async function countEntities(type: EntityType, where: Record<string, unknown>): Promise<number> {
  return delegate(db, describe(type)).count({ where });
}

/** Splits entity values into column data and many-to-many `set`s. */
export function toData(desc: EntityDescriptor, values: Snapshot, mode: "create" | "update") {
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
