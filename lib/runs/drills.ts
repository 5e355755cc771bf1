import "server-only";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";
import { drillStatus, type DrillStatus, type LastDrill } from "./drill-status";
import type { ProcedureStep } from "@/lib/validation/procedure";

// What past runs say about procedures: when each was last drilled, and which steps are
// slow or often fail.

/**
 * The runs that count as a drill of their procedure: drills that ended resolved or partly
 * resolved (an abandoned drill proves nothing). A condition on "Run" for SQL that reads it
 * unqualified; the readiness checks use it too (lib/readiness/facts.ts).
 */
export const COUNTED_DRILL = Prisma.sql`"kind" = 'DRILL' AND "status" IN ('RESOLVED', 'PARTLY_RESOLVED')`;

/** The last counted drill of each procedure. */
export async function lastDrills(procedureIds: string[]): Promise<Map<string, LastDrill>> {
  if (procedureIds.length === 0) return new Map();
  const rows = await db.$queryRaw<{ procedureId: string; startedAt: Date; endedAt: Date }[]>`
    SELECT DISTINCT ON ("procedureId") "procedureId", "startedAt", "endedAt" FROM "Run"
    WHERE "procedureId" = ANY(${procedureIds}) AND ${COUNTED_DRILL}
    ORDER BY "procedureId", "endedAt" DESC`;
  return new Map(rows.map((row) => [row.procedureId, { startedAt: row.startedAt, endedAt: row.endedAt }]));
}

/** Drill status of each procedure given, by id. */
export async function drillStatuses(procedures: { id: string; drillIntervalDays: number }[], now = new Date()): Promise<Map<string, DrillStatus>> {
  const last = await lastDrills(procedures.map((p) => p.id));
  return new Map(procedures.map((p) => [p.id, drillStatus(last.get(p.id) ?? null, p.drillIntervalDays, now)]));
}

export type StepStats = { runs: number; medianSeconds: number | null; failures: number; skips: number };

/**
 * How each of the procedure's current steps went across all its runs: a step is matched
 * by its instruction, so it keeps its figures when steps are added or moved around it.
 */
export async function stepStats(procedureId: string, steps: ProcedureStep[]): Promise<StepStats[]> {
  const rows = await db.$queryRaw<{ instruction: string | null; runs: number; median: number | null; failures: number; skips: number }[]>`
    SELECT r."snapshot" -> 'steps' -> s."index" ->> 'instruction' AS "instruction",
           count(*)::int AS "runs",
           percentile_cont(0.5) WITHIN GROUP (ORDER BY s."seconds") AS "median",
           (count(*) FILTER (WHERE s."outcome" = 'FAILED'))::int AS "failures",
           (count(*) FILTER (WHERE s."outcome" = 'SKIPPED'))::int AS "skips"
    FROM "RunStep" s JOIN "Run" r ON r."id" = s."runId"
    WHERE r."procedureId" = ${procedureId} AND s."outcome" <> 'PENDING'
    GROUP BY 1`;
  const byInstruction = new Map(rows.map((row) => [row.instruction ?? "", row]));
  return steps.map((step) => {
    const row = byInstruction.get(step.instruction);
    return row ? { runs: row.runs, medianSeconds: row.median === null ? null : Math.round(row.median), failures: row.failures, skips: row.skips } : { runs: 0, medianSeconds: null, failures: 0, skips: 0 };
  });
}
