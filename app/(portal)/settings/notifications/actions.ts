"use server";

import { revalidatePath } from "next/cache";
import { db } from "@/lib/db";
import { MAIL_KINDS, type MailKind } from "@/lib/notify/preferences";
import type { FormState } from "@/lib/forms";
import { openForm, writeFailed } from "@/lib/form-actions";

/** Saves which kinds of mail the signed-in person gets: the boxes ticked are on, the others off. */
export async function saveMailSettingsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const on = new Set(Object.keys(form.values).filter((key) => key in MAIL_KINDS));
  const off = (Object.keys(MAIL_KINDS) as MailKind[]).filter((kind) => !on.has(kind));
  try {
    await db.user.update({ where: { id: form.actor.id }, data: { mailOff: off } });
    revalidatePath("/settings/notifications");
    return { ok: true, message: "Saved." };
  } catch (error) {
    return writeFailed(error, form.values);
  }
}
