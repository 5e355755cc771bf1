import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { escapeHtml, portalLink } from "./mail";

// Which mail a person gets: each kind can be turned off at /settings/notifications, or
// by the one-click unsubscribe every mail carries (RFC 8058: a POST, since mail scanners
// follow GET links). The unsubscribe address names the person and the kind, signed with
// the portal's secret, so it works without signing in and for nobody else.

export const MAIL_KINDS = {
  "change-requested": "Changes waiting for your approval",
  "change-decided": "Your changes approved or rejected",
  digest: "In the daily digest: the runbooks you own that need a review or a drill",
  watched: "In the daily digest: changes to the systems you watch, with their change notes",
} as const;

export type MailKind = keyof typeof MAIL_KINDS;

export const mailKind = z.enum(Object.keys(MAIL_KINDS) as [MailKind, ...MailKind[]]);

function secret(): string {
  const key = process.env.NEXTAUTH_SECRET;
  if (!key) throw new Error("NEXTAUTH_SECRET is not set");
  return key;
}

function signature(userId: string, kind: string): string {
  return createHmac("sha256", secret()).update(`unsubscribe:${userId}:${kind}`).digest("base64url");
}

/** Whether `sig` is the portal's signature of this person and kind. */
export function validUnsubscribe(userId: string, kind: string, sig: string): boolean {
  const expected = Buffer.from(signature(userId, kind));
  const given = Buffer.from(sig);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The one-click unsubscribe address of one kind of mail, for one person. */
export function unsubscribeLink(userId: string, kind: MailKind): string {
  const query = new URLSearchParams({ u: userId, k: kind, s: signature(userId, kind) });
  return portalLink(`/unsubscribe?${query}`);
}

/** The headers and footer every mail of `kind` to this person carries. */
export function unsubscribeParts(userId: string, kind: MailKind) {
  const link = unsubscribeLink(userId, kind);
  const settings = portalLink("/settings/notifications");
  return {
    headers: { "List-Unsubscribe": `<${link}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    text: `\n--\nYou get this because of your role in the portal. Stop mails like this: ${link}\nAll your mail settings: ${settings}\n`,
    html: `<hr><p style="font-size:12px;color:#555">You get this because of your role in the portal. <a href="${escapeHtml(link)}">Stop mails like this</a> · <a href="${escapeHtml(settings)}">All your mail settings</a></p>`,
  };
}
