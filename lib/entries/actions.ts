"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireRole } from "@/lib/session";
import { changeMetaSchema, createMetaSchema, ENTITY_ID, fieldErrorsOf } from "@/lib/validation/common";
import { deleteEntry, saveEntry } from "@/lib/entries/save";
import { entityPath } from "@/lib/history/paths";
import { numbersFromForm, type FormState } from "@/lib/forms";
import { FORGED_FORM, invalid, openForm, writeFailed } from "@/lib/form-actions";
import { markActionStarted } from "@/lib/http/request-context";
import { ENTITIES, ENTRY_TYPE_LIST, type EntryType, segmentOf } from "@/lib/entries";
import { contactSchema } from "@/lib/entries/contact";
import { runOfProcedure } from "@/lib/runs/runs";

// The save and delete actions of every entry type. Bound arguments come back from the
// browser as JSON anyone can edit, so each is validated again here; the role check is
// the first thing done, before the body is read.

const entryType = z.enum(ENTRY_TYPE_LIST as [EntryType, ...EntryType[]]);
const saveTarget = z.object({ type: entryType, id: ENTITY_ID.nullable(), systemId: ENTITY_ID.nullable() });
const deleteTarget = z.object({ type: entryType, id: ENTITY_ID });

function refreshAfterWrite(type: EntryType, path: string) {
  revalidatePath(`/${segmentOf(type)}`);
  revalidatePath(path);
  revalidatePath("/systems/[slug]", "page");
}

/** Creates (`id` null) or updates an entry from its form. */
export async function saveEntryAction(
  type: EntryType,
  id: string | null,
  systemId: string | null,
  _previous: FormState,
  formData: FormData,
): Promise<FormState> {
  const form = await openForm("EDITOR", formData);
  if (!form.ok) return form.state;
  const { actor, values } = form;
  const target = saveTarget.safeParse({ type, id, systemId });
  if (!target.success) return { ...FORGED_FORM, values };
  const bound = target.data;
  let path: string;
  try {
    const input = ENTITIES[bound.type].schema.safeParse(numbersFromForm(values, ENTITIES[bound.type].fields));
    const meta = (bound.id ? changeMetaSchema : createMetaSchema).safeParse(values);
    if (!input.success) return invalid(input.error, values);
    if (!meta.success) return invalid(meta.error, values);
    // A procedure updated from a run ("Update this procedure") links its revision to the run.
    let runId: string | null = null;
    if (bound.id && values.runId !== undefined) {
      const named = ENTITY_ID.safeParse(values.runId);
      runId = ENTITIES[bound.type].runnable && named.success ? await runOfProcedure(named.data, bound.id) : null;
      if (!runId) return { ...FORGED_FORM, values };
    }
    // On update the parent is the stored row's (lib/entries/save.ts); the bound system id only places a new entry.
    const row = bound.id
      ? await saveEntry(actor, bound.type, { id: bound.id }, input.data, { ...meta.data, runId })
      : await saveEntry(actor, bound.type, { systemId: bound.systemId }, input.data, meta.data);
    // A gated entry (lib/approvals) is unchanged: its change waits as a request.
    path = row.changeRequestId ? `/approvals/${row.changeRequestId}` : await entityPath(bound.type, row.id);
  } catch (error) {
    return writeFailed(error, values, bound.id ? { type: bound.type, id: bound.id } : undefined);
  }
  refreshAfterWrite(bound.type, path);
  redirect(`${path}?${path.startsWith("/approvals/") ? "opened" : "saved"}=1`);
}

/** Soft delete: the entry is hidden and kept, with its history. */
export async function deleteEntryAction(type: EntryType, id: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const form = await openForm("EDITOR", formData);
  if (!form.ok) return form.state;
  const { actor, values } = form;
  const target = deleteTarget.safeParse({ type, id });
  if (!target.success) return { ...FORGED_FORM, values };
  const bound = target.data;
  let path: string;
  try {
    const meta = changeMetaSchema.safeParse(values);
    if (!meta.success) return invalid(meta.error, values);
    const row = await deleteEntry(actor, bound.type, bound.id, meta.data);
    path = row.changeRequestId ? `/approvals/${row.changeRequestId}?opened=1` : await entityPath(bound.type, bound.id);
  } catch (error) {
    return writeFailed(error, values, { type: bound.type, id: bound.id });
  }
  refreshAfterWrite(bound.type, path);
  redirect(path);
}

export type InlineContactResult =
  | { ok: true; contact: { id: string; name: string; role: string } }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** Adds a contact from inside another form (an escalation level's contact picker). */
export async function createContactInline(values: Record<string, unknown>): Promise<InlineContactResult> {
  markActionStarted();
  try {
    const actor = await requireRole("EDITOR");
    const input = contactSchema.safeParse(values && typeof values === "object" && !Array.isArray(values) ? { ...values } : {});
    if (!input.success) return { ok: false, message: "Check the new contact's fields.", fieldErrors: fieldErrorsOf(input.error) };
    const row = await saveEntry(actor, "CONTACT", {}, input.data, { changeNote: "Created while editing an escalation level", incidentRef: null });
    revalidatePath("/contacts");
    return { ok: true, contact: { id: row.id, name: input.data.name, role: input.data.role } };
  } catch (error) {
    const state = await writeFailed(error, values);
    return { ok: false, message: state.message ?? "The contact was not saved." };
  }
}
