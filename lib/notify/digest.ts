import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { addJob } from "@/lib/jobs/queue";
import { describe, headingOf, isEntityType } from "@/lib/entries";
import { listReadiness } from "@/lib/readiness/facts";
import { reviewStatus } from "@/lib/review";
import type { DigestItem } from "./digest-mail";
import { portalLink } from "./mail";
import { systemsCoveredBy } from "./destinations";
import { digestSettings, localDayAndHour } from "./schedule";

// The daily digest. Each hour a pass (lib/jobs/tasks.ts, once across all portals) finds
// the people whose digest hour it is (their own, from /settings/notifications, or
// RUNBOOK_DIGEST_HOUR in RUNBOOK_TIME_ZONE) and, for each, claims today's digest and queues
// its mail in one transaction: a person gets one a day at most, even with several portals
// or passes at once, and a claimed digest is never lost (its job runs, or runs again after
// a crash). A digest lists the systems a person owns or backs up (directly or through a
// team) whose review is due within a week or overdue, or whose drills are; and the changes
// since yesterday to systems they watch. Nothing to say: no mail. Team destinations get
// their systems' reminders once a day at RUNBOOK_DIGEST_HOUR.

const DAY = 24 * 60 * 60 * 1000;
/** A review due within this many days is in the digest (and the overview says reminders start then). */
export const DUE_SOON_DAYS = 7;

type Person = { id: string; name: string; email: string; disabled: boolean; deletedAt: Date | null; mailOff: string[]; digestHour: number | null };
type Recipient = { userId: string | null; name: string; hour: number | null; items: Map<string, DigestItem> };

type Due = Map<string, { slug: string; name: string; reasons: string[]; kinds: string[] }>;

/** Why each system needs its owners' attention today (reviews and drills), by system id. */
export async function dueReasons(now = new Date()): Promise<Due> {
  const systems = await db.system.findMany({ where: { deletedAt: null }, select: { id: true, slug: true, name: true, lastReviewedAt: true, reviewIntervalDays: true } });
  const drills = new Map((await listReadiness(systems.map((s) => s.id), now)).map((r) => [r.id, r]));
  const due: Due = new Map();
  for (const system of systems) {
    const reasons: string[] = [];
    const kinds: string[] = [];
    const review = reviewStatus(system.lastReviewedAt, system.reviewIntervalDays, now);
    if (review.state === "never") reasons.push("never reviewed");
    else if (review.state === "overdue") reasons.push(`review overdue by ${review.daysOverdue} day${review.daysOverdue === 1 ? "" : "s"}`);
    else if (review.dueAt && review.dueAt.getTime() - now.getTime() <= DUE_SOON_DAYS * DAY) reasons.push(`review due ${review.dueAt.toISOString().slice(0, 10)}`);
    if (reasons.length) kinds.push("review");
    const facts = drills.get(system.id);
    if (facts?.drillOverdue) reasons.push(`${facts.drillOverdue} drill${facts.drillOverdue === 1 ? "" : "s"} overdue`);
    if (facts?.neverDrilled) reasons.push(`${facts.neverDrilled} procedure${facts.neverDrilled === 1 ? "" : "s"} never drilled`);
    if (facts?.drillOverdue || facts?.neverDrilled) kinds.push("drill");
    if (reasons.length) due.set(system.id, { slug: system.slug, name: system.name, reasons, kinds });
  }
  return due;
}

