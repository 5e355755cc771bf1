import { escapeHtml, portalLink, sendMail } from "./mail";
import { unsubscribeParts, type MailKind } from "./preferences";

// One person's daily digest, as its job carries it (queued by the pass in digest.ts): the
// systems they own whose review or drills are due, and the changes to systems they watch.

export type DigestItem = {
  slug: string;
  name: string;
  /** why the owner should look: "review overdue by 3 days", "2 drills overdue" */
  reasons: string[];
  /** changes to a watched system: "Procedure “Fail over” updated by Ann: fixed the region" */
  changes: string[];
};

export type DigestMail = { to: string; userId: string | null; day: string; items: DigestItem[] };

export async function sendDigestMail({ to, userId, items }: DigestMail) {
  const owned = items.filter((item) => item.reasons.length);
  const watched = items.filter((item) => item.changes.length);
  const kind: MailKind = owned.length ? "digest" : "watched";
  const footer = userId ? unsubscribeParts(userId, kind) : null;
  const link = (item: DigestItem) => portalLink(`/systems/${item.slug}`);
  const subject = [
    owned.length ? `${owned.length} runbook${owned.length === 1 ? "" : "s"} to look at` : null,
    watched.length ? `changes to ${watched.length} system${watched.length === 1 ? "" : "s"} you watch` : null,
  ].filter(Boolean).join("; ");
  const text: string[] = [];
  const html: string[] = [];
  if (owned.length) {
    text.push("These runbooks you own need a look before the next incident does:", "", ...owned.map((item) => `- ${item.name}: ${item.reasons.join(", ")}\n  ${link(item)}`), "");
    html.push(
      "<p>These runbooks you own need a look before the next incident does:</p><ul>",
      ...owned.map((item) => `<li><a href="${escapeHtml(link(item))}">${escapeHtml(item.name)}</a>: ${escapeHtml(item.reasons.join(", "))}</li>`),
      "</ul>",
    );
  }
  if (watched.length) {
    text.push("Changed since yesterday in systems you watch:", "");
    html.push("<p>Changed since yesterday in systems you watch:</p>");
    for (const item of watched) {
      text.push(`${item.name} (${link(item)})`, ...item.changes.map((change) => `  - ${change}`), "");
      html.push(`<p><a href="${escapeHtml(link(item))}">${escapeHtml(item.name)}</a></p><ul>`, ...item.changes.map((change) => `<li>${escapeHtml(change)}</li>`), "</ul>");
    }
  }
  await sendMail({
    to,
    subject: subject.charAt(0).toUpperCase() + subject.slice(1),
    text: `${text.join("\n")}${footer?.text ?? ""}`,
    html: `${html.join("")}${footer?.html ?? ""}`,
    headers: footer?.headers,
  });
}
