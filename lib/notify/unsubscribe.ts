import { db } from "@/lib/db";
import { MAIL_KINDS, mailKind, validUnsubscribe, type MailKind } from "./preferences";

// The one-click unsubscribe of a mail (its List-Unsubscribe address, app/unsubscribe):
// a POST turns that kind of mail off for that person; a GET only asks to confirm.

export type Unsubscribe = { ok: true; kind: MailKind; label: string } | { ok: false };

/** The person and kind an unsubscribe address names, if its signature is the portal's. */
export function readUnsubscribe(url: URL): { userId: string; kind: MailKind } | null {
  const userId = url.searchParams.get("u") ?? "";
  const kind = mailKind.safeParse(url.searchParams.get("k"));
  const sig = url.searchParams.get("s") ?? "";
  if (!userId || userId.length > 40 || !kind.success || sig.length > 100 || !validUnsubscribe(userId, kind.data, sig)) return null;
  return { userId, kind: kind.data };
}

export async function unsubscribe(url: URL): Promise<Unsubscribe> {
  const target = readUnsubscribe(url);
  if (!target) return { ok: false };
  // array_append only when missing: a second click changes nothing.
  await db.$executeRaw`UPDATE "User" SET "mailOff" = array_append(coalesce("mailOff", '{}'), ${target.kind}) WHERE id = ${target.userId} AND NOT (${target.kind} = ANY(coalesce("mailOff", '{}')))`;
  return { ok: true, kind: target.kind, label: MAIL_KINDS[target.kind] };
}
