import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { ENTITIES, type EntryType } from "@/lib/entries";
import { ConflictError, createEntity, deleteEntity, explainWriteError, updateEntity, WriteRejectedError, type Tx } from "@/lib/history/entities";
import { refKey, type EntryRef, type ImportPlan, type PlannedEntry } from "./plan";

// Applying an import plan: every change through the portal's one save path (history,
// locking, reference rules, search indexing), all in one transaction. An entry changed
// in the portal since the plan was made refuses the whole import; nothing is written.

export class ImportConflictError extends Error {
  constructor(public readonly entries: string[]) {
    super(`Changed in the portal since the preview: ${entries.slice(0, 5).join(", ")}${entries.length > 5 ? ` and ${entries.length - 5} more` : ""}. Preview again.`);
  }
}

/** A write of the import that the portal refused (a rule only the database can check): nothing was written. */
export class ImportWriteError extends Error {
  constructor(
    public readonly entry: PlannedEntry,
    cause: unknown,
  ) {
    super(`${entry.file}${entry.where ? `, ${entry.where}` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export type ImportMeta = { incidentRef?: string | null };
export type ImportResult = { created: number; updated: number; deleted: number; unchanged: number };

const ORDER: EntryType[] = ["CONTACT", "SYSTEM", "PROCEDURE", "FAILURE_MODE", "ESCALATION_LEVEL", "DEPENDENCY"];

const fileName = (path: string) => path.split("/").pop() ?? path;

/** Ids by name for what links may point at: live systems and contacts, the procedures of the systems imported. */
async function nameIndex(tx: Tx, slugs: string[]) {
  const [systems, contacts] = await Promise.all([
    tx.system.findMany({ where: { deletedAt: null }, select: { id: true, slug: true } }),
    tx.contact.findMany({ where: { deletedAt: null }, select: { id: true, key: true } }),
  ]);
  const slugById = new Map(systems.map((s) => [s.id, s.slug]));
  const procedures = await tx.remediationProcedure.findMany({
    where: { deletedAt: null, system: { slug: { in: slugs } } },
    select: { id: true, key: true, systemId: true },
  });
  return new Map<string, string>([
    ...systems.map((s) => [refKey({ type: "SYSTEM", name: s.slug }), s.id] as const),
    ...contacts.map((c) => [refKey({ type: "CONTACT", name: c.key }), c.id] as const),
    ...procedures.filter((p) => slugById.has(p.systemId)).map((p) => [refKey({ type: "PROCEDURE", name: p.key, system: slugById.get(p.systemId)! }), p.id] as const),
  ]);
}

/** The entries the plan was made against, checked to be still at the versions it saw. */
async function assertUnchanged(tx: Tx, entries: PlannedEntry[]) {
  const stale: string[] = [];
  for (const type of ORDER) {
    const planned = entries.filter((e) => e.ref.type === type && e.id);
    if (planned.length === 0) continue;
    const finder = tx[ENTITIES[type].model] as unknown as { findMany(args: object): Promise<{ id: string; version: number }[]> };
    const rows = new Map((await finder.findMany({ where: { id: { in: planned.map((e) => e.id) } }, select: { id: true, version: true } })).map((r) => [r.id, r.version]));
    for (const entry of planned) if (rows.get(entry.id!) !== entry.version) stale.push(`${ENTITIES[type].label.toLowerCase()} ${entry.ref.system ? `${entry.ref.system}/` : ""}${entry.ref.name}`);
  }
  // An entry the plan would create, created by someone else meanwhile.
  for (const entry of entries.filter((e) => e.status === "create")) {
    const desc = ENTITIES[entry.ref.type];
    const finder = tx[desc.model] as unknown as { count(args: object): Promise<number> };
    const where = entry.ref.system ? { key: entry.ref.name, system: { slug: entry.ref.system } } : { [desc.file!.key]: entry.ref.name };
    if ((await finder.count({ where })) > 0) stale.push(`${desc.label.toLowerCase()} ${entry.ref.system ? `${entry.ref.system}/` : ""}${entry.ref.name} (created meanwhile)`);
  }
  if (stale.length) throw new ImportConflictError(stale);
}

/** The values to save for a planned entry: its fields as the file gives them, links turned into ids. */
function valuesOf(entry: PlannedEntry, ids: Map<string, string>, reviewers: Map<string, string>) {
  const desc = ENTITIES[entry.ref.type];
  const values: Record<string, unknown> = {};
  const links = new Set(desc.references.map((r) => r.fileName));
  for (const [field, value] of Object.entries(entry.entry)) {
    if (links.has(field) || field === "deleted" || field === "lastReviewedBy") continue;
    values[field] = value;
  }
  const idOf = (ref: EntryRef) => {
    const id = ids.get(refKey(ref));
    if (!id) throw new Error(`Import: no id for ${refKey(ref)}`);
    return id;
  };
  for (const reference of desc.references) {
    const names = ([] as unknown[]).concat(entry.entry[reference.fileName] ?? []).map(String);
    const linked = names.map((name) => idOf({ type: reference.to as EntryType, name, ...(reference.to === "PROCEDURE" ? { system: entry.ref.system } : {}) }));
    values[reference.field] = reference.many ? linked : (linked[0] ?? null);
  }
  if (desc.type === "SYSTEM") {
    values.lastReviewedAt = entry.entry.lastReviewedAt ?? null;
    values.lastReviewedById = typeof entry.entry.lastReviewedBy === "string" ? (reviewers.get(entry.entry.lastReviewedBy) ?? null) : null;
  }
  if (entry.ref.system) values.systemId = idOf({ type: "SYSTEM", name: entry.ref.system });
  return values;
}

type Write = { changeNote: string; incidentRef: string | null };

/** One planned entry through the save path; `ids` learns the ids of what it creates, for the links of later entries. */
async function applyEntry(tx: Tx, actor: Actor, entry: PlannedEntry, write: Write, ids: Map<string, string>, reviewers: Map<string, string>, result: ImportResult) {
  const type = entry.ref.type;
  if (entry.status === "unchanged" || entry.status === "skip") {
    result.unchanged += 1;
    if (entry.id) ids.set(refKey(entry.ref), entry.id);
  } else if (entry.status === "delete") {
    await deleteEntity(actor, type, entry.id!, entry.version!, write, { tx });
    result.deleted += 1;
  } else if (entry.status === "create") {
    const row = await createEntity(actor, type, valuesOf(entry, ids, reviewers), write, { tx });
    ids.set(refKey(entry.ref), row.id);
    result.created += 1;
  } else {
    ids.set(refKey(entry.ref), entry.id!);
    await updateEntity(actor, type, entry.id!, entry.version!, { ...valuesOf(entry, ids, reviewers), deletedAt: null }, write, { tx, allowDeleted: true });
    result.updated += 1;
  }
}

/** Applies a plan that has no problems, as `actor`, in one transaction. */
export async function applyImport(actor: Actor, plan: ImportPlan, meta: ImportMeta = {}): Promise<ImportResult> {
  if (plan.problems.length) throw new Error("An import with problems cannot be applied");
  const result: ImportResult = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
  await db.$transaction(
    async (tx) => {
      await assertUnchanged(tx, plan.entries);
      const slugs = plan.entries.filter((e) => e.ref.type === "SYSTEM").map((e) => e.ref.name);
      const ids = await nameIndex(tx, slugs);
      const reviewers = new Map((await tx.user.findMany({ select: { id: true, email: true } })).map((u) => [u.email, u.id]));
      for (const type of ORDER) {
        for (const entry of plan.entries.filter((e) => e.ref.type === type)) {
          const write = { changeNote: `Imported from ${fileName(entry.file)}`, incidentRef: meta.incidentRef ?? null };
          try {
            await applyEntry(tx, actor, entry, write, ids, reviewers, result);
          } catch (error) {
            const explained = explainWriteError(error, ENTITIES[type]);
            if (explained instanceof WriteRejectedError || explained instanceof ConflictError) throw new ImportWriteError(entry, explained);
            throw explained;
          }
        }
      }
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
  return result;
}
