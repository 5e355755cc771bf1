"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/session";
import { changeMetaSchema, createMetaSchema } from "@/lib/validation/common";
import { systemSchema } from "@/lib/validation/system";
import { createSystem, deleteSystem, getSystemIdentity, markSystemReviewed, updateSystem } from "@/lib/data/systems";
import { formToObject, type FormState } from "@/lib/forms";
import { invalid, writeFailed } from "@/lib/actions";

export async function createSystemAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const values = formToObject(formData);
  let slug: string;
  try {
    const actor = await requireRole("EDITOR");
    const input = systemSchema.safeParse(values);
    const meta = createMetaSchema.safeParse(values);
    if (!input.success) return invalid(input.error, values);
    if (!meta.success) return invalid(meta.error, values);
    slug = (await createSystem(actor, input.data, meta.data)).slug as string;
  } catch (error) {
    return writeFailed(error, values);
  }
  revalidatePath("/systems");
  redirect(`/systems/${slug}`);
}

export async function updateSystemAction(systemId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = formToObject(formData);
  let slug: string;
  try {
    const actor = await requireRole("EDITOR");
    const input = systemSchema.safeParse(values);
    const meta = changeMetaSchema.safeParse(values);
    if (!input.success || !meta.success) {
      return invalid((input.error ?? meta.error)!, values);
    }
    slug = (await updateSystem(actor, systemId, input.data, meta.data)).slug as string;
  } catch (error) {
    return writeFailed(error, values, { type: "SYSTEM", id: systemId });
  }
  revalidatePath("/systems");
  revalidatePath(`/systems/${slug}`);
  redirect(`/systems/${slug}?saved=1`);
}

export async function deleteSystemAction(slug: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = formToObject(formData);
  try {
    const actor = await requireRole("EDITOR");
    const meta = changeMetaSchema.safeParse(values);
    if (!meta.success) return invalid(meta.error, values);
    const system = await getSystemIdentity(slug);
    if (!system) return { message: "This system no longer exists." };
    await deleteSystem(actor, system.id, meta.data);
  } catch (error) {
    return writeFailed(error, values);
  }
  revalidatePath("/systems");
  redirect(`/systems/${slug}`);
}

export async function markReviewedAction(slug: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = formToObject(formData);
  try {
    const actor = await requireRole("EDITOR");
    const system = await getSystemIdentity(slug);
    if (!system) return { message: "This system no longer exists." };
    const expected = Number(values.expectedVersion);
    await markSystemReviewed(actor, system.id, Number.isInteger(expected) ? expected : system.version, String(values.changeNote ?? "").slice(0, 500));
  } catch (error) {
    return writeFailed(error, values);
  }
  revalidatePath(`/systems/${slug}`);
  return { ok: true, message: "Marked as reviewed today." };
}
