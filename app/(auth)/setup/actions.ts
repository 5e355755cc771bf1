"use server";

import { redirect } from "next/navigation";
import { createFirstAdmin } from "@/lib/data/users";
import { setupSchema } from "@/lib/validation/user";
import { FORGED_FORM, invalid, writeFailed } from "@/lib/form-actions";
import type { FormState } from "@/lib/forms";
import { markActionStarted } from "@/lib/http/request-context";

export async function setupAdmin(_previous: FormState, formData: FormData): Promise<FormState> {
  markActionStarted();
  if (!(formData instanceof FormData)) return FORGED_FORM;
  const values = { email: String(formData.get("email") ?? ""), name: String(formData.get("name") ?? "") };
  const parsed = setupSchema.safeParse({ ...values, password: formData.get("password") });
  if (!parsed.success) return invalid(parsed.error, values);
  if (parsed.data.password !== formData.get("confirmPassword")) {
    return { fieldErrors: { confirmPassword: ["The two passwords differ"] }, values };
  }
  try {
    await createFirstAdmin(parsed.data);
  } catch (error) {
    return writeFailed(error, values);
  }
  redirect("/login?setup=done");
}
