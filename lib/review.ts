const DAY = 24 * 60 * 60 * 1000;

export type ReviewStatus = { state: "never" | "overdue" | "current"; dueAt: Date | null; daysOverdue: number };

/** Whether a runbook is due for review: never reviewed, or its interval has passed. */
export function reviewStatus(lastReviewedAt: Date | null, intervalDays: number, now = new Date()): ReviewStatus {
  if (!lastReviewedAt) return { state: "never", dueAt: null, daysOverdue: 0 };
  const dueAt = new Date(lastReviewedAt.getTime() + intervalDays * DAY);
  const daysOverdue = Math.floor((now.getTime() - dueAt.getTime()) / DAY);
  return { state: daysOverdue >= 0 ? "overdue" : "current", dueAt, daysOverdue: Math.max(0, daysOverdue) };
}
