import "server-only";
import { db } from "@/lib/db";
import type { UserActor } from "@/lib/auth/roles";
import { MAIL_KINDS, type MailKind } from "./preferences";

// A person's own mail settings (/settings/notifications): which kinds they get.

export async function mailSettingsOf(user: UserActor) {
  const { mailOff, email } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { mailOff: true, email: true } });
  return { email, kinds: (Object.keys(MAIL_KINDS) as MailKind[]).map((kind) => ({ kind, label: MAIL_KINDS[kind], on: !mailOff.includes(kind) })) };
}

/** Keeps the kinds in `on`, turns every other kind off. */
export async function saveMailSettings(user: UserActor, on: ReadonlySet<string>) {
  const off = (Object.keys(MAIL_KINDS) as MailKind[]).filter((kind) => !on.has(kind));
  await db.user.update({ where: { id: user.id }, data: { mailOff: off } });
}
