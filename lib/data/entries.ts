import "server-only";
import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import type { ChangeMeta, CreateMeta } from "@/lib/validation/common";
import { createEntity, deleteEntity, updateEntity, WriteRejectedError, type Snapshot } from "@/lib/history/entities";
import { ENTRY_TYPES, type EntryType } from "@/lib/entries/types";

// Saving and deleting any runbook entry. The rules only the database can check (a slug
// in use, a linked entry that was deleted meanwhile, a procedure of another system) are
// checked here, once per type; history and locking are lib/history/entities.ts.

const live = { deletedAt: null };

type Where = { id?: string; systemId?: string | null };

async function assertLiveSystem(id: string | null | undefined, field = "systemId") {
  if (!id) throw new WriteRejectedError("Pick a system", field);
  const system = await db.system.findFirst({ where: { id, ...live }, select: { id: true } });
  if (!system) throw new WriteRejectedError("That system was deleted or does not exist", field);
}

async function assertLiveContacts(ids: (string | null | undefined)[], field: string) {
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return;
  const found = await db.contact.count({ where: { id: { in: wanted }, ...live } });
  if (found !== wanted.length) throw new WriteRejectedError("A contact you picked was deleted meanwhile; pick again", field);
}

/** The system a child entry belongs to: given on create, read from the entry on update. */
async function systemOf(type: EntryType, where: Where): Promise<string | null> {
  if (where.systemId) return where.systemId;
  if (!where.id || !ENTRY_TYPES[type].ofSystem) return null;
  const model = { DEPENDENCY: db.dependency, FAILURE_MODE: db.failureMode, PROCEDURE: db.remediationProcedure, ESCALATION_LEVEL: db.escalationLevel }[
    type as "DEPENDENCY"
  ] as typeof db.dependency;
  const row = await model.findUnique({ where: { id: where.id }, select: { systemId: true } });
  return row?.systemId ?? null;
}

const CHECKS: { [T in EntryType]?: (values: Snapshot, where: Where) => Promise<void> } = {
  async SYSTEM(values, where) {
    const slug = values.slug as string;
    const other = await db.system.findUnique({ where: { slug }, select: { id: true, deletedAt: true } });
    if (other && other.id !== where.id) {
      throw new WriteRejectedError(
        other.deletedAt ? "A deleted system still uses this slug: restore it, or pick another slug" : "Another system already uses this slug",
        "slug",
      );
    }
    await assertLiveContacts([values.ownerId as string], "ownerId");
    await assertLiveContacts([values.backupOwnerId as string], "backupOwnerId");
  },
  async DEPENDENCY(values, where) {
    const target = values.dependsOnSystemId as string | null;
    if (!target) return;
    if (target === where.systemId) throw new WriteRejectedError("A system cannot depend on itself", "dependsOnSystemId");
    await assertLiveSystem(target, "dependsOnSystemId");
  },
  async FAILURE_MODE(values, where) {
    const ids = [...new Set(values.procedureIds as string[])];
    if (ids.length === 0) return;
    const found = await db.remediationProcedure.count({ where: { id: { in: ids }, systemId: where.systemId ?? undefined, ...live } });
    if (found !== ids.length) throw new WriteRejectedError("Pick procedures of this system that still exist", "procedureIds");
  },
  async ESCALATION_LEVEL(values) {
    await assertLiveContacts(values.contactIds as string[], "contactIds");
  },
};

/**
 * Creates (no `id`) or updates an entry of any type. `values` are validated form input;
 * children of a system are created under `systemId`.
 */
export async function saveEntry(
  actor: Actor,
  type: EntryType,
  target: Where,
  values: Snapshot,
  meta: CreateMeta | ChangeMeta,
) {
  assertRole(actor, "EDITOR");
  const systemId = await systemOf(type, target);
  if (ENTRY_TYPES[type].ofSystem && !target.id) await assertLiveSystem(systemId);
  await CHECKS[type]?.(values, { id: target.id, systemId });
  if (target.id) {
    const { expectedVersion } = meta as ChangeMeta;
    return updateEntity(actor, type, target.id, expectedVersion, values, meta);
  }
  return createEntity(actor, type, ENTRY_TYPES[type].ofSystem ? { ...values, systemId } : values, meta);
}

export async function deleteEntry(actor: Actor, type: EntryType, id: string, meta: ChangeMeta) {
  assertRole(actor, "EDITOR");
  return deleteEntity(actor, type, id, meta.expectedVersion, meta);
}
