"use server";

import { revalidatePath } from "next/cache";
import { requireRole } from "@/lib/session";
import { getSystemIdentity, markSystemReviewed } from "@/lib/data/systems";
import { formToObject, type FormState } from "@/lib/forms";
import { writeFailed } from "@/lib/actions";

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
