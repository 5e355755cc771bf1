"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { requireRole } from "@/lib/session";
import { changeMetaSchema, createMetaSchema, fieldErrorsOf } from "@/lib/validation/common";
import { ENTRY_SCHEMAS } from "@/lib/validation/entries";
import { deleteEntry, saveEntry } from "@/lib/data/entries";
import { entityPath } from "@/lib/history/paths";
import { formToObject, type FormState } from "@/lib/forms";
import { invalid, writeFailed } from "@/lib/actions";
import { ENTRY_TYPES, isEntryType, type EntryType } from "./types";

// The save and delete actions of every entry type. Bound arguments come back from the
// browser, so each is checked again here; the role check is the first thing done.

function refreshAfterWrite(type: EntryType, path: string) {
  revalidatePath(`/${ENTRY_TYPES[type].segment}`);
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
  const values = formToObject(formData);
  let path: string;
  try {
    const actor = await requireRole("EDITOR");
    if (!isEntryType(type)) return { message: "Unknown kind of entry; nothing was saved.", values };
    const input = ENTRY_SCHEMAS[type].safeParse(values);
    const meta = (id ? changeMetaSchema : createMetaSchema).safeParse(values);
    if (!input.success) return invalid(input.error, values);
    if (!meta.success) return invalid(meta.error, values);
    const row = await saveEntry(actor, type, { id: id ?? undefined, systemId }, input.data, meta.data);
    path = await entityPath(type, row.id);
  } catch (error) {
    return writeFailed(error, values, id && isEntryType(type) ? { type, id } : undefined);
  }
  refreshAfterWrite(type, path);
  redirect(`${path}?saved=1`);
}

/** Soft delete: the entry is hidden and kept, with its history. */
export async function deleteEntryAction(type: EntryType, id: string, _previous: FormState, formData: FormData): Promise<FormState> {
  const values = formToObject(formData);
  let path: string;
  try {
    const actor = await requireRole("EDITOR");
    if (!isEntryType(type)) return { message: "Unknown kind of entry; nothing was deleted.", values };
    const meta = changeMetaSchema.safeParse(values);
    if (!meta.success) return invalid(meta.error, values);
    await deleteEntry(actor, type, id, meta.data);
    path = await entityPath(type, id);
  } catch (error) {
    return writeFailed(error, values);
  }
  refreshAfterWrite(type, path);
  redirect(path);
}

export type InlineContactResult =
  | { ok: true; contact: { id: string; name: string; role: string } }
  | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** Adds a contact from inside another form (an escalation level's contact picker). */
export async function createContactInline(values: Record<string, unknown>): Promise<InlineContactResult> {
  try {
    const actor = await requireRole("EDITOR");
    const input = ENTRY_SCHEMAS.CONTACT.safeParse(values);
    if (!input.success) return { ok: false, message: "Check the new contact's fields.", fieldErrors: fieldErrorsOf(input.error) };
    const row = await saveEntry(actor, "CONTACT", {}, input.data, { changeNote: "Created while editing an escalation level", incidentRef: null });
    revalidatePath("/contacts");
    return { ok: true, contact: { id: row.id, name: input.data.name, role: input.data.role } };
  } catch (error) {
    const state = await writeFailed(error, values);
    return { ok: false, message: state.message ?? "The contact was not saved." };
  }
}
