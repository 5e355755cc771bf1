"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { ENTITY_ID } from "@/lib/validation/common";
import { finishRunSchema, markStepSchema, runNotesSchema, startRunFormSchema } from "@/lib/validation/runs";
import type { FormState } from "@/lib/forms";
import { FORGED_FORM, invalid, openForm, writeFailed } from "@/lib/form-actions";
import { finishRun, getRun, markStep, RunChangedError, saveRunNotes, startRun, type RunStepRow } from "./runs";

// The run page's actions. Anyone signed in may start and follow a run (on-call engineers
// are often viewers): each action's first call, openForm("VIEWER", …) (lib/form-actions.ts),
// checks the role with requireRole before the body is read, and lib/runs/runs.ts asserts
// it again for every other caller.

/** What the run page gets back from a mark or a note: the stored state, and on a clash the current one. */
export type RunActionResult = FormState & { step?: RunStepRow; steps?: RunStepRow[]; notes?: string };

/** Starts a drill or an incident run of a procedure, then opens it. */
export async function startRunAction(procedureId: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const bound = ENTITY_ID.safeParse(procedureId);
  if (!bound.success) return { ...FORGED_FORM, values: form.values };
  const parsed = startRunFormSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  let id: string;
  try {
    id = await startRun(form.actor, bound.data, parsed.data);
  } catch (error) {
    return writeFailed(error, form.values);
  }
  redirect(`/runs/${id}`);
}

/** The run's steps as stored now, for a page that fell behind. */
async function currentSteps(runId: string) {
  return (await getRun(runId))?.steps;
}

/** Marks one step done, failed or skipped. */
export async function markStepAction(formData: FormData): Promise<RunActionResult> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const parsed = markStepSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    const step = await markStep(form.actor, parsed.data);
    return { ok: true, step };
  } catch (error) {
    if (error instanceof RunChangedError) return { message: error.message, values: form.values, steps: await currentSteps(parsed.data.runId) };
    return { ...(await writeFailed(error, form.values)), steps: await currentSteps(parsed.data.runId).catch(() => undefined) };
  }
}

/** Saves the run's shared notes. */
export async function saveRunNotesAction(formData: FormData): Promise<RunActionResult> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const parsed = runNotesSchema.safeParse({ notes: "", base: "", ...form.values });
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    const notes = await saveRunNotes(form.actor, parsed.data.runId, parsed.data.notes, parsed.data.base);
    return { ok: true, notes };
  } catch (error) {
    if (error instanceof RunChangedError) return { message: error.message, values: form.values, notes: (await getRun(parsed.data.runId))?.notes };
    return writeFailed(error, form.values);
  }
}

/** Ends the run as resolved, partly resolved or abandoned. */
export async function finishRunAction(_previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("VIEWER", formData);
  if (!form.ok) return form.state;
  const parsed = finishRunSchema.safeParse(form.values);
  if (!parsed.success) return invalid(parsed.error, form.values);
  try {
    await finishRun(form.actor, parsed.data.runId, parsed.data.status, parsed.data.summary);
  } catch (error) {
    return writeFailed(error, form.values);
  }
  revalidatePath(`/runs/${parsed.data.runId}`);
  redirect(`/runs/${parsed.data.runId}?ended=1`);
}
