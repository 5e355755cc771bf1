import { reviewStatus, type ReviewStatus } from "@/lib/review";

// Whether a procedure's drill is due, from its last completed drill. Shared by server
// pages and the print sheet: no database access here.

export type LastDrill = { startedAt: Date; endedAt: Date };

export type DrillStatus = ReviewStatus & { last: LastDrill | null; minutes: number | null };

/** A drill is due when none was ever completed, or the last one is older than the interval. */
export function drillStatus(last: LastDrill | null, intervalDays: number, now = new Date()): DrillStatus {
  const status = reviewStatus(last?.endedAt ?? null, intervalDays, now);
  const minutes = last ? Math.max(1, Math.round((last.endedAt.getTime() - last.startedAt.getTime()) / 60_000)) : null;
  return { ...status, last, minutes };
}

/** "last drilled 3 Nov 2026, took 12 min (estimate 10 min)", or "never drilled". */
export function drillSummary(status: DrillStatus, estimatedMinutes: number | null, formatDate: (date: Date) => string): string {
  if (!status.last) return "never drilled";
  const estimate = estimatedMinutes !== null ? ` (estimate ${estimatedMinutes} min)` : "";
  return `last drilled ${formatDate(status.last.endedAt)}, took ${status.minutes} min${estimate}`;
}
