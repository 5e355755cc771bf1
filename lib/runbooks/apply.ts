import "server-only";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { ENTITIES, ENTRY_TYPE_LIST, type EntryType } from "@/lib/entries";
import { ConflictError, explainWriteError, WriteRejectedError } from "@/lib/entries/errors";
import { createEntities, deleteEntity, updateEntity } from "@/lib/entries/write";
import { type WriteResult } from "@/lib/entries/revision";
import { type Tx } from "@/lib/entries/snapshot";
import { auditEvents, withAuditAtEnd } from "@/lib/audit/events";
import { searchWordsLater } from "@/lib/search/words";
import { addJob } from "@/lib/jobs/queue";
import { indexingInBulk, type Written } from "@/lib/search/bulk";
import { refKey, type EntryRef, type ImportPlan, type PlannedEntry } from "./plan";
import { delegate } from "@/lib/entries/snapshot";

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
    public readonly cause: unknown,
  ) {
    super(`${entry.file}${entry.where ? `, ${entry.where}` : ""}: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

export type ImportMeta = { incidentRef?: string | null };
/** How far the writing is: entries written of those to write, then the search rows. */
export type WriteProgress = { step: "writing" | "indexing"; written: number; total: number };
/**
 * `ungated`: the runbooks as first loaded (the demo), which a system's approval policy only governs after;
 * `onProgress`: told as entries are written (a long import's page and progress bar)
 */
type ApplyOptions = { ungated?: boolean; onProgress?: (progress: WriteProgress) => void };
/** New entries are written this many at a time (each time a few statements), and the progress told after each. */
const CREATE_CHUNK = 1_000;
/** `requested`: updates and deletions of gated entries, waiting for approval as change requests (not counted as updated or deleted) */
export type ImportResult = { created: number; updated: number; deleted: number; unchanged: number; requested?: number };

/**
 * The order entries are written in, from the descriptors: an entry after everything it
 * links to, a system's children after systems. A link back to the same type (a dependency
 * on another system) needs the systems first, which every child comes after anyway.
 */
const ORDER: EntryType[] = (() => {
  const order: EntryType[] = [];
  const needs = (type: EntryType) => [...ENTITIES[type].references.map((r) => r.to as EntryType), ...(ENTITIES[type].ofSystem ? (["SYSTEM"] as const) : [])].filter((to) => to !== type);
  const visit = (type: EntryType) => {
    if (order.includes(type)) return;
    needs(type).forEach(visit);
    order.push(type);
  };
  ENTRY_TYPE_LIST.forEach(visit);
  return order;
})();

const fileName = (path: string) => path.replace(/\/$/, "").split("/").pop() || path;

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
    const rows = new Map((await delegate(tx, ENTITIES[type]).findMany<{ id: string; version: number }>({ where: { id: { in: planned.map((e) => e.id) } }, select: { id: true, version: true } })).map((r) => [r.id, r.version]));
    for (const entry of planned) if (rows.get(entry.id!) !== entry.version) stale.push(`${ENTITIES[type].label.toLowerCase()} ${entry.ref.system ? `${entry.ref.system}/` : ""}${entry.ref.name}`);
  }
  // An entry the plan would create, created by someone else meanwhile.
  for (const type of ORDER) {
    const creates = entries.filter((e) => e.status === "create" && e.ref.type === type);
    if (creates.length === 0) continue;
    const desc = ENTITIES[type];
    const nameField = desc.file!.key;
    const existing = await delegate(tx, desc).findMany<Record<string, string> & { system?: { slug: string } }>({
      where: { [nameField]: { in: [...new Set(creates.map((e) => e.ref.name))] }, ...(desc.ofSystem ? { system: { slug: { in: [...new Set(creates.map((e) => e.ref.system!))] } } } : {}) },
      select: { [nameField]: true, ...(desc.ofSystem ? { system: { select: { slug: true } } } : {}) },
    });
    const taken = new Set(existing.map((row) => refKey({ type, name: row[nameField]!, ...(row.system ? { system: row.system.slug } : {}) })));
    for (const entry of creates) {
      if (taken.has(refKey(entry.ref))) stale.push(`${desc.label.toLowerCase()} ${entry.ref.system ? `${entry.ref.system}/` : ""}${entry.ref.name} (created meanwhile)`);
    }
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
    const linked = names.map((name) => idOf({ type: reference.to as EntryType, name, ...(ENTITIES[reference.to].ofSystem ? { system: entry.ref.system } : {}) }));
    values[reference.field] = reference.many ? linked : (linked[0] ?? null);
  }
  if (desc.reviewed) {
    values.lastReviewedAt = entry.entry.lastReviewedAt ?? null;
    values.lastReviewedById = typeof entry.entry.lastReviewedBy === "string" ? (reviewers.get(entry.entry.lastReviewedBy) ?? null) : null;
  }
  if (entry.ref.system) values.systemId = idOf({ type: "SYSTEM", name: entry.ref.system });
  return values;
}

type Write = { changeNote: string; incidentRef: string | null };

/** A write the portal refused, as the import reports it: the entry at fault, or the error as it is. */
function refused(error: unknown, type: EntryType, entryOf: (item?: number) => PlannedEntry): never {
  const explained = explainWriteError(error, ENTITIES[type]);
  if (explained instanceof WriteRejectedError || explained instanceof ConflictError) throw new ImportWriteError(entryOf(explained instanceof WriteRejectedError ? explained.item : undefined), explained);
  throw explained;
}

/** Counts a write: applied, or (a gated entry) waiting for approval. */
function count(result: ImportResult, written: WriteResult, applied: "updated" | "deleted") {
  if (written.changeRequestId) result.requested = (result.requested ?? 0) + 1;
  else result[applied] += 1;
}

/**
 * The planned entries of one type through the save path: edits and deletions one by one,
 * new entries together (thousands in a few statements). `ids` learns the ids of what is
 * created, for the links of the types after.
 */
async function applyType(tx: Tx, actor: Actor, type: EntryType, entries: PlannedEntry[], meta: ImportMeta, ids: Map<string, string>, reviewers: Map<string, string>, result: ImportResult, options: ApplyOptions, written: Written, tell: () => void) {
  const write = (entry: PlannedEntry): Write => ({ changeNote: `Imported from ${fileName(entry.file)}`, incidentRef: meta.incidentRef ?? null });
  const creates: PlannedEntry[] = [];
  for (const entry of entries) {
    if (entry.status === "create") {
      creates.push(entry);
      continue;
    }
    if (entry.id) ids.set(refKey(entry.ref), entry.id);
    try {
      if (entry.status === "unchanged" || entry.status === "skip") {
        result.unchanged += 1;
        continue;
      }
      written.add(type, entry.id!);
      if (entry.status === "delete") {
        count(result, await deleteEntity(actor, type, entry.id!, entry.version!, write(entry), { tx }), "deleted");
      } else {
        count(result, await updateEntity(actor, type, entry.id!, entry.version!, { ...valuesOf(entry, ids, reviewers), deletedAt: null }, write(entry), { tx, allowDeleted: true }), "updated");
      }
    } catch (error) {
      refused(error, type, () => entry);
    }
    tell();
  }
  for (let start = 0; start < creates.length; start += CREATE_CHUNK) {
    const chunk = creates.slice(start, start + CREATE_CHUNK);
    try {
      const rows = await createEntities(actor, type, chunk.map((entry) => ({ values: valuesOf(entry, ids, reviewers), meta: write(entry) })), { tx, ...(options.ungated ? { approval: { ungated: true } as const } : {}) });
      rows.forEach((row, index) => {
        ids.set(refKey(chunk[index]!.ref), row.id);
        written.add(type, row.id);
      });
      const waiting = rows.filter((row) => row.changeRequestId).length;
      result.created += rows.length - waiting;
      if (waiting) result.requested = (result.requested ?? 0) + waiting;
    } catch (error) {
      refused(error, type, (item) => chunk[item ?? 0]!);
    }
    tell();
  }
}

/**
 * Applies a plan that has no problems, as `actor`, in one transaction. `alsoInTransaction`
 * records the outcome in the same transaction (a job's task done exactly when the import
 * commits); `onProgress` is told as entries are written.
 */
export async function applyImport(
  actor: Actor,
  plan: ImportPlan,
  meta: ImportMeta = {},
  options: { onProgress?: ApplyOptions["onProgress"]; alsoInTransaction?: (tx: Tx, result: ImportResult) => Promise<void> } = {},
): Promise<ImportResult> {
  let result: ImportResult | undefined;
  await db.$transaction(
    async (tx) => {
      const started = await searchWordsLater(tx);
      result = await applyPlan(tx, actor, plan, meta, { onProgress: options.onProgress });
      await options.alsoInTransaction?.(tx, result);
      // The spelling words ("did you mean") of what it wrote: a job, once it has committed.
      await addJob(tx, "search:words", { since: started.toISOString() });
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
  return result!;
}

/**
 * Applies a plan inside the caller's transaction (which runs searchWordsLater first and
 * adds the spelling words after it commits, as applyImport does with a job).
 */
export async function applyPlan(tx: Tx, actor: Actor, plan: ImportPlan, meta: ImportMeta = {}, options: ApplyOptions = {}): Promise<ImportResult> {
  if (plan.problems.length) throw new Error("An import with problems cannot be applied");
  const result: ImportResult = { created: 0, updated: 0, deleted: 0, unchanged: 0, requested: 0 };
  // Nothing in this transaction may hold what others need until it ends: the audit events
  // are written at the end (the chain's lock is held only for that moment), the spelling
  // words after it commits. The search rows are written in bulk, one statement per table,
  // before it commits.
  await withAuditAtEnd(tx, () => indexingInBulk(tx, async (written) => {
    await assertUnchanged(tx, plan.entries);
    const slugs = plan.entries.filter((e) => ENTITIES[e.ref.type].address === "slug").map((e) => e.ref.name);
    const ids = await nameIndex(tx, slugs);
    const reviewers = new Map((await tx.user.findMany({ select: { id: true, email: true } })).map((u) => [u.email, u.id]));
    const total = plan.entries.filter((e) => e.status !== "unchanged" && e.status !== "skip").length;
    const done = () => result.created + result.updated + result.deleted + (result.requested ?? 0);
    const tell = () => options.onProgress?.({ step: "writing", written: done(), total });
    for (const type of ORDER) await applyType(tx, actor, type, plan.entries.filter((e) => e.ref.type === type), meta, ids, reviewers, result, options, written, tell);
    options.onProgress?.({ step: "indexing", written: done(), total });
    const files = [...new Set(plan.entries.map((e) => fileName(e.file)))];
    await auditEvents(tx, actor, [{ action: "import.applied", detail: { ...result, files: files.slice(0, 50), fileCount: files.length, ...(meta.incidentRef ? { incidentRef: meta.incidentRef } : {}) } }]);
  }));
  return result;
}
