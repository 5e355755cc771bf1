import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ContactKind, DependencyKind, Severity } from "@/lib/generated/prisma/enums";
import type { EntryType } from "@/lib/entries/types";
import { matchingIds } from "@/lib/search";

// Reads for the parts of a runbook: browse lists with their filters and detail pages
// with their relations shown both ways.

const live = { deletedAt: null };
const systemRef = { select: { id: true, slug: true, name: true, deletedAt: true } } as const;
const contactCard = {
  select: { id: true, name: true, kind: true, role: true, email: true, phone: true, chat: true, pagerUrl: true, deletedAt: true },
} as const;

export type BrowseFilter = { q?: string; systemId?: string; showDeleted?: boolean };

/**
 * The filter box of a browse page: the portal's search (ranked, typo-tolerant) over live
 * entries; with "show deleted", a plain substring match, since search never holds
 * deleted entries.
 */
export async function textFilter(type: EntryType, q: string | undefined, showDeleted: boolean | undefined, fields: string[]) {
  const text = q?.trim();
  if (!text) return { where: {}, order: null };
  if (showDeleted) return { where: { OR: fields.map((field) => ({ [field]: { contains: text, mode: "insensitive" } })) }, order: null };
  const ids = await matchingIds(type, text);
  return { where: { id: { in: ids } }, order: ids };
}

/** Rows in search rank order when the filter box was used. */
export function ranked<T extends { id: string }>(rows: T[], order: string[] | null): T[] {
  if (!order) return rows;
  const position = new Map(order.map((id, index) => [id, index]));
  return [...rows].sort((a, b) => position.get(a.id)! - position.get(b.id)!);
}

/** Children of deleted systems are hidden with their system unless deleted entries are asked for. */
function childWhere(filter: BrowseFilter) {
  return {
    ...(filter.showDeleted ? {} : { ...live, system: live }),
    ...(filter.systemId ? { systemId: filter.systemId } : {}),
  };
}

export async function listDependencies(filter: BrowseFilter & { kind?: DependencyKind }) {
  const text = await textFilter("DEPENDENCY", filter.q, filter.showDeleted, ["name", "usedFor", "failureModes", "impact", "mitigation"]);
  const where: Prisma.DependencyWhereInput = {
    ...childWhere(filter),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...text.where,
  };
  const rows = await db.dependency.findMany({
    where,
    orderBy: [{ system: { name: "asc" } }, { name: "asc" }],
    select: { id: true, name: true, kind: true, impact: true, deletedAt: true, system: systemRef, dependsOnSystem: systemRef },
  });
  return ranked(rows, text.order);
}

export async function listFailureModes(filter: BrowseFilter & { severity?: Severity }) {
  const text = await textFilter("FAILURE_MODE", filter.q, filter.showDeleted, ["title", "detection", "causes", "customerImpact"]);
  const where: Prisma.FailureModeWhereInput = {
    ...childWhere(filter),
    ...(filter.severity ? { severity: filter.severity } : {}),
    ...text.where,
  };
  const rows = await db.failureMode.findMany({
    where,
    orderBy: [{ severity: "asc" }, { system: { name: "asc" } }, { title: "asc" }],
    select: { id: true, title: true, severity: true, alertNames: true, immediateActions: true, deletedAt: true, system: systemRef },
  });
  return ranked(rows, text.order);
}

export async function listProcedures(filter: BrowseFilter) {
  const text = await textFilter("PROCEDURE", filter.q, filter.showDeleted, ["title", "assumptions", "verification", "rollback"]);
  const where: Prisma.RemediationProcedureWhereInput = { ...childWhere(filter), ...text.where };
  const rows = await db.remediationProcedure.findMany({
    where,
    orderBy: [{ system: { name: "asc" } }, { title: "asc" }],
    select: {
      id: true,
      title: true,
      steps: true,
      estimatedMinutes: true,
      deletedAt: true,
      system: systemRef,
      _count: { select: { failureModes: { where: live } } },
    },
  });
  return ranked(rows, text.order).map(({ steps, ...row }) => ({ ...row, stepCount: (steps as unknown[]).length }));
}

export async function listEscalationLevels(filter: BrowseFilter) {
  const text = await textFilter("ESCALATION_LEVEL", filter.q, filter.showDeleted, ["name", "when", "responsibilities"]);
  const where: Prisma.EscalationLevelWhereInput = { ...childWhere(filter), ...text.where };
  const rows = await db.escalationLevel.findMany({
    where,
    orderBy: [{ system: { name: "asc" } }, { level: "asc" }],
    select: {
      id: true,
      level: true,
      name: true,
      afterMinutes: true,
      expectedResponseMinutes: true,
      deletedAt: true,
      system: systemRef,
      contacts: { where: live, select: { id: true, name: true }, orderBy: { name: "asc" } },
    },
  });
  return ranked(rows, text.order);
}

export async function listContacts(filter: Omit<BrowseFilter, "systemId"> & { kind?: ContactKind }) {
  const text = await textFilter("CONTACT", filter.q, filter.showDeleted, ["name", "role", "email", "phone", "chat", "notes"]);
  const where: Prisma.ContactWhereInput = {
    ...(filter.showDeleted ? {} : live),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...text.where,
  };
  const rows = await db.contact.findMany({
    where,
    orderBy: { name: "asc" },
    select: {
      ...contactCard.select,
      _count: {
        select: {
          ownedSystems: { where: live },
          backedUpSystems: { where: live },
          escalationLevels: { where: { ...live, system: live } },
        },
      },
    },
  });
  return ranked(rows, text.order);
}

