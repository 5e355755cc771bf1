import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { AUDIT_ACTIONS } from "./events";
import type { AuditFilters } from "@/lib/validation/audit";

// Reading the audit log, newest first, for admins. Millions of events page by their number
// (keyset: the events below the last one shown), never by offset, and every filter has an
// index that ends in the number (prisma/schema.prisma, AuditEvent), so a page reads about
// as many index entries as it shows.

export const AUDIT_PAGE_SIZE = 50;

/** Events per query while a download streams the whole filtered log. */
const DOWNLOAD_BATCH = 5_000;

const SELECT = {
  seq: true,
  at: true,
  actorId: true,
  actorName: true,
  action: true,
  entityType: true,
  entityId: true,
  systemId: true,
  revisionId: true,
  ip: true,
  userAgent: true,
  detail: true,
  prevHash: true,
  hash: true,
} as const;

export type AuditEventRow = Prisma.AuditEventGetPayload<{ select: typeof SELECT }>;

const DAY = 24 * 60 * 60 * 1000;

/**
 * Longer than any audited transaction runs from its start (its events' `at`) to writing
 * them: the longest, an import, times out after 10 minutes (lib/runbooks/apply.ts).
 */
const LONGEST_TRANSACTION = 60 * 60 * 1000;

type Where = Prisma.AuditEventWhereInput;
type SeqRange = { gt?: bigint; lt?: bigint };

/**
 * The time range as a range of numbers too, which the planner can use with any index.
 * Filtering on `at` alone, a page of events from long ago made PostgreSQL walk back through
 * every newer event first (0.6 s on 2 million). An event is numbered as it is written,
 * within LONGEST_TRANSACTION of its `at`, so any event from well after the range (by more
 * than that) is numbered after every event in it, and any from well before, before them:
 * the numbers of two such events bound the range, and no event of the range is lost.
 */
async function seqRangeOf(from: Date | undefined, to: Date | undefined): Promise<SeqRange> {
  const [before, after] = await Promise.all([
    from ? db.auditEvent.findFirst({ where: { at: { lt: new Date(from.getTime() - LONGEST_TRANSACTION) } }, orderBy: { at: "desc" }, select: { seq: true } }) : null,
    to ? db.auditEvent.findFirst({ where: { at: { gte: new Date(to.getTime() + LONGEST_TRANSACTION) } }, orderBy: { at: "asc" }, select: { seq: true } }) : null,
  ]);
  return { ...(before ? { gt: before.seq } : {}), ...(after ? { lt: after.seq } : {}) };
}

/** The actions an `action` filter stands for: one, or a family ("change."). */
function actionsOf(action: string): string[] {
  return action.endsWith(".") ? AUDIT_ACTIONS.filter((a) => a.startsWith(action)) : [action];
}

type Query = { where: Where; seq: SeqRange };

async function queryOf(filters: AuditFilters): Promise<Query> {
  // Days are UTC, as everywhere in the portal; "to" includes its whole day.
  const from = filters.from ? new Date(`${filters.from}T00:00:00Z`) : undefined;
  const to = filters.to ? new Date(new Date(`${filters.to}T00:00:00Z`).getTime() + DAY) : undefined;
  const actions = filters.action ? actionsOf(filters.action) : null;
  const where: Where = {
    ...(filters.actor ? { actorId: filters.actor } : {}),
    ...(actions ? { action: actions.length === 1 ? actions[0] : { in: actions } } : {}),
    ...(filters.entity ? { entityId: filters.entity } : {}),
    ...(filters.system ? { systemId: filters.system } : {}),
    ...(from || to ? { at: { ...(from ? { gte: from } : {}), ...(to ? { lt: to } : {}) } } : {}),
  };
  return { where, seq: from || to ? await seqRangeOf(from, to) : {} };
}

/** Up to `take` events of the query numbered below `before`, newest first. */
function readEvents(query: Query, before: bigint | undefined, take: number): Promise<AuditEventRow[]> {
  const lt = before !== undefined && (query.seq.lt === undefined || before < query.seq.lt) ? before : query.seq.lt;
  const seq = { ...query.seq, ...(lt !== undefined ? { lt } : {}) };
  return db.auditEvent.findMany({ where: { ...query.where, ...(seq.gt !== undefined || seq.lt !== undefined ? { seq } : {}) }, orderBy: { seq: "desc" }, take, select: SELECT });
}

export type AuditPage = {
  events: AuditEventRow[];
  /** where the next older page starts (its `before`), or null on the last page */
  older: bigint | null;
};

/** One page of the log, newest first: the events numbered below `page.before` (the newest without). */
export async function listAuditEvents(actor: Actor, filters: AuditFilters, page: { before?: bigint } = {}): Promise<AuditPage> {
  assertRole(actor, "ADMIN");
  const rows = await readEvents(await queryOf(filters), page.before, AUDIT_PAGE_SIZE + 1);
  const events = rows.slice(0, AUDIT_PAGE_SIZE);
  return { events, older: rows.length > AUDIT_PAGE_SIZE ? events.at(-1)!.seq : null };
}

/**
 * Every event the filters match, newest first, in batches: for downloads, which stream
 * them as they are read. Events written meanwhile are newer than the first batch, so they
 * are left out rather than shifting the batches.
 */
export function auditEventBatches(actor: Actor, filters: AuditFilters): AsyncGenerator<AuditEventRow[]> {
  assertRole(actor, "ADMIN");
  return batches(filters);
}

async function* batches(filters: AuditFilters): AsyncGenerator<AuditEventRow[]> {
  const query = await queryOf(filters);
  let before: bigint | undefined;
  for (;;) {
    const batch = await readEvents(query, before, DOWNLOAD_BATCH);
    if (batch.length > 0) yield batch;
    if (batch.length < DOWNLOAD_BATCH) return;
    before = batch.at(-1)!.seq;
  }
}

export type AuditSystem = { id: string; slug: string; name: string; deletedAt: Date | null };

/** The systems `ids` names, deleted ones too (their events stay in the log): the names and links of a page's events. */
export async function listAuditSystems(actor: Actor, ids: (string | null | undefined)[]): Promise<AuditSystem[]> {
  assertRole(actor, "ADMIN");
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  if (wanted.length === 0) return [];
  return db.system.findMany({ where: { id: { in: wanted } }, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true, deletedAt: true } });
}
