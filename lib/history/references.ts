import type { EntityType } from "@/lib/generated/prisma/enums";
import type { Prisma } from "@/lib/generated/prisma/client";

// The rules about links between entries that only the database can check: a child
// belongs to a live system, a failure mode links procedures of its own system, a
// dependency never points at its own system, picked contacts and systems still exist.
// The generic writer (entities.ts) runs them inside the writing transaction, on the row
// as it is about to be committed, for every write path: forms, restores and whatever
// comes later. A broken rule rolls the whole write back.

type Tx = Prisma.TransactionClient;
type Snapshot = Record<string, unknown>;

export type WriteMode = "create" | "update" | "restore";

/** A broken rule, worded for the person who edited and for the one who restored. */
export type Violation = { field: string; edit: string; restore: string };

const live = { deletedAt: null };

function ids(value: unknown): string[] {
  const list = Array.isArray(value) ? value : value ? [value] : [];
  return [...new Set(list.filter((id): id is string => typeof id === "string" && id !== ""))];
}

async function liveContacts(tx: Tx, value: unknown, field: string): Promise<Violation | null> {
  const wanted = ids(value);
  if (wanted.length === 0) return null;
  const found = await tx.contact.count({ where: { id: { in: wanted }, ...live } });
  if (found === wanted.length) return null;
  return { field, edit: "A contact you picked was deleted meanwhile; pick again", restore: "it links to a contact that was deleted since: restore that contact first, or edit this entry instead" };
}

async function liveSystem(tx: Tx, id: unknown): Promise<boolean> {
  if (typeof id !== "string" || !id) return false;
  return (await tx.system.count({ where: { id, ...live } })) === 1;
}

type Rule = (tx: Tx, row: Snapshot & { id: string }, mode: WriteMode) => Promise<Violation | null>;

/** A new child, or a restored one, needs a live system (restore the system first); an edit keeps the system it has. */
const parentRule: Rule = async (tx, row, mode) => {
  if (mode === "update" || (await liveSystem(tx, row.systemId))) return null;
  return { field: "systemId", edit: "That system was deleted or does not exist", restore: "its system was deleted; restore the system first" };
};

const RULES: Partial<Record<EntityType, Rule[]>> = {
  SYSTEM: [
    async (tx, row) => {
      const other = await tx.system.findFirst({ where: { slug: row.slug as string, id: { not: row.id } }, select: { deletedAt: true } });
      if (!other) return null;
      return other.deletedAt
        ? { field: "slug", edit: "A deleted system still uses this slug: restore it, or pick another slug", restore: "a deleted system now uses its slug" }
        : { field: "slug", edit: "Another system already uses this slug", restore: "another system now uses its slug" };
    },
    (tx, row) => liveContacts(tx, row.ownerId, "ownerId"),
    (tx, row) => liveContacts(tx, row.backupOwnerId, "backupOwnerId"),
  ],
  DEPENDENCY: [
    parentRule,
    async (tx, row) => {
      const target = row.dependsOnSystemId;
      if (!target) return null;
      if (target === row.systemId) return { field: "dependsOnSystemId", edit: "A system cannot depend on itself", restore: "it would make the system depend on itself" };
      if (await liveSystem(tx, target)) return null;
      return { field: "dependsOnSystemId", edit: "That system was deleted or does not exist", restore: "the system it depends on was deleted since" };
    },
  ],
  FAILURE_MODE: [
    parentRule,
    async (tx, row) => {
      const wanted = ids(row.procedureIds);
      if (wanted.length === 0) return null;
      const found = await tx.remediationProcedure.count({ where: { id: { in: wanted }, systemId: row.systemId as string, ...live } });
      if (found === wanted.length) return null;
      return {
        field: "procedureIds",
        edit: "Pick procedures of this system that still exist",
        restore: "it links to a procedure that was deleted since (or belongs to another system): restore the procedure first, or edit this failure mode instead",
      };
    },
  ],
  PROCEDURE: [parentRule],
  ESCALATION_LEVEL: [parentRule, (tx, row) => liveContacts(tx, row.contactIds, "contactIds")],
};

/** The first broken rule for `row` (a snapshot with its id), or null when all hold. */
export async function findViolation(tx: Tx, type: EntityType, row: Snapshot & { id: string }, mode: WriteMode): Promise<Violation | null> {
  for (const rule of RULES[type] ?? []) {
    const violation = await rule(tx, row, mode);
    if (violation) return violation;
  }
  return null;
}
