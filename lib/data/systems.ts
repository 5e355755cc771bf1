import "server-only";
import { shows } from "@/lib/data/cache-tags";
import { cache } from "react";
import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { updateEntity } from "@/lib/entries/write";
import type { Prisma } from "@/lib/generated/prisma/client";
import { reviewStatus } from "@/lib/review";
import { PAGE_SIZE, pageOf, ranked, textFilter } from "@/lib/data/common";
import { ENTITY_ID } from "@/lib/validation/common";
import { slugSchema } from "@/lib/validation/system";

const live = { deletedAt: null };

export type SystemListFilter = { q?: string; showDeleted?: boolean };

const systemListSelect = {
  id: true,
  slug: true,
  name: true,
  tier: true,
  purpose: true,
  reviewIntervalDays: true,
  lastReviewedAt: true,
  deletedAt: true,
  owner: { select: { id: true, name: true } },
  _count: {
    select: {
      dependencies: { where: live },
      failureModes: { where: live },
      procedures: { where: live },
      escalationLevels: { where: live },
    },
  },
} satisfies Prisma.SystemSelect;

const systemListOrder: Prisma.SystemOrderByWithRelationInput[] = [{ tier: "asc" }, { name: "asc" }, { id: "asc" }];

/** Rows of the systems list, with their review state. */
async function systemListRows(args: { where: Prisma.SystemWhereInput; skip?: number; take?: number }, order: string[] | null) {
  const rows = await db.system.findMany({ ...args, orderBy: systemListOrder, select: systemListSelect });
  return ranked(rows, order).map((row) => ({ ...row, review: reviewStatus(row.lastReviewedAt, row.reviewIntervalDays) }));
}

/** Which systems the list shows, and their search order when the filter box was used. */
async function systemListWhere(filter: SystemListFilter) {
  const text = await textFilter("SYSTEM", filter.q, filter.showDeleted);
  const where: Prisma.SystemWhereInput = { ...(filter.showDeleted ? {} : live), ...text.where };
  return { where, order: text.order };
}

export const SYSTEMS_PAGE_SIZE = PAGE_SIZE;

/** One page of the systems list (by tier and name, or in search order with the filter box), and how many there are in all. */
export async function listSystemsPage(filter: SystemListFilter, page: number, size = SYSTEMS_PAGE_SIZE) {
  const { where, order } = await systemListWhere(filter);
  return pageOf(where, order, page, size, (w) => db.system.count({ where: w }), (args) => systemListRows(args, null));
}

export type SystemListRow = Awaited<ReturnType<typeof listSystemsPage>>["rows"][number];

const contactCard = {
  select: { id: true, name: true, kind: true, role: true, email: true, phone: true, chat: true, pagerUrl: true, deletedAt: true },
} as const;

/** The whole one-page overview: the system and everything that belongs to it. Read once per request (title and page). */
export const getSystemOverview = cache(async (slug: string) => {
  const system = await db.system.findUnique({
    where: { slug },
    include: {
      owner: contactCard,
      backupOwner: contactCard,
      lastReviewedBy: { select: { name: true } },
      dependencies: {
        where: live,
        orderBy: { name: "asc" },
        include: { dependsOnSystem: { select: { slug: true, name: true, deletedAt: true } } },
      },
      dependents: {
        where: { ...live, system: live },
        orderBy: { name: "asc" },
        select: { id: true, name: true, systemId: true, system: { select: { slug: true, name: true } } },
      },
      failureModes: {
        where: live,
        orderBy: [{ severity: "asc" }, { title: "asc" }],
        include: { procedures: { where: live, select: { id: true, title: true } } },
      },
      procedures: { where: live, orderBy: { title: "asc" } },
      escalationLevels: {
        where: live,
        orderBy: { level: "asc" },
        include: { contacts: { where: live, ...contactCard, orderBy: { name: "asc" } } },
      },
    },
  });
  if (!system) return null;
  shows("system", [system.id, ...system.dependencies.map((d) => d.dependsOnSystemId), ...system.dependents.map((d) => d.systemId)]);
  shows("contact", [system.owner, system.backupOwner, ...system.escalationLevels.flatMap((l) => l.contacts)].map((c) => c?.id));
  shows("user", [system.lastReviewedById]);
  return { ...system, review: reviewStatus(system.lastReviewedAt, system.reviewIntervalDays) };
});

export type SystemOverview = NonNullable<Awaited<ReturnType<typeof getSystemOverview>>>;

/**
 * The one way to find a system: by its slug or its id (an address, a body, a query; the
 * slug first), deleted or not; null if none has it, or `ref` could be neither.
 */
export async function findSystem(ref: string) {
  if (!ENTITY_ID.safeParse(ref).success && !slugSchema.safeParse(ref).success) return null;
  const rows = await db.system.findMany({ where: { OR: [{ slug: ref }, { id: ref }] }, select: { id: true, slug: true, name: true, version: true, deletedAt: true }, take: 2 });
  return rows.find((row) => row.slug === ref) ?? rows[0] ?? null;
}

/** Records that someone read the runbook end to end and found it right. */
export async function markSystemReviewed(actor: Actor, id: string, expectedVersion: number, note: string) {
  assertRole(actor, "EDITOR");
  return updateEntity(
    actor,
    "SYSTEM",
    id,
    expectedVersion,
    { lastReviewedAt: new Date().toISOString(), lastReviewedById: actor.id },
    { changeNote: note || "Reviewed: the runbook is current" },
    // A review records that the runbook was read, not a change to it: no approval needed.
    { approval: { ungated: true } },
  );
}

/** Names for ids that snapshots hold, so history can show "Owner: Dana" not a cuid. */
export async function namesForIds(ids: string[]) {
  const unique = [...new Set(ids)].filter(Boolean);
  if (unique.length === 0) return new Map<string, string>();
  const [contacts, systems, users, procedures] = await Promise.all([
    db.contact.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } }),
    db.system.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: unique } }, select: { id: true, name: true } }),
    db.remediationProcedure.findMany({ where: { id: { in: unique } }, select: { id: true, title: true } }),
  ]);
  return new Map<string, string>([
    ...contacts.map((c) => [c.id, c.name] as const),
    ...systems.map((s) => [s.id, s.name] as const),
    ...users.map((u) => [u.id, u.name] as const),
    ...procedures.map((p) => [p.id, p.title] as const),
  ]);
}

/**
 * The addresses of a system's runbook pages, for saving them on a phone ("Keep offline",
 * public/sw.js): the overview and its print page, every live failure mode and procedure.
 */
export async function systemOfflinePages(slug: string) {
  const system = await db.system.findFirst({
    where: { slug, deletedAt: null },
    select: { name: true, slug: true, failureModes: { where: live, select: { id: true } }, procedures: { where: live, select: { id: true } } },
  });
  if (!system) return null;
  return {
    name: system.name,
    pages: [`/systems/${system.slug}`, `/systems/${system.slug}/print`, ...system.failureModes.map((fm) => `/failure-modes/${fm.id}`), ...system.procedures.map((p) => `/procedures/${p.id}`)],
  };
}
