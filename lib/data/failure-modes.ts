import "server-only";
import { firingFailureModeIds } from "@/lib/alerts/firing";
import { ALERT_MATCH_SQL } from "./alert-match-sql";
import { shows } from "@/lib/data/cache-tags";
import { cache } from "react";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Severity } from "@/lib/generated/prisma/enums";
import { childWhere, live, systemRef, systemWhoToCall, textFilter, PAGE_SIZE, pageOf, type BrowseFilter } from "./common";

// Reads of failure modes: the browse list, the detail page, and the alert resolver.

export async function listFailureModes(filter: BrowseFilter & { severity?: Severity; firing?: boolean }, page = 1, size = PAGE_SIZE) {
  const text = await textFilter("FAILURE_MODE", filter.q, filter.showDeleted);
  const where: Prisma.FailureModeWhereInput = {
    ...childWhere(filter),
    ...(filter.severity ? { severity: filter.severity } : {}),
    ...(filter.firing ? { id: { in: await firingFailureModeIds() } } : {}),
    ...text.where,
  };
  return pageOf(where, text.order, page, size, (w) => db.failureMode.count({ where: w }), (args) => db.failureMode.findMany({
    ...args,
    orderBy: [{ severity: "asc" }, { system: { name: "asc" } }, { title: "asc" }, { id: "asc" }],
    select: { id: true, title: true, severity: true, alertNames: true, immediateActions: true, deletedAt: true, system: systemRef },
  }));
}

/** A failure mode with its system and procedures. Read once per request (title and page). */
export const getFailureMode = cache(async (id: string) => {
  const fm = await db.failureMode.findUnique({
    where: { id },
    include: { system: systemRef, procedures: { where: live, orderBy: { title: "asc" } } },
  });
  if (fm) shows("system", [fm.systemId, ...fm.procedures.map((p) => p.systemId)]);
  return fm;
});

/** The ids of the live failure modes (of live systems) whose alert names hold `name`, exactly but for case. */
export async function failureModeIdsForAlert(name: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(ALERT_MATCH_SQL, name);
  return rows.map((row) => row.id);
}

/**
 * The order of failure modes that share an alert: most severe first; at the same severity,
 * a system whose changes need approval first (its alert names are guarded: lib/approvals),
 * then by title. The pages show them side by side, each with its system.
 */
const ALERT_ORDER = [{ severity: "asc" as const }, { system: { changesNeedApproval: "desc" as const } }, { title: "asc" as const }];

/** Failure modes whose alert names hold `name`, exactly but for case. */
export async function findFailureModesByAlert(name: string) {
  const ids = await failureModeIdsForAlert(name);
  if (ids.length === 0) return [];
  return db.failureMode.findMany({
    where: { id: { in: ids } },
    orderBy: ALERT_ORDER,
    select: { id: true, title: true, severity: true, alertNames: true, customerImpact: true, system: systemRef },
  });
}


/**
 * Failure modes with everything an on-call engineer needs beside them: the procedures that
 * fix them, their system's owners, on-call and escalation ladder. Most severe first.
 * For an alert's runbook (the API's JSON and the Markdown answers).
 */
export async function getFailureModeRunbooks(ids: string[]) {
  if (ids.length === 0) return [];
  return db.failureMode.findMany({
    where: { id: { in: ids } },
    orderBy: ALERT_ORDER,
    include: {
      procedures: { where: live, orderBy: { title: "asc" } },
      system: { include: systemWhoToCall },
    },
  });
}
