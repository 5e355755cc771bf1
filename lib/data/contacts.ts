import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ContactKind } from "@/lib/generated/prisma/enums";
import { contactCard, live, textFilter, PAGE_SIZE, pageOf, type BrowseFilter } from "./common";

// Reads of the shared contacts: the browse list and the detail page.

export async function listContacts(filter: Omit<BrowseFilter, "systemId"> & { kind?: ContactKind }, page = 1, size = PAGE_SIZE) {
  const text = await textFilter("CONTACT", filter.q, filter.showDeleted);
  const where: Prisma.ContactWhereInput = {
    ...(filter.showDeleted ? {} : live),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...text.where,
  };
  return pageOf(where, text.order, page, size, (w) => db.contact.count({ where: w }), (args) => db.contact.findMany({
    ...args,
    orderBy: [{ name: "asc" }, { id: "asc" }],
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
  }));
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

