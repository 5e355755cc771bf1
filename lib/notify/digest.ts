import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { addJob } from "@/lib/jobs/queue";
import { listReadiness } from "@/lib/readiness/facts";
import { reviewStatus } from "@/lib/review";
import { escapeHtml, portalLink, sendMail } from "./mail";
import { unsubscribeParts } from "./preferences";
import { digestSettings, localDayAndHour } from "./schedule";

// The daily digest: for each owner, the systems they own or back up whose review is due
// within a week or overdue, or whose drills are overdue, with a link to each. A person
// (an address) gets one digest a day at most, grouped by system, and none when there is
// nothing to say. The pass runs every hour (lib/jobs/tasks.ts, once across all portals)
// and mails at RUNBOOK_DIGEST_HOUR in RUNBOOK_TIME_ZONE; admins can run it at once.

const DAY = 24 * 60 * 60 * 1000;
const DUE_SOON_DAYS = 7;

type Item = { slug: string; name: string; reasons: string[] };

/** What each address should hear about today: its systems and why. */
export async function digestItems(now = new Date()): Promise<Map<string, { userId: string | null; items: Item[] }>> {
  const systems = await db.system.findMany({
    where: { deletedAt: null },
    select: {
      id: true,
      slug: true,
      name: true,
      lastReviewedAt: true,
      reviewIntervalDays: true,
      owner: { select: { kind: true, email: true, deletedAt: true, members: { select: { user: { select: { id: true, email: true, disabled: true, deletedAt: true, mailOff: true } } } } } },
      backupOwner: { select: { kind: true, email: true, deletedAt: true, members: { select: { user: { select: { id: true, email: true, disabled: true, deletedAt: true, mailOff: true } } } } } },
    },
  });
  const drills = new Map((await listReadiness(systems.map((s) => s.id), now)).map((r) => [r.id, r]));
  const users = new Map((await db.user.findMany({ where: { deletedAt: null }, select: { id: true, email: true, disabled: true, mailOff: true } })).map((u) => [u.email, u]));
  const byAddress = new Map<string, { userId: string | null; items: Item[] }>();
  for (const system of systems) {
    const reasons: string[] = [];
    const review = reviewStatus(system.lastReviewedAt, system.reviewIntervalDays, now);
    if (review.state === "never") reasons.push("never reviewed");
    else if (review.state === "overdue") reasons.push(`review overdue by ${review.daysOverdue} day${review.daysOverdue === 1 ? "" : "s"}`);
    else if (review.dueAt && review.dueAt.getTime() - now.getTime() <= DUE_SOON_DAYS * DAY) reasons.push(`review due ${review.dueAt.toISOString().slice(0, 10)}`);
    const facts = drills.get(system.id);
    if (facts?.drillOverdue) reasons.push(`${facts.drillOverdue} drill${facts.drillOverdue === 1 ? "" : "s"} overdue`);
    if (facts?.neverDrilled) reasons.push(`${facts.neverDrilled} procedure${facts.neverDrilled === 1 ? "" : "s"} never drilled`);
    if (reasons.length === 0) continue;
    const addresses = new Map<string, string | null>();
    for (const owner of [system.owner, system.backupOwner]) {
      if (!owner || owner.deletedAt) continue;
      if (owner.kind === "TEAM") {
        for (const { user } of owner.members) if (!user.disabled && !user.deletedAt && user.email && !user.mailOff.includes("digest")) addresses.set(user.email, user.id);
      } else if (owner.email) {
        // A person's contact card: their account's settings count when the address is theirs.
        const account = users.get(owner.email.toLowerCase());
        if (account && (account.disabled || account.mailOff.includes("digest"))) continue;
        addresses.set(owner.email, account?.id ?? null);
      }
    }
    for (const [address, userId] of addresses) {
      const entry = byAddress.get(address) ?? { userId, items: [] };
      entry.items.push({ slug: system.slug, name: system.name, reasons });
      byAddress.set(address, entry);
    }
  }
  return byAddress;
}

/**
 * Mails today's digests not yet sent. `force`: at once, whatever the hour (an admin's
 * "send now"). Each address is claimed before its mail goes out (DigestSent), so two
 * passes at once, in two portals, send one digest each; a failed mail gives its claim back.
 */
export async function sendDigests({ now = new Date(), force = false } = {}): Promise<number> {
  const { timeZone, hour } = digestSettings();
  const local = localDayAndHour(now, timeZone);
  if (!force && local.hour !== hour) return 0;
  if (!process.env.RUNBOOK_SMTP_URL) return 0;
  let sent = 0;
  for (const [address, { userId, items }] of await digestItems(now)) {
    const claimed = await db.$executeRaw`INSERT INTO "DigestSent" (email, day) VALUES (${address}, ${local.day}) ON CONFLICT DO NOTHING`;
    if (claimed === 0) continue;
    try {
      await sendMail(digestMail(address, userId, items));
      sent++;
    } catch (error) {
      await db.digestSent.delete({ where: { email_day: { email: address, day: local.day } } });
      throw error;
    }
  }
  return sent;
}

function digestMail(to: string, userId: string | null, items: Item[]) {
  const footer = userId ? unsubscribeParts(userId, "digest") : null;
  const lines = items.map((item) => `- ${item.name}: ${item.reasons.join(", ")}\n  ${portalLink(`/systems/${item.slug}`)}`);
  return {
    to,
    subject: `Runbooks to look at: ${items.length} system${items.length === 1 ? "" : "s"}`,
    text: `These runbooks you own need a look before the next incident does:\n\n${lines.join("\n")}\n${footer?.text ?? ""}`,
    html: `<p>These runbooks you own need a look before the next incident does:</p><ul>${items
      .map((item) => `<li><a href="${escapeHtml(portalLink(`/systems/${item.slug}`))}">${escapeHtml(item.name)}</a>: ${escapeHtml(item.reasons.join(", "))}</li>`)
      .join("")}</ul>${footer?.html ?? ""}`,
    headers: footer?.headers,
  };
}

/** An admin's "send today's digests now": a job, run by the next free portal process. */
export async function queueDigestsNow(actor: Actor) {
  assertRole(actor, "ADMIN");
  await db.$transaction((tx) => addJob(tx, "notify:digest", { force: true }));
}
