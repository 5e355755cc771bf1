"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { setPortalSetting, settingKey, PORTAL_SETTINGS } from "@/lib/portal-settings";
import type { FormState } from "@/lib/forms";
import { queueDigestsNow } from "@/lib/notify/digest";
import { invalid, openForm, writeFailed } from "@/lib/form-actions";

const settingSchema = z.object({ key: settingKey, value: z.enum(["on", "off"], { error: "Pick on or off" }) });

/** An admin turns one setting on or off: the role is checked before the body is read (openForm). */
export async function settingAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const parsed = settingSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    await setPortalSetting(form.actor, parsed.data.key, parsed.data.value === "on");
    revalidatePath("/admin/settings");
    return { ok: true, message: `${PORTAL_SETTINGS[parsed.data.key].label} is ${parsed.data.value} now.` };
  } catch (error) {
    return writeFailed(error, form.values);
  }
}

/** An admin sends today's digests now, whatever the hour: a job, run by the next free portal process. */
export async function sendDigestsNowAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  try {
    await queueDigestsNow(form.actor);
    return { ok: true, message: "The digests not sent yet today go out within a few seconds." };
  } catch (error) {
    return writeFailed(error, {});
  }
}
