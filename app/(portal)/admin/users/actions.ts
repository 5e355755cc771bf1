"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";
import { requireRole } from "@/lib/session";
import { createUser, updateUserAccess } from "@/lib/data/users";
import { userSchema } from "@/lib/validation/user";
import { formToObject, type FormState } from "@/lib/forms";
import { invalid, writeFailed } from "@/lib/actions";

export async function addUserAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formToObject(formData);
  const shown = { email: values.email, name: values.name, role: values.role };
  try {
    const actor = await requireRole("ADMIN");
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
  userId: z.string().min(1).max(40),
  expectedVersion: z.coerce.number().int().min(1),
  role: z.enum(Role).optional(),
  disabled: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

export async function updateAccessAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formToObject(formData);
  try {
    const actor = await requireRole("ADMIN");
    const parsed = accessSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error, values);
    const { userId, expectedVersion, role, disabled } = parsed.data;
    await updateUserAccess(actor, userId, expectedVersion, { role, disabled });
    revalidatePath("/admin/users");
    return { ok: true, message: "Saved." };
  } catch (error) {
    return writeFailed(error, values, { type: "USER", id: String(values.userId ?? "") });
  }
}
