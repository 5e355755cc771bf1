"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";

export type DeleteEntryFormProps = {
  /** deleteEntryAction bound to the entry on the server (a server action bound during a client render never finishes a no-JavaScript post) */
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  version: number;
  label: string;
  consequence: string;
};

/** "Delete this …", behind a disclosure, with the change note every write carries. */
export function DeleteEntryForm({ action: deleteAction, version, label, consequence }: DeleteEntryFormProps) {
  const [state, action, pending] = useActionState(deleteAction, {} as FormState);
  const what = label.toLowerCase();
  return (
    <details className="no-print rounded-lg border border-red-300 bg-white p-3" open={!!state.message}>
      <summary className="cursor-pointer font-semibold text-red-800">Delete this {what}</summary>
      <form action={action} className="mt-3 space-y-3">
        <p className="text-sm text-slate-700">{consequence} History keeps every version and it can be restored.</p>
        <FormMessage state={state} />
        <input type="hidden" name="expectedVersion" value={version} />
        <TextField name="changeNote" label="Change note" required defaultValue={String(state.values?.changeNote ?? "")} errors={state.fieldErrors?.changeNote} hint="Why it goes, e.g. “decommissioned”." />
        <TextField name="incidentRef" label="Incident" defaultValue={String(state.values?.incidentRef ?? "")} />
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Deleting…" : `Delete ${what}`}
        </Button>
      </form>
    </details>
  );
}