/** What each address should hear about today: its systems and why, and who it is. */
export async function digestItems(now = new Date(), due?: Due): Promise<Map<string, Recipient>> {
  due ??= await dueReasons(now);
  const person = { id: true, name: true, email: true, disabled: true, deletedAt: true, mailOff: true, digestHour: true } as const;
  const owners = { select: { name: true, kind: true, email: true, deletedAt: true, members: { select: { user: { select: person } } } } } as const;
  const systems = await db.system.findMany({ where: { id: { in: [...due.keys()] } }, select: { id: true, owner: owners, backupOwner: owners } });
  const accounts = new Map((await db.user.findMany({ where: { deletedAt: null }, select: person })).map((u) => [u.email, u]));
  const byAddress = new Map<string, Recipient>();
  const add = (address: string, who: { userId: string | null; name: string; hour: number | null }, system: { slug: string; name: string }, fill: (item: DigestItem) => void) => {
    const recipient = byAddress.get(address) ?? { ...who, items: new Map() };
    const item = recipient.items.get(system.slug) ?? { slug: system.slug, name: system.name, reasons: [], changes: [] };
    fill(item);
    recipient.items.set(system.slug, item);
    byAddress.set(address, recipient);
  };
  const reachable = (user: Person, kind: string) => !user.disabled && !user.deletedAt && !!user.email && !user.mailOff.includes(kind);

  for (const system of systems) {
    const { slug, name, reasons } = due.get(system.id)!;
    for (const owner of [system.owner, system.backupOwner]) {
      if (!owner || owner.deletedAt) continue;
      if (owner.kind === "TEAM") {
        for (const { user } of owner.members) if (reachable(user, "digest")) add(user.email, { userId: user.id, name: user.name, hour: user.digestHour }, { slug, name }, (item) => (item.reasons = reasons));
      } else if (owner.email) {
        // A person's contact card: their account's settings count when the address is theirs.
        const account = accounts.get(owner.email.toLowerCase());
        if (account && !reachable(account, "digest")) continue;
        add(owner.email, { userId: account?.id ?? null, name: account?.name ?? owner.name, hour: account?.digestHour ?? null }, { slug, name }, (item) => (item.reasons = reasons));
      }
    }
  }

  // Watchers: the changes of the last day to the systems they watch, but not their own.
  const watches = await db.watch.findMany({ where: { system: { deletedAt: null } }, select: { user: { select: person }, system: { select: { id: true, slug: true, name: true } } } });
  if (watches.length) {
    const changes = await changesSince(new Date(now.getTime() - DAY), [...new Set(watches.map((w) => w.system.id))]);
    for (const { user, system } of watches) {
      if (!reachable(user, "watched")) continue;
      const theirs = changes.filter((change) => change.systemId === system.id && change.authorId !== user.id).map((change) => change.text);
      if (theirs.length) add(user.email, { userId: user.id, name: user.name, hour: user.digestHour }, system, (item) => (item.changes = theirs));
    }
  }
  return byAddress;
}

const DONE: Record<string, string> = { CREATE: "created", UPDATE: "updated", DELETE: "deleted", RESTORE: "restored" };

/** The changes to these systems' entries since `since`, in words, with their change notes. */
async function changesSince(since: Date, systemIds: string[]) {
  const rows = await db.$queryRaw<{ entityType: string; action: string; snapshot: Record<string, unknown>; changeNote: string; authorId: string | null; authorName: string; systemId: string }[]>`
    SELECT "entityType", action::text AS action, snapshot, "changeNote", "authorId", "authorName",
           CASE WHEN "entityType" = 'SYSTEM' THEN "entityId" ELSE snapshot->>'systemId' END AS "systemId"
    FROM "Revision"
    WHERE "createdAt" > ${since}
      AND (("entityType" = 'SYSTEM' AND "entityId" = ANY(${systemIds})) OR snapshot->>'systemId' = ANY(${systemIds}))
    ORDER BY "createdAt"`;
  return rows.map((row) => {
    const desc = isEntityType(row.entityType) ? describe(row.entityType) : null;
    const what = desc ? `${desc.label} “${headingOf(desc, row.snapshot)}”` : "An entry";
    return { systemId: row.systemId, authorId: row.authorId, text: `${what} ${DONE[row.action] ?? "changed"} by ${row.authorName}${row.changeNote ? `: ${row.changeNote}` : ""}` };
  });
}

/**
 * Queues today's digests whose hour it is (`force`: all of today's not yet claimed).
 * Returns how many mails and posts were queued.
 */
