"use client";

import { useActionState, type ReactNode } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import { ConflictPanel } from "@/components/conflict-panel";
import { ChangeMetaFields } from "@/components/change-meta-fields";
import type { FormState } from "@/lib/forms";

export type FormValues = Record<string, unknown>;

export type EntryFormProps = {
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  initial: FormValues;
  /** The version being edited; absent when creating. */
  version?: number;
  cancelHref: string;
};

export type FieldsProps = { values: FormValues; errors: Record<string, string[]> };

/**
 * What every entry form shares: the answer of the last save (errors, conflict), the
 * user's input kept, "Why this change", Save and Cancel. The fields are the caller's.
 */
export function EntryForm({ action, initial, version, cancelHref, children }: EntryFormProps & { children: (props: FieldsProps) => ReactNode }) {
  const [state, formAction, pending] = useActionState(action, {} as FormState);
  const values = { ...initial, ...state.values };
  const errors = state.fieldErrors ?? {};
  // After a conflict the next save goes against the version now current: the user has seen what changed.
  const expectedVersion = state.conflict?.currentVersion ?? version;
  return (
    <form action={formAction} noValidate className="space-y-6">
      <FormMessage state={state} />
      {state.conflict ? <ConflictPanel conflict={state.conflict} /> : null}
      {children({ values, errors })}
      <ChangeMetaFields expectedVersion={expectedVersion} values={state.values} errors={errors} requireNote={version !== undefined} />
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

/** A form value as the text an input shows. */
export function text(values: FormValues, key: string): string {
  const value = values[key];
  return value === null || value === undefined ? "" : String(value);
}

export function list<T>(values: FormValues, key: string): T[] {
  const value = values[key];
  return Array.isArray(value) ? (value as T[]) : [];
}
