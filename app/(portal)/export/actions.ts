"use server";

import { redirect } from "next/navigation";
import { z } from "zod";
import type { FormState } from "@/lib/forms";
import { FORGED_FORM, invalid, openForm, writeFailed } from "@/lib/form-actions";
import { queueExport } from "@/lib/tasks/long-tasks";

const kindSchema = z.enum(["BUNDLE", "EXPORT"]);
const exportFormSchema = z.object({ deleted: z.enum(["1"]).optional() });

/** Starts the offline bundle or the whole-portal zip as a job, and opens its page. */
export async function prepareExportAction(kind: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const bound = kindSchema.safeParse(kind);
  if (!bound.success) return FORGED_FORM;
  const parsed = exportFormSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  let id: string;
  try {
    id = await queueExport(form.actor, bound.data, { includeDeleted: bound.data === "EXPORT" && parsed.data.deleted === "1" });
  } catch (error) {
    return writeFailed(error, form.values);
  }
  redirect(`/tasks/${id}`);
}
