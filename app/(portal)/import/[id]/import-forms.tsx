"use client";

import { useActionState } from "react";
import type { FormState } from "@/lib/forms";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

export type ConfirmImportFormProps = { action: Action; fingerprint: string; changes: number; includeSkipped: boolean; severities: Record<string, string> };

/** Confirms the preview shown: the fingerprint tells the server which plan the person saw. */
export function ConfirmImportForm({ action: confirm, fingerprint, changes, includeSkipped, severities }: ConfirmImportFormProps) {
  const [state, action, pending] = useActionState(confirm, {} as FormState);
  const typed = (state.values?.incidentRef as string | undefined) ?? "";
  return (
    <form action={action} className="space-y-3" aria-busy={pending}>
      <input type="hidden" name="fingerprint" value={fingerprint} />
      {includeSkipped ? <input type="hidden" name="includeSkipped" value="1" /> : null}
      {Object.entries(severities).map(([label, severity], index) => (
        <span key={label} hidden>
          <input type="hidden" name={`severities.${index}.label`} value={label} />
          <input type="hidden" name={`severities.${index}.severity`} value={severity} />
        </span>
      ))}
      <div className="max-w-sm">
        <TextField
          name="incidentRef"
          label="Incident reference (optional)"
          defaultValue={typed}
          errors={state.fieldErrors?.incidentRef}
          hint="Recorded on every new version, e.g. INC-2041"
          maxLength={100}
        />
      </div>
      <FormMessage state={state} />
      <Button type="submit" disabled={pending}>
        {pending ? "Importing…" : `Import ${changes} change${changes === 1 ? "" : "s"}`}
      </Button>
    </form>
  );
}

export function DiscardImportForm({ action: discard }: { action: Action }) {
  const [state, action, pending] = useActionState(discard, {} as FormState);
  return (
    <form action={action} className="space-y-2">
      <FormMessage state={state} />
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Discarding…" : "Discard this upload"}
      </Button>
    </form>
  );
}
