import "server-only";
import { cache } from "react";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { childWhere, live, ranked, systemRef, textFilter, type BrowseFilter } from "./common";

// Reads of remediation procedures: the browse list and the detail page.

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

/** A procedure with its system and the failure modes it fixes. Read once per request (title and page). */
export const getProcedure = cache(async (id: string) =>
  db.remediationProcedure.findUnique({
    where: { id },
    include: {
      system: systemRef,
      failureModes: { where: live, orderBy: [{ severity: "asc" }, { title: "asc" }], select: { id: true, title: true, severity: true, systemId: true } },
    },
  }),
);

