import { db } from "@/lib/db";
import { describe } from "@/lib/entries";
import { portalSettings } from "@/lib/portal-settings";
import { escapeHtml, portalLink, sendMail } from "./mail";
import { unsubscribeParts } from "./preferences";
import { queueToDestinations } from "./destinations";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { EntityType } from "@/lib/generated/prisma/enums";

// "A change waits for your approval": to everyone who may decide it, never its author.
// With approvals by the team (/admin/settings) and a system its team owns, that is the
// team's members and the admins; otherwise every editor and admin.

export async function approversOf(request: { systemId: string; authorId: string | null }) {
  const people = {
    deletedAt: null,
    disabled: false,
    role: { in: ["EDITOR" as const, "ADMIN" as const] },
    email: { not: "" },
    NOT: { mailOff: { has: "change-requested" } },
    ...(request.authorId ? { id: { not: request.authorId } } : {}),
  };
  const settings = await portalSettings();
  if (settings.teamApprovals) {
    const system = await db.system.findUnique({ where: { id: request.systemId }, select: { owner: { select: { id: true, kind: true } }, backupOwner: { select: { id: true, kind: true } } } });
    const teams = [system?.owner, system?.backupOwner].filter((c) => c?.kind === "TEAM").map((c) => c!.id);
    if (teams.length) return db.user.findMany({ where: { ...people, OR: [{ role: "ADMIN" }, { teams: { some: { contactId: { in: teams } } } }] }, select: { id: true, name: true, email: true } });
  }
  return db.user.findMany({ where: people, select: { id: true, name: true, email: true } });
}

/** "system of Ledger", "procedure of Ledger": what a change request changes, in words. */
function changed(entityType: EntityType, systemName: string | undefined) {
  return `${describe(entityType).label.toLowerCase()} of ${systemName ?? "a system"}`;
}

/** "Approval wanted" for the team's channels, queued in the transaction that opened the request (lib/approvals/policy.ts). */
export async function queueChangeRequestedPosts(tx: Prisma.TransactionClient, request: { id: string; systemId: string; entityType: EntityType; kind: string; authorName: string; changeNote: string }) {
  const system = await tx.system.findUnique({ where: { id: request.systemId }, select: { name: true } });
  const what = changed(request.entityType, system?.name);
  await queueToDestinations(tx, "change-requested", request.systemId, {
    type: "change_request.opened",
    title: `Approval wanted: ${request.authorName}'s change to a ${what}`,
    lines: [request.changeNote],
    link: { label: "Review the change", url: portalLink(`/approvals/${request.id}`) },
    data: { changeRequestId: request.id, kind: request.kind, entityType: request.entityType, author: request.authorName, system: system?.name ?? null },
  });
}

export async function mailChangeRequested(changeRequestId: string) {
  const request = await db.changeRequest.findUnique({
    where: { id: changeRequestId },
    select: { id: true, status: true, kind: true, entityType: true, changeNote: true, authorId: true, authorName: true, systemId: true },
  });
  // Decided or withdrawn before the mail went out: nothing to ask anyone.
  if (!request || request.status !== "PENDING") return 0;
  const system = await db.system.findUnique({ where: { id: request.systemId }, select: { name: true } });
  const link = portalLink(`/approvals/${request.id}`);
  const what = changed(request.entityType, system?.name);
  const subject = `Approval wanted: ${request.authorName}'s change to a ${what}`;
  let sent = 0;
  for (const person of await approversOf(request)) {
    const footer = unsubscribeParts(person.id, "change-requested");
    const text = `${request.authorName} proposed a change (${request.kind.toLowerCase()}) to a ${what}:\n\n  ${request.changeNote}\n\nIt waits for a second person. Review it, then approve or reject it:\n${link}\n${footer.text}`;
    const html = `<p>${escapeHtml(request.authorName)} proposed a change (${request.kind.toLowerCase()}) to a ${escapeHtml(what)}:</p><blockquote>${escapeHtml(request.changeNote)}</blockquote><p>It waits for a second person. <a href="${escapeHtml(link)}">Review it, then approve or reject it</a>.</p>${footer.html}`;
    if (await sendMail({ to: person.email, subject, text, html, headers: footer.headers })) sent++;
  }
  return sent;
}

/** "Your change was approved / rejected": to its author, with the reviewer's words. */
export async function mailChangeDecided(changeRequestId: string) {
  const request = await db.changeRequest.findUnique({
    where: { id: changeRequestId },
    select: { id: true, status: true, entityType: true, changeNote: true, authorId: true, reviewerName: true, reviewComment: true, systemId: true },
  });
  if (!request?.authorId || (request.status !== "APPROVED" && request.status !== "REJECTED")) return 0;
  const author = await db.user.findFirst({ where: { id: request.authorId, deletedAt: null, disabled: false, NOT: { mailOff: { has: "change-decided" } } }, select: { email: true } });
  if (!author?.email) return 0;
  const system = await db.system.findUnique({ where: { id: request.systemId }, select: { name: true } });
  const verdict = request.status === "APPROVED" ? "approved" : "rejected";
  const what = changed(request.entityType, system?.name);
  const link = portalLink(`/approvals/${request.id}`);
  const footer = unsubscribeParts(request.authorId, "change-decided");
  const said = request.reviewComment ? `\n\n${request.reviewerName} said: ${request.reviewComment}` : "";
  const sent = await sendMail({
    to: author.email,
    subject: `Your change to a ${what} was ${verdict}`,
    text: `${request.reviewerName ?? "Someone"} ${verdict} your change to a ${what}:\n\n  ${request.changeNote}${said}\n\n${link}\n${footer.text}`,
    headers: footer.headers,
    html: `<p>${escapeHtml(request.reviewerName ?? "Someone")} ${verdict} your change to a ${escapeHtml(what)}:</p><blockquote>${escapeHtml(request.changeNote)}</blockquote>${
      request.reviewComment ? `<p>${escapeHtml(request.reviewerName ?? "")} said: ${escapeHtml(request.reviewComment)}</p>` : ""
    }<p><a href="${escapeHtml(link)}">The change</a></p>${footer.html}`,
  });
  return sent ? 1 : 0;
}
