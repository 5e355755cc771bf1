"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/lib/forms";
import { FORGED_FORM, invalid, openForm, writeFailed } from "@/lib/form-actions";
import { applyDraft, discardDraft, draftEntries, DraftNotFoundError, loadDraft, StalePreviewError } from "@/lib/runbooks/drafts";
import { queueImport, runsAsJob } from "@/lib/tasks/long-tasks";
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
  const meta = { incidentRef: parsed.data.incidentRef };
  const options = { includeSkipped: parsed.data.includeSkipped, severities: parsed.data.severities };
  let task: string | null = null;
  try {
    const draft = await loadDraft(form.actor, bound.data);
    if (!draft) throw new DraftNotFoundError();
    // A large import runs as a job, followed on its own page; a small one right here.
    if (!draft.appliedAt && runsAsJob(await draftEntries(draft, options))) {
      task = await queueImport(form.actor, { draftId: bound.data, fingerprint: parsed.data.fingerprint, meta, options });
    } else {
      await applyDraft(form.actor, bound.data, parsed.data.fingerprint, meta, options);
    }
  } catch (error) {
    if (error instanceof StalePreviewError || error instanceof ImportConflictError) {
      revalidatePath(`/import/${bound.data}`);
      return { message: error instanceof StalePreviewError ? error.message : `${error.message} Nothing was imported.`, values: form.values };
    }
    if (error instanceof DraftNotFoundError) return { message: error.message, values: form.values };
    if (error instanceof ImportWriteError) return { message: `The portal refused this import, so nothing was written. ${error.message}`, values: form.values };
    return writeFailed(error, form.values);
  }
  if (task) redirect(`/tasks/${task}`);
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
