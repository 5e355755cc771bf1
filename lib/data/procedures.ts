import "server-only";
import { shows } from "@/lib/data/cache-tags";
import { cache } from "react";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { childWhere, live, systemRef, systemWhoToCall, textFilter, PAGE_SIZE, pageOf, type BrowseFilter } from "./common";

// Reads of remediation procedures: the browse list and the detail page.

export async function listProcedures(filter: BrowseFilter, page = 1, size = PAGE_SIZE) {
  const text = await textFilter("PROCEDURE", filter.q, filter.showDeleted);
  const where: Prisma.RemediationProcedureWhereInput = { ...childWhere(filter), ...text.where };
  const list = await pageOf(where, text.order, page, size, (w) => db.remediationProcedure.count({ where: w }), (args) => db.remediationProcedure.findMany({
    ...args,
    orderBy: [{ system: { name: "asc" } }, { title: "asc" }, { id: "asc" }],
    select: {
      id: true,
      title: true,
      steps: true,
      estimatedMinutes: true,
      deletedAt: true,
      system: systemRef,
      _count: { select: { failureModes: { where: live } } },
    },
  }));
  return { ...list, rows: list.rows.map(({ steps, ...row }) => ({ ...row, stepCount: (steps as unknown[]).length })) };
}

/** A procedure with its system and the failure modes it fixes. Read once per request (title and page). */
export const getProcedure = cache(async (id: string) => {
  const procedure = await db.remediationProcedure.findUnique({
    where: { id },
    include: {
      system: systemRef,
      failureModes: { where: live, orderBy: [{ severity: "asc" }, { title: "asc" }], select: { id: true, title: true, severity: true, systemId: true } },
    },
  });
  if (procedure) shows("system", [procedure.systemId, ...procedure.failureModes.map((fm) => fm.systemId)]);
  return procedure;
});


/** A procedure with its system's owners and escalation ladder, and the failure modes it fixes: its runbook as Markdown. */
export async function getProcedureRunbook(id: string) {
  return db.remediationProcedure.findUnique({
    where: { id },
    include: {
      system: { include: systemWhoToCall },
      failureModes: { where: live, orderBy: [{ severity: "asc" }, { title: "asc" }], select: { id: true, title: true, severity: true, alertNames: true } },
    },
  });
}
