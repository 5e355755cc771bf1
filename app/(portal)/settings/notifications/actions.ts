"use server";

import { revalidatePath } from "next/cache";
import { saveMailSettings } from "@/lib/notify/mail-settings";
import type { FormState } from "@/lib/forms";
import { openForm, writeFailed } from "@/lib/form-actions";

/** Saves which kinds of mail the signed-in person gets: the boxes ticked are on, the others off. The role (any signed-in person) is checked first, in openForm. */
export async function saveMailSettingsAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  try {
    await saveMailSettings(form.actor, new Set(Object.keys(form.values)));
    revalidatePath("/settings/notifications");
    return { ok: true, message: "Saved." };
  } catch (error) {
    return writeFailed(error, form.values);
  }
}