export async function queueDigests({ now = new Date(), force = false } = {}): Promise<number> {
  const { timeZone, hour } = digestSettings();
  const local = localDayAndHour(now, timeZone);
  let queued = 0;
  const due = await dueReasons(now);
  const reminded = new Map<string, Set<string>>();
  const remind = (slug: string, who: string) => reminded.set(slug, (reminded.get(slug) ?? new Set()).add(who));

  if (process.env.RUNBOOK_SMTP_URL) {
    for (const [address, recipient] of await digestItems(now, due)) {
      if (!force && (recipient.hour ?? hour) !== local.hour) continue;
      const items = [...recipient.items.values()];
      const claimed = await db.$transaction(async (tx) => {
        const won = await tx.$executeRaw`INSERT INTO "DigestSent" (email, day) VALUES (${address}, ${local.day}) ON CONFLICT DO NOTHING`;
        if (won) await addJob(tx, "notify:digest-mail", { to: address, userId: recipient.userId, day: local.day, items });
        return won > 0;
      });
      if (!claimed) continue;
      queued++;
      for (const item of items) if (item.reasons.length) remind(item.slug, recipient.name);
    }
  }

  // Team destinations (and those for every system), once a day at the portal's hour.
  if (force || local.hour === hour) {
    const destinations = await db.destination.findMany({ where: { disabledAt: null, events: { has: "digest" } }, select: { id: true, name: true, teamId: true } });
    for (const destination of destinations) {
      const covered = (await systemsCoveredBy(destination)).map((s) => due.get(s.id)).filter((d) => !!d);
      if (!covered.length) continue;
      const sent = await db.$transaction(async (tx) => {
        const won = await tx.$executeRaw`INSERT INTO "DigestSent" (email, day) VALUES (${`destination:${destination.id}`}, ${local.day}) ON CONFLICT DO NOTHING`;
        if (!won) return false;
        await addJob(tx, "notify:deliver", {
          destinationId: destination.id,
          message: {
            type: "digest.due",
            title: `${covered.length} runbook${covered.length === 1 ? "" : "s"} to look at`,
            lines: covered.map((d) => `${d.name}: ${d.reasons.join(", ")} (${portalLink(`/systems/${d.slug}`)})`),
            link: { label: "Open the readiness page", url: portalLink("/readiness") },
            data: { day: local.day, systems: covered.map((d) => ({ slug: d.slug, name: d.name, reasons: d.reasons, url: portalLink(`/systems/${d.slug}`) })) },
          },
        });
        return true;
      });
      if (!sent) continue;
      queued++;
      for (const d of covered) remind(d.slug, destination.name);
    }
  }

  await recordReminders(local.day, reminded, due);
  return queued;
}

/** What the overview and readiness page show: which systems were reminded today, and to whom. */
async function recordReminders(day: string, reminded: Map<string, Set<string>>, due: Due) {
  // Every system reminded today, in one statement: its id (due is keyed by it), why, and to whom.
  const rows = [...due].filter(([, d]) => reminded.has(d.slug)).map(([systemId, d]) => ({ id: crypto.randomUUID(), systemId, reasons: d.kinds, recipients: [...reminded.get(d.slug)!] }));
  if (!rows.length) return;
  await db.$executeRaw`
    INSERT INTO "Reminder" (id, "systemId", day, reasons, recipients)
    SELECT r.id, r."systemId", ${day}, r.reasons, r.recipients
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS r(id text, "systemId" text, reasons text[], recipients text[])
    ON CONFLICT ("systemId", day) DO UPDATE SET
      recipients = ARRAY(SELECT DISTINCT unnest("Reminder".recipients || EXCLUDED.recipients)),
      reasons = ARRAY(SELECT DISTINCT unnest("Reminder".reasons || EXCLUDED.reasons))`;
}

/** An admin's "send today's digests now": a job, run by the next free portal process. */
export async function queueDigestsNow(actor: Actor) {
  assertRole(actor, "ADMIN");
  await db.$transaction((tx) => addJob(tx, "notify:digest", { force: true }));
}
