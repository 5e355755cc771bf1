import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EntryType } from "@/lib/entries";
import { ENTITIES, headingOf, searchedFields } from "@/lib/entries";
import { matchingIds } from "@/lib/search";
import { delegate } from "@/lib/entries/snapshot";

// What the reads of every entry type share: the filter box, search order, the system an
// entry belongs to, and the heading of an entry's pages (from its descriptor).

export const live = { deletedAt: null };
export const systemRef = { select: { id: true, slug: true, name: true, deletedAt: true } } as const;
export const contactCard = {
  select: { id: true, name: true, kind: true, role: true, email: true, phone: true, chat: true, pagerUrl: true, deletedAt: true },
} as const;

export type BrowseFilter = { q?: string; systemId?: string; showDeleted?: boolean };

/** A searched field as plain text in SQL: lists joined, structured items as their JSON. */
function asText(field: string, kind: string): string {
  if (kind === "list") return `array_to_string("${field}", ' ')`;
  if (kind === "items") return `"${field}"::text`;
  return `"${field}"`;
}

/** Ids of the entries of `type`, deleted ones too, whose searched fields (the descriptor's, as search indexes them) hold `text`. */
async function plainMatchIds(type: EntryType, text: string, limit = 500): Promise<string[]> {
  const desc = ENTITIES[type];
  const columns = searchedFields(desc).map((field) => asText(field, desc.fields[field]!.kind));
  const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT "id" FROM "${desc.table}" WHERE concat_ws(' ', ${columns.join(", ")}) ILIKE $1 LIMIT ${limit}`, pattern);
  return rows.map((row) => row.id);
}

/**
 * The filter box of a browse page: the portal's search (ranked, typo-tolerant) over live
 * entries; with "show deleted", a plain substring match over the same fields search
 * indexes (the descriptor's), since search never holds deleted entries.
 */
export async function textFilter(type: EntryType, q: string | undefined, showDeleted: boolean | undefined) {
  const text = q?.trim();
  if (!text) return { where: {}, order: null };
  if (showDeleted) return { where: { id: { in: await plainMatchIds(type, text) } }, order: null };
  const ids = await matchingIds(type, text);
  return { where: { id: { in: ids } }, order: ids };
}

/** Rows in search rank order when the filter box was used. */
export function ranked<T extends { id: string }>(rows: T[], order: string[] | null): T[] {
  if (!order) return rows;
  const position = new Map(order.map((id, index) => [id, index]));
  return [...rows].sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

/** Rows a browse page shows at a time. */
export const PAGE_SIZE = 50;

export type Page<T> = { rows: T[]; total: number; page: number; pages: number; size: number };

/**
 * One page of a list: `read` gets the `where` for the page (and skip/take, unless the
 * filter box ordered the rows by search rank, when the page is a slice of the ranked
 * ids). A page past the last is the last.
 */
export async function pageOf<W extends object, T extends { id: string }>(
  where: W,
  order: string[] | null,
  page: number,
  size: number,
  count: (where: W) => Promise<number>,
  read: (args: { where: W; skip?: number; take?: number }) => Promise<T[]>,
): Promise<Page<T>> {
  const total = await count(where);
  const pages = Math.max(1, Math.ceil(total / size));
  const current = Math.min(Math.max(1, Math.floor(page)), pages);
  const skip = (current - 1) * size;
  const rows = order
    ? ranked(await read({ where: { ...where, id: { in: order.slice(skip, skip + size) } } }), order)
    : await read({ where, skip, take: size });
  return { rows, total, page: current, pages, size };
}

/** Children of deleted systems are hidden with their system unless deleted entries are asked for. */
export function childWhere(filter: BrowseFilter) {
  return {
    ...(filter.showDeleted ? {} : { ...live, system: live }),
    ...(filter.systemId ? { systemId: filter.systemId } : {}),
  };
}

/** A system as pickers and filters list it. */
export type SystemOption = { id: string; slug: string; name: string };

/** Up to this many systems a filter lists them all; past it, a list of every system would be longer than anyone reads (and heavy to send). */
export const SYSTEM_OPTIONS_MAX = 100;

/**
 * The systems a search can be narrowed to: all of them while there are few, else the
 * ones `ids` names (those in the results, and the one already chosen).
 */
export async function systemOptionsFor(ids: (string | null | undefined)[]): Promise<{ options: SystemOption[]; all: boolean }> {
  const select = { id: true, slug: true, name: true } as const;
  const first = await db.system.findMany({ where: live, orderBy: { name: "asc" }, select, take: SYSTEM_OPTIONS_MAX + 1 });
  if (first.length <= SYSTEM_OPTIONS_MAX) return { options: first, all: true };
  const wanted = [...new Set(ids.filter((id): id is string => !!id))];
  return { options: await db.system.findMany({ where: { ...live, id: { in: wanted } }, orderBy: { name: "asc" }, select }), all: false };
}

export type SystemRef = { id: string; slug: string; name: string; deletedAt: Date | null };

type HeadingRow = Record<string, unknown> & { deletedAt: Date | null; version: number; system?: SystemRef };

/**
 * The heading of an entry's pages: its name (as its descriptor composes it), its system
 * (a system's is itself), whether deleted, its version.
 */
export async function getEntryHeading(type: EntryType, id: string): Promise<{ title: string; system: SystemRef | null; deletedAt: Date | null; version: number } | null> {
  const desc = ENTITIES[type];
  const bySlug = desc.address === "slug";
  const select = {
    deletedAt: true,
    version: true,
    ...Object.fromEntries(desc.heading.fields.map((field) => [field, true])),
    ...(desc.ofSystem ? { system: systemRef } : {}),
    ...(bySlug ? { slug: true, name: true } : {}),
  };
  const row = await delegate(db, desc).findUnique<HeadingRow>({ where: { id }, select });
  if (!row) return null;
  const system = desc.ofSystem ? (row.system ?? null) : bySlug ? { id, slug: String(row.slug), name: String(row.name), deletedAt: row.deletedAt } : null;
  return { title: headingOf(desc, row), system, deletedAt: row.deletedAt, version: row.version };
}

/** How to reach a contact: what a runbook shows of one. */
export const contactReach = { select: { id: true, name: true, kind: true, role: true, email: true, phone: true, chat: true, pagerUrl: true } } as const;

/** Who to call for a system: owners, on-call and the escalation ladder with its contacts. */
export const systemWhoToCall = {
  owner: contactReach,
  backupOwner: contactReach,
  escalationLevels: { where: live, orderBy: { level: "asc" }, include: { contacts: { where: live, ...contactReach, orderBy: { name: "asc" } } } },
} as const satisfies Prisma.SystemInclude;
