"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import { deleteSystemAction, markReviewedAction } from "../actions";

export type SystemControlsProps = { slug: string; version: number };

export function MarkReviewedForm({ slug, version }: SystemControlsProps) {
  const [state, action, pending] = useActionState(markReviewedAction.bind(null, slug), {} as FormState);
  return (
    <form action={action} className="inline-flex items-center gap-2">
      <input type="hidden" name="expectedVersion" value={version} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : "Mark reviewed"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}

export function DeleteSystemForm({ slug, version }: SystemControlsProps) {
  const [state, action, pending] = useActionState(deleteSystemAction.bind(null, slug), {} as FormState);
  return (
    <details className="rounded-lg border border-red-300 bg-white p-3" open={!!state.message}>
      <summary className="cursor-pointer font-semibold text-red-800">Delete this system</summary>
      <form action={action} className="mt-3 space-y-3">
        <p className="text-sm text-slate-700">The system and its runbook are hidden, not destroyed: history keeps every version and it can be restored.</p>
        <FormMessage state={state} />
        <input type="hidden" name="expectedVersion" value={version} />
        <TextField name="changeNote" label="Change note" required defaultValue={String(state.values?.changeNote ?? "")} errors={state.fieldErrors?.changeNote} hint="Why it goes, e.g. “decommissioned”." />
        <TextField name="incidentRef" label="Incident" defaultValue={String(state.values?.incidentRef ?? "")} />
        <Button type="submit" variant="danger" disabled={pending}>
          {pending ? "Deleting…" : "Delete system"}
        </Button>
      </form>
    </details>
  );
}
