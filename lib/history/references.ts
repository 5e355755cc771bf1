import type { EntityType } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ENTITIES, type EntityDescriptor } from "@/lib/entries";

// The rules about links between entries that only the database can check, read from each
// type's descriptor (lib/entries): a child belongs to a live system, linked entries still
// exist (and belong to the same system where the descriptor says so), a dependency never
// points at its own system, unique values stay unique. The generic writer (entities.ts)
// runs them inside the writing transaction for every write path: forms, restores,
// imports and whatever comes later. A broken rule rolls the whole write back.

type Tx = Prisma.TransactionClient;
type Snapshot = Record<string, unknown>;

export type WriteMode = "create" | "update" | "restore";

/** A broken rule, worded for the person who edited and for the one who restored. */
export type Violation = { field: string; edit: string; restore: string };

type Finder = {
  count(args: { where: Record<string, unknown> }): Promise<number>;
  findFirst(args: { where: Record<string, unknown>; select: Record<string, boolean> }): Promise<{ deletedAt: Date | null } | null>;
};

function finder(tx: Tx, desc: EntityDescriptor): Finder {
  return tx[desc.model] as unknown as Finder;
}

function idsOf(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return [...new Set(list.filter((id): id is string => typeof id === "string" && id !== ""))];
}

async function parentViolation(tx: Tx, row: Snapshot, mode: WriteMode): Promise<Violation | null> {
  // An edit keeps the system it has; a new or restored child needs a live one (restore the system first).
  if (mode === "update") return null;
  const id = row.systemId;
  if (typeof id === "string" && id && (await finder(tx, ENTITIES.SYSTEM).count({ where: { id, deletedAt: null } })) === 1) return null;
  return { field: "systemId", edit: "That system was deleted or does not exist", restore: "its system was deleted; restore the system first" };
}

/** The first broken rule for `row` (a snapshot with its id, "" when new), or null when all hold. */
export async function findViolation(tx: Tx, type: EntityType, row: Snapshot & { id: string }, mode: WriteMode): Promise<Violation | null> {
  const desc = ENTITIES[type];
  if (desc.ofSystem) {
    const parent = await parentViolation(tx, row, mode);
    if (parent) return parent;
  }
  for (const unique of desc.unique) {
    const value = row[unique.field];
    if (value === undefined || value === null || value === "") continue;
    const other = await finder(tx, desc).findFirst({
      where: { [unique.field]: value, id: { not: row.id }, ...(unique.scope === "system" ? { systemId: row.systemId } : {}) },
      select: { deletedAt: true },
    });
    if (other) return { field: unique.field, edit: other.deletedAt ? unique.takenByDeleted : unique.taken, restore: unique.takenRestore };
  }
  for (const reference of desc.references) {
    const ids = idsOf(row[reference.field]);
    if (ids.length === 0) continue;
    const { messages } = reference;
    if (reference.notOwnSystem && ids.includes(row.systemId as string)) {
      return { field: reference.field, edit: messages.self ?? messages.gone, restore: messages.selfRestore ?? messages.goneRestore };
    }
    const found = await finder(tx, ENTITIES[reference.to]).count({
      where: { id: { in: ids }, deletedAt: null, ...(reference.sameSystem ? { systemId: row.systemId } : {}) },
    });
    if (found !== ids.length) return { field: reference.field, edit: messages.gone, restore: messages.goneRestore };
  }
  return null;
}
