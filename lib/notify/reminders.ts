import "server-only";
import { db } from "@/lib/db";
import { assertRole, type UserActor } from "@/lib/auth/roles";
import { shows } from "@/lib/data/cache-tags";
import { reviewStatus } from "@/lib/review";
import { DUE_SOON_DAYS } from "./digest";

// Who hears about a system, and when (the overview's review footer): its owners' reminders
// in the daily digest, its team's destinations, its watchers. And what reminders achieved
// (the readiness page): how many systems were reminded, and how many were reviewed soon after.

const DAY = 24 * 60 * 60 * 1000;
/** A review within this many days of a reminder counts as acting on it. */
export const ACTED_ON_DAYS = 7;

type Owner = { id: string; name: string; kind: string; email: string; deletedAt: Date | null } | null;

export type ReminderPlan = {
  /** the review's due date, when there is one */
  dueAt: Date | null;
  /** when reminders start: the day a week before it's due; null: in the next digest */
  startsAt: Date | null;
  /** who gets them: "Ann (owner)", "Payments team (backup)", "#payments" */
  recipients: string[];
  last: { day: string; recipients: string[] } | null;
  watchers: number;
};

export async function reminderPlan(system: { id: string; lastReviewedAt: Date | null; reviewIntervalDays: number; owner: Owner; backupOwner: Owner }, now = new Date()): Promise<ReminderPlan> {
  shows("system", [system.id]);
  const review = reviewStatus(system.lastReviewedAt, system.reviewIntervalDays, now);
  const startsAt = review.state === "current" && review.dueAt ? new Date(review.dueAt.getTime() - DUE_SOON_DAYS * DAY) : null;
  const recipients: string[] = [];
  for (const [owner, role] of [[system.owner, "owner"], [system.backupOwner, "backup"]] as const) {
    if (!owner || owner.deletedAt) continue;
    if (owner.kind === "TEAM" || owner.email) recipients.push(`${owner.name} (${role})`);
  }
  const teams = [system.owner, system.backupOwner].filter((c) => c && !c.deletedAt && c.kind === "TEAM").map((c) => c!.id);
  shows("contact", teams);
  const [destinations, last, watchers] = await Promise.all([
    db.destination.findMany({ where: { disabledAt: null, events: { has: "digest" }, OR: [{ teamId: null }, { teamId: { in: teams } }] }, select: { name: true }, orderBy: { name: "asc" } }),
    db.reminder.findFirst({ where: { systemId: system.id }, orderBy: { day: "desc" }, select: { day: true, recipients: true } }),
    db.watch.count({ where: { systemId: system.id } }),
  ]);
  recipients.push(...destinations.map((d) => d.name));
  return { dueAt: review.dueAt, startsAt: startsAt && startsAt > now ? startsAt : null, recipients, last, watchers };
}

/** Reminders of the last `days` days, and how many were followed by a review within ACTED_ON_DAYS. */
export async function reminderCounts(days = 90, now = new Date()) {
  const since = new Date(now.getTime() - days * DAY);
  const [row] = await db.$queryRaw<{ sent: number; actedOn: number; systems: number }[]>`
    SELECT count(*)::int AS sent,
           count(DISTINCT r."systemId")::int AS systems,
           count(*) FILTER (WHERE EXISTS (
             SELECT 1 FROM "Revision" v
             WHERE v."entityType" = 'SYSTEM' AND v."entityId" = r."systemId"
               AND v.snapshot->>'lastReviewedAt' IS NOT NULL
               AND (v.snapshot->>'lastReviewedAt')::timestamptz >= r."createdAt"
               AND (v.snapshot->>'lastReviewedAt')::timestamptz < r."createdAt" + make_interval(days => ${ACTED_ON_DAYS})
           ))::int AS "actedOn"
    FROM "Reminder" r
    WHERE r."createdAt" >= ${since} AND 'review' = ANY(r.reasons)`;
  return row!;
}

export async function isWatching(userId: string, systemId: string) {
  shows("system", [systemId]);
  return !!(await db.watch.findUnique({ where: { userId_systemId: { userId, systemId } }, select: { userId: true } }));
}

/** Anyone signed in may watch a system: its changes come in their daily digest. */
export async function setWatching(actor: UserActor, systemId: string, on: boolean) {
  assertRole(actor, "VIEWER");
  if (on) await db.watch.upsert({ where: { userId_systemId: { userId: actor.id, systemId } }, create: { userId: actor.id, systemId }, update: {} });
  else await db.watch.deleteMany({ where: { userId: actor.id, systemId } });
}
