import type { EntityType } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ENTITIES, type EntityDescriptor } from "@/lib/entries";
import { delegate } from "@/lib/entries/snapshot";

// The rules about links between entries that only the database can check, read from each
// type's descriptor (lib/entries): a child belongs to a live system, linked entries still
// exist (and belong to the same system where the descriptor says so), a dependency never
// points at its own system, unique values stay unique. The generic writer (entities.ts)
// runs them inside the writing transaction for every write path: forms, restores,
// imports and whatever comes later. A broken rule rolls the whole write back.
// Rows are checked in batches (an import creates thousands): one query per rule.

type Tx = Prisma.TransactionClient;
type Snapshot = Record<string, unknown>;

export type WriteMode = "create" | "update" | "restore";

/** A broken rule, worded for the person who edited and for the one who restored. */
export type Violation = { field: string; edit: string; restore: string };

type Found = { id: string; systemId?: string; deletedAt?: Date | null } & Record<string, unknown>;
type Finder = { findMany(args: { where: Record<string, unknown>; select: Record<string, boolean> }): Promise<Found[]> };

function finder(tx: Tx, desc: EntityDescriptor): Finder {
  const table = delegate(tx, desc);
  return { findMany: (args) => table.findMany<Found>(args) };
}

function idsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return [...new Set(list.filter((id): id is string => typeof id === "string" && id !== ""))];
}

const PARENT_GONE: Violation = { field: "systemId", edit: "That system was deleted or does not exist", restore: "its system was deleted; restore the system first" };

/** A new or restored child needs a live system (restore the system first); an edit keeps the system it has. */
async function parentViolations(tx: Tx, rows: Snapshot[], mode: WriteMode): Promise<(Violation | null)[]> {
  if (mode === "update") return rows.map(() => null);
  const ids = [...new Set(rows.flatMap((row) => idsOf(row.systemId)))];
  const live = new Set((await finder(tx, ENTITIES.SYSTEM).findMany({ where: { id: { in: ids }, deletedAt: null }, select: { id: true } })).map((s) => s.id));
  return rows.map((row) => (typeof row.systemId === "string" && live.has(row.systemId) ? null : PARENT_GONE));
}

/** A unique value another entry holds, in the database or earlier in the same batch. */
async function uniqueViolations(tx: Tx, desc: EntityDescriptor, rows: (Snapshot & { id: string })[]): Promise<(Violation | null)[]> {
  const found: (Violation | null)[] = rows.map(() => null);
  for (const unique of desc.unique) {
    const scoped = unique.scope === "system";
    const valueOf = (row: Snapshot) => row[unique.field];
    const scopeOf = (row: Snapshot) => (scoped ? `${String(row.systemId)}\u0000` : "");
    const checked = rows.filter((row) => valueOf(row) !== undefined && valueOf(row) !== null && valueOf(row) !== "");
    if (checked.length === 0) continue;
    const others = await finder(tx, desc).findMany({
      where: { [unique.field]: { in: [...new Set(checked.map(valueOf))] }, ...(scoped ? { systemId: { in: [...new Set(checked.map((r) => r.systemId))] } } : {}) },
      select: { id: true, [unique.field]: true, deletedAt: true, ...(scoped ? { systemId: true } : {}) },
    });
    const holders = new Map<string, Found[]>();
    for (const other of others) {
      const key = `${scopeOf(other)}${String(other[unique.field])}`;
      holders.set(key, [...(holders.get(key) ?? []), other]);
    }
    const inBatch = new Set<string>();
    rows.forEach((row, index) => {
      const value = valueOf(row);
      if (found[index] || value === undefined || value === null || value === "") return;
      const key = `${scopeOf(row)}${String(value)}`;
      const other = (holders.get(key) ?? []).find((holder) => holder.id !== row.id);
      if (other) found[index] = { field: unique.field, edit: other.deletedAt ? unique.takenByDeleted : unique.taken, restore: unique.takenRestore };
      else if (inBatch.has(key)) found[index] = { field: unique.field, edit: unique.taken, restore: unique.takenRestore };
      inBatch.add(key);
    });
  }
  return found;
}

/** Links to entries that are gone, of another system where they must be of the same, or to the entry's own system. */
async function referenceViolations(tx: Tx, desc: EntityDescriptor, rows: Snapshot[]): Promise<(Violation | null)[]> {
  const found: (Violation | null)[] = rows.map(() => null);
  for (const reference of desc.references) {
    const wanted = [...new Set(rows.flatMap((row) => idsOf(row[reference.field])))];
    if (wanted.length === 0) continue;
    const live = new Map(
      (await finder(tx, ENTITIES[reference.to]).findMany({ where: { id: { in: wanted }, deletedAt: null }, select: { id: true, ...(reference.sameSystem ? { systemId: true } : {}) } })).map(
        (entry) => [entry.id, entry] as const,
      ),
    );
    const { messages } = reference;
    rows.forEach((row, index) => {
      const ids = idsOf(row[reference.field]);
      if (found[index] || ids.length === 0) return;
      if (reference.notOwnSystem && ids.includes(row.systemId as string)) {
        found[index] = { field: reference.field, edit: messages.self ?? messages.gone, restore: messages.selfRestore ?? messages.goneRestore };
      } else if (!ids.every((id) => live.has(id) && (!reference.sameSystem || live.get(id)!.systemId === row.systemId))) {
        found[index] = { field: reference.field, edit: messages.gone, restore: messages.goneRestore };
      }
    });
  }
  return found;
}

/** The first broken rule for each row (a snapshot with its id, "" when new), or null where all hold. */
export async function findViolations(tx: Tx, type: EntityType, rows: (Snapshot & { id: string })[], mode: WriteMode): Promise<(Violation | null)[]> {
  const desc = ENTITIES[type];
  const checks = [
    desc.ofSystem ? await parentViolations(tx, rows, mode) : [],
    await uniqueViolations(tx, desc, rows),
    await referenceViolations(tx, desc, rows),
  ];
  return rows.map((_, index) => checks.map((check) => check[index] ?? null).find((violation) => violation) ?? null);
}

/** The first broken rule for one row, or null when all hold. */
export async function findViolation(tx: Tx, type: EntityType, row: Snapshot & { id: string }, mode: WriteMode): Promise<Violation | null> {
  return (await findViolations(tx, type, [row], mode))[0]!;
}