export async function getDependency(id: string) {
  return db.dependency.findUnique({ where: { id }, include: { system: systemRef, dependsOnSystem: systemRef } });
}

export async function getFailureMode(id: string) {
  return db.failureMode.findUnique({
    where: { id },
    include: { system: systemRef, procedures: { where: live, orderBy: { title: "asc" } } },
  });
}

export async function getProcedure(id: string) {
  return db.remediationProcedure.findUnique({
    where: { id },
    include: {
      system: systemRef,
      failureModes: { where: live, orderBy: [{ severity: "asc" }, { title: "asc" }], select: { id: true, title: true, severity: true } },
    },
  });
}

export async function getEscalationLevel(id: string) {
  return db.escalationLevel.findUnique({
    where: { id },
    include: { system: systemRef, contacts: { where: live, ...contactCard, orderBy: { name: "asc" } } },
  });
}

export async function getContact(id: string) {
  return db.contact.findUnique({
    where: { id },
    include: {
      ownedSystems: { where: live, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true, tier: true } },
      backedUpSystems: { where: live, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true, tier: true } },
      escalationLevels: {
        where: { ...live, system: live },
        orderBy: [{ system: { name: "asc" } }, { level: "asc" }],
        select: { id: true, level: true, name: true, system: { select: { slug: true, name: true } } },
      },
    },
  });
}

/** For pickers: every live system. */
export async function listSystemOptions() {
  return db.system.findMany({ where: live, orderBy: { name: "asc" }, select: { id: true, slug: true, name: true } });
}

export type SystemOption = Awaited<ReturnType<typeof listSystemOptions>>[number];

/** For the failure mode editor: the procedures of one system. */
export async function listProcedureOptions(systemId: string) {
  return db.remediationProcedure.findMany({ where: { systemId, ...live }, orderBy: { title: "asc" }, select: { id: true, title: true } });
}

export type ProcedureOption = Awaited<ReturnType<typeof listProcedureOptions>>[number];

/** Failure modes whose alert names hold `name`, exactly but for case. */
export async function findFailureModesByAlert(name: string) {
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT fm.id FROM "FailureMode" fm JOIN "System" s ON s.id = fm."systemId"
    WHERE fm."deletedAt" IS NULL AND s."deletedAt" IS NULL
      AND EXISTS (SELECT 1 FROM unnest(fm."alertNames") AS a(name) WHERE lower(a.name) = lower(${name}))`;
  if (ids.length === 0) return [];
  return db.failureMode.findMany({
    where: { id: { in: ids.map((row) => row.id) } },
    orderBy: [{ severity: "asc" }, { title: "asc" }],
    select: { id: true, title: true, severity: true, alertNames: true, customerImpact: true, system: systemRef },
  });
}

export type SystemRef = { id: string; slug: string; name: string; deletedAt: Date | null };

/** The heading of an entry's pages: its title, its system, whether deleted, its version. */
export async function getEntryHeading(type: Exclude<EntryType, "SYSTEM">, id: string): Promise<{ title: string; system: SystemRef | null; deletedAt: Date | null; version: number } | null> {
  const system = { select: { id: true, slug: true, name: true, deletedAt: true } };
  switch (type) {
    case "DEPENDENCY": {
      const row = await db.dependency.findUnique({ where: { id }, select: { name: true, system, deletedAt: true, version: true } });
      return row && { title: row.name, system: row.system, deletedAt: row.deletedAt, version: row.version };
    }
    case "FAILURE_MODE": {
      const row = await db.failureMode.findUnique({ where: { id }, select: { title: true, system, deletedAt: true, version: true } });
      return row && { title: row.title, system: row.system, deletedAt: row.deletedAt, version: row.version };
    }
    case "PROCEDURE": {
      const row = await db.remediationProcedure.findUnique({ where: { id }, select: { title: true, system, deletedAt: true, version: true } });
      return row && { title: row.title, system: row.system, deletedAt: row.deletedAt, version: row.version };
    }
    case "ESCALATION_LEVEL": {
      const row = await db.escalationLevel.findUnique({ where: { id }, select: { level: true, name: true, system, deletedAt: true, version: true } });
      return row && { title: `L${row.level} · ${row.name}`, system: row.system, deletedAt: row.deletedAt, version: row.version };
    }
    case "CONTACT": {
      const row = await db.contact.findUnique({ where: { id }, select: { name: true, deletedAt: true, version: true } });
      return row && { title: row.name, system: null, deletedAt: row.deletedAt, version: row.version };
    }
  }
}

export async function getLiveSystemBySlug(slug: string): Promise<SystemRef | null> {
  return db.system.findFirst({ where: { slug, ...live }, select: { id: true, slug: true, name: true, deletedAt: true } });
}

/** The level a new escalation level of `systemId` most likely gets: one below the last. */
export async function nextEscalationLevel(systemId: string): Promise<number> {
  const top = await db.escalationLevel.aggregate({ where: { systemId, ...live }, _max: { level: true } });
  return (top._max.level ?? 0) + 1;
}
