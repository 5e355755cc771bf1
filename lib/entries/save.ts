import "server-only";
import { assertRole, type Actor } from "@/lib/auth/roles";
import type { ChangeMeta, CreateMeta } from "@/lib/validation/common";
import { createEntity, deleteEntity, updateEntity } from "@/lib/entries/write";
import { type WriteResult } from "@/lib/entries/revision";
import { WriteRejectedError } from "@/lib/entries/errors";
import { type Snapshot } from "@/lib/entries/snapshot";
import { ENTITIES, type EntryType } from "@/lib/entries";

// Saving and deleting any runbook entry. The rules about links between entries (a live
// system, procedures of the same system, contacts that still exist) are checked by the
// generic writer inside its transaction (lib/entries/references.ts), so restores and
// every later write path get them too; history and locking are lib/entries/write.ts.

/** Where a save goes: an existing entry (`id`), or a new one under `systemId` for children. */
export type SaveTarget = { id: string; systemId?: never } | { id?: undefined; systemId?: string | null };

/**
 * Creates (no `id`) or updates an entry of any type. `values` are validated form input.
 */
export async function saveEntry(actor: Actor, type: EntryType, target: SaveTarget, values: Snapshot, meta: (CreateMeta | ChangeMeta) & { runId?: string | null }): Promise<WriteResult> {
  assertRole(actor, "EDITOR");
  const { ofSystem } = ENTITIES[type];
  // An existing entry keeps its system: updateEntity never changes a child's systemId.
  if (target.id) return updateEntity(actor, type, target.id, (meta as ChangeMeta).expectedVersion, values, meta);
  if (!ofSystem) return createEntity(actor, type, values, meta);
  if (!target.systemId) throw new WriteRejectedError("Pick a system", "systemId");
  return createEntity(actor, type, { ...values, systemId: target.systemId }, meta);
}

export async function deleteEntry(actor: Actor, type: EntryType, id: string, meta: ChangeMeta): Promise<WriteResult> {
  assertRole(actor, "EDITOR");
  return deleteEntity(actor, type, id, meta.expectedVersion, meta);
}
