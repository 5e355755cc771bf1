"use server";

import { revalidatePath } from "next/cache";
import { mailSettingsSchema, saveMailSettings } from "@/lib/notify/mail-settings";
import { MAIL_KINDS } from "@/lib/notify/preferences";
import type { FormState } from "@/lib/forms";
import { invalid, openForm, writeFailed } from "@/lib/form-actions";

/** Saves which kinds of mail the signed-in person gets (the boxes ticked are on), and their digest hour. The role (any signed-in person) is checked first, in openForm. */
export async function saveMailSettingsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const parsed = mailSettingsSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    const ticked = Array.isArray(form.values.kinds) ? form.values.kinds : [];
    const on = new Set(ticked.filter((kind): kind is string => typeof kind === "string" && kind in MAIL_KINDS));
    await saveMailSettings(form.actor, on, parsed.data.digestHour);
    revalidatePath("/settings/notifications");
    return { ok: true, message: "Saved." };
  } catch (error) {
    return writeFailed(error, form.values);
  }
}
