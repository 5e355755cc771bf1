"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";
import { createUser, updateUserAccess } from "@/lib/data/users";
import { signOutEverywhere } from "@/lib/auth/sessions";
import { ConflictError } from "@/lib/entries/errors";
import { ENTITY_ID, VERSION } from "@/lib/validation/common";
import { userSchema } from "@/lib/validation/user";
import type { FormState } from "@/lib/forms";
import { invalid, openForm, writeFailed } from "@/lib/form-actions";

export async function addUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const { actor, values } = form;
  const shown = { email: values.email, name: values.name, role: values.role };
  try {
    const parsed = userSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error, shown);
    await createUser(actor, parsed.data);
    revalidatePath("/admin/users");
    return { ok: true, message: `Added ${parsed.data.name}. Give them their password in person or over a secure channel.` };
  } catch (error) {
    return writeFailed(error, shown);
  }
}

const accessSchema = z.object({
  userId: ENTITY_ID,
  expectedVersion: VERSION,
  role: z.enum(Role, { error: "Pick a role" }).optional(),
  disabled: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

export async function updateAccessAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const parsed = accessSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, {});
  const { userId, expectedVersion, role, disabled } = parsed.data;
  if (role === undefined && disabled === undefined) return { message: "Pick a role, or enable or disable the account; nothing was changed." };
  try {
    await updateUserAccess(form.actor, userId, expectedVersion, { role, disabled });
    revalidatePath("/admin/users");
    return { ok: true, message: "Saved." };
  } catch (error) {
    if (error instanceof ConflictError) {
      return { message: `Someone else changed this account since this page was loaded (it is now version ${error.currentVersion}); nothing was saved. Reload and try again.` };
    }
    return writeFailed(error, {});
  }
}

const signOutSchema = z.object({ userId: ENTITY_ID });

/** Ends every session of a user at once: a lost laptop, a shared phone, an account that must stop now. */
export async function signOutEverywhereAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("ADMIN", formData);
  if (!form.ok) return form.state;
  const parsed = signOutSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, {});
  try {
    const ended = await signOutEverywhere(form.actor, parsed.data.userId);
    revalidatePath("/admin/users");
    return { ok: true, message: ended === 0 ? "No open sessions to end." : `Signed out of ${ended} session${ended === 1 ? "" : "s"}.` };
  } catch (error) {
    return writeFailed(error, {});
  }
}
