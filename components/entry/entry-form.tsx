"use client";

import { useActionState, useState, type FormEvent, type ReactNode } from "react";
import Link from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import { ConflictPanel } from "@/components/conflict-panel";
import { ChangeMetaFields } from "@/components/change-meta-fields";
import type { FormState } from "@/lib/forms";
import { MAX_FORM_TEXT_BYTES } from "@/lib/limits";
import type { FormLayout } from "./forms/layouts";
import { MoreFields } from "./more-fields";

export type FormValues = Record<string, unknown>;

export type EntryFormProps = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  initial: FormValues;
  /** The version being edited; absent when creating. */
  version?: number;
  cancelHref: string;
  /** "Why this change" filled in beforehand, and the run the change comes from ("Update this procedure" after a run) */
  meta?: { changeNote?: string; incidentRef?: string; runId?: string };
};

export type FieldsProps = { values: FormValues; errors: Record<string, string[]> };


/**
 * What every entry form shares: the answer of the last save (errors, conflict), the
 * user's input kept, "Why this change", Save and Cancel. The fields are the caller's,
 * followed by any field of the type the caller does not lay out itself.
 */
export function EntryForm({ action, initial, version, cancelHref, meta, layout, children }: EntryFormProps & { layout: FormLayout; children: (props: FieldsProps) => ReactNode }) {
  const [state, formAction, pending] = useActionState(action, {} as FormState);
  const [tooLarge, setTooLarge] = useState<string | null>(null);
  const values = { ...initial, ...state.values };
  const errors = state.fieldErrors ?? {};
  // After a conflict the next save goes against the version now current: the user has seen what changed.
  const expectedVersion = state.conflict?.currentVersion ?? version;
  // The server refuses bodies over its limit before any of this form's code could answer; say so here instead, and send nothing.
  function checkSize(event: FormEvent<HTMLFormElement>) {
    const bytes = textBytes(new FormData(event.currentTarget));
    if (bytes <= MAX_FORM_TEXT_BYTES) return setTooLarge(null);
    event.preventDefault();
    setTooLarge(
      `This form holds ${megabytes(bytes)} of text; one save takes at most ${megabytes(MAX_FORM_TEXT_BYTES)}. Nothing was sent and your text is still here: shorten the longest fields (each holds at most 20,000 characters) and save again.`,
    );
  }
  return (
    <form action={formAction} onSubmit={checkSize} noValidate className="space-y-6">
      {tooLarge ? <FormMessage state={{ message: tooLarge }} /> : <FormMessage state={state} />}
      {state.conflict ? <ConflictPanel conflict={state.conflict} /> : null}
      {children({ values, errors })}
      <MoreFields desc={layout.desc} laidOut={layout.laidOut} values={values} errors={errors} />
      {meta?.runId ? <input type="hidden" name="runId" value={meta.runId} /> : null}
      <ChangeMetaFields expectedVersion={expectedVersion} values={state.values ?? meta} errors={errors} requireNote={version !== undefined} />
      <div className="flex gap-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save"}
        </Button>
        <Link href={cancelHref} className="self-center">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function textBytes(data: FormData): number {
  const encoder = new TextEncoder();
  let bytes = 0;
  for (const [name, value] of data.entries()) bytes += encoder.encode(name).length + (typeof value === "string" ? encoder.encode(value).length : value.size);
  return bytes;
}

function megabytes(bytes: number) {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A form value as the text an input shows. */
export function text(values: FormValues, key: string): string {
  const value = values[key];
  return value === null || value === undefined ? "" : String(value);
}

export function list<T>(values: FormValues, key: string): T[] {
  const value = values[key];
  return Array.isArray(value) ? (value as T[]) : [];
}
