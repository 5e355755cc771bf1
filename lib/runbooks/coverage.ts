import "server-only";
import { db } from "@/lib/db";
import type { RulesFile } from "./sources/prometheus";
import type { CoverageReport } from "./coverage-check";
import { offThread } from "./off-thread";

// Alert coverage against the portal's live runbooks: the failure modes from the database,
// the rules read and checked in a worker thread (coverage-check.ts).

export type { CoverageReport, CoveredAlert, CoveredRule, CoverageStatus, StaleRunbook, UrlStatus } from "./coverage-check";
export { alertUrlTemplate } from "./coverage-check";

export async function coverageReport(files: RulesFile[], portal: string): Promise<CoverageReport> {
  const failureModes = await db.failureMode.findMany({
    where: { deletedAt: null, system: { deletedAt: null } },
    select: { id: true, title: true, alertNames: true, system: { select: { name: true } } },
    orderBy: [{ title: "asc" }],
  });
  return offThread("coverage", files, portal, failureModes);
}
