"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/lib/forms";
import { FORGED_FORM, invalid, openForm, writeFailed } from "@/lib/form-actions";
import { applyDraft, discardDraft, DraftNotFoundError, StalePreviewError } from "@/lib/runbooks/drafts";
import { ImportConflictError, ImportWriteError } from "@/lib/runbooks/apply";
import { confirmImportSchema } from "@/lib/validation/runbook-files";

const draftId = z.string().regex(/^c[a-z0-9]{20,30}$/);

/** Confirms an import preview: applies it if the portal has not changed since it was shown. */
export async function confirmImportAction(id: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("EDITOR", formData);
  if (!form.ok) return form.state;
  const bound = draftId.safeParse(id);
  if (!bound.success) return FORGED_FORM;
  const parsed = confirmImportSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    await applyDraft(form.actor, bound.data, parsed.data.fingerprint, { incidentRef: parsed.data.incidentRef }, { includeSkipped: parsed.data.includeSkipped, severities: parsed.data.severities });
  } catch (error) {
    if (error instanceof StalePreviewError || error instanceof ImportConflictError) {
      revalidatePath(`/import/${bound.data}`);
      return { message: error instanceof StalePreviewError ? error.message : `${error.message} Nothing was imported.`, values: form.values };
    }
    if (error instanceof DraftNotFoundError) return { message: error.message, values: form.values };
    if (error instanceof ImportWriteError) return { message: `The portal refused this import, so nothing was written. ${error.message}`, values: form.values };
    return writeFailed(error, form.values);
  }
  revalidatePath("/", "layout");
  redirect(`/import/${bound.data}`);
}

/** Throws an upload away before it is imported. */
export async function discardImportAction(id: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("EDITOR", formData);
  if (!form.ok) return form.state;
  const bound = draftId.safeParse(id);
  if (!bound.success) return FORGED_FORM;
  try {
    await discardDraft(form.actor, bound.data);
  } catch (error) {
    return writeFailed(error, {});
  }
  redirect("/import");
}
