import "server-only";
import { z } from "zod";
import { db } from "@/lib/db";
import type { UserActor } from "@/lib/auth/roles";
import { MAIL_KINDS, type MailKind } from "./preferences";
import { digestSettings } from "./schedule";

// A person's own mail settings (/settings/notifications): which kinds they get, and the
// hour of their daily digest (in the portal's time zone; blank: the portal's hour).

export async function mailSettingsOf(user: UserActor) {
  const { mailOff, email, digestHour } = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { mailOff: true, email: true, digestHour: true } });
  const portal = digestSettings();
  return {
    email,
    digestHour,
    portal,
    kinds: (Object.keys(MAIL_KINDS) as MailKind[]).map((kind) => ({ kind, label: MAIL_KINDS[kind], on: !mailOff.includes(kind) })),
  };
}

export const mailSettingsSchema = z.object({
  digestHour: z
    .string()
    .trim()
    .default("")
    .transform((value, context) => {
      if (value === "") return null;
      const hour = Number(value);
      if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
        context.addIssue({ code: "custom", message: "Pick an hour from the list" });
        return z.NEVER;
      }
      return hour;
    }),
});

/** Keeps the kinds in `on`, turns every other kind off, and sets the digest hour. */
export async function saveMailSettings(user: UserActor, on: ReadonlySet<string>, digestHour: number | null) {
  const off = (Object.keys(MAIL_KINDS) as MailKind[]).filter((kind) => !on.has(kind));
  await db.user.update({ where: { id: user.id }, data: { mailOff: off, digestHour } });
}
