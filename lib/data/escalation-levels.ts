import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { childWhere, contactCard, live, systemRef, textFilter, PAGE_SIZE, pageOf, type BrowseFilter } from "./common";

// Reads of escalation levels: the browse list, the detail page, the next level's number.

export async function listEscalationLevels(filter: BrowseFilter, page = 1, size = PAGE_SIZE) {
  const text = await textFilter("ESCALATION_LEVEL", filter.q, filter.showDeleted);
  const where: Prisma.EscalationLevelWhereInput = { ...childWhere(filter), ...text.where };
  return pageOf(where, text.order, page, size, (w) => db.escalationLevel.count({ where: w }), (args) => db.escalationLevel.findMany({
    ...args,
    orderBy: [{ system: { name: "asc" } }, { level: "asc" }, { id: "asc" }],
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
  }));
}

export async function getEscalationLevel(id: string) {
  return db.escalationLevel.findUnique({
    where: { id },
    include: { system: systemRef, contacts: { where: live, ...contactCard, orderBy: { name: "asc" } } },
  });
}
