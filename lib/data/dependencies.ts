import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { DependencyKind } from "@/lib/generated/prisma/enums";
import { childWhere, systemRef, textFilter, PAGE_SIZE, pageOf, type BrowseFilter } from "./common";

// Reads of dependencies: the browse list and the detail page.

export async function listDependencies(filter: BrowseFilter & { kind?: DependencyKind }, page = 1, size = PAGE_SIZE) {
  const text = await textFilter("DEPENDENCY", filter.q, filter.showDeleted);
  const where: Prisma.DependencyWhereInput = {
    ...childWhere(filter),
    ...(filter.kind ? { kind: filter.kind } : {}),
    ...text.where,
  };
  return pageOf(where, text.order, page, size, (w) => db.dependency.count({ where: w }), (args) => db.dependency.findMany({
    ...args,
    orderBy: [{ system: { name: "asc" } }, { name: "asc" }, { id: "asc" }],
    select: { id: true, name: true, kind: true, impact: true, deletedAt: true, system: systemRef, dependsOnSystem: systemRef },
  }));
}

export async function getDependency(id: string) {
  return db.dependency.findUnique({ where: { id }, include: { system: systemRef, dependsOnSystem: systemRef } });
}

