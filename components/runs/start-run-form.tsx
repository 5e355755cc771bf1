"use client";

import { useActionState, useState } from "react";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";

export type StartRunFormProps = {
  /** startRunAction bound to the procedure on the server */
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  /** the procedure's title, to tell forms apart on a failure mode's page */
  title: string;
};

/** Drill or incident, then straight into the run. */
export function StartRunForm({ action: start, title }: StartRunFormProps) {
  const [state, action, pending] = useActionState(start, {} as FormState);
  const [kind, setKind] = useState(String(state.values?.kind ?? "DRILL"));
  const errors = state.fieldErrors ?? {};
  return (
    <form action={action} aria-label={`Start a run of ${title}`} className="space-y-3 rounded-lg border border-slate-300 bg-white p-3">
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-1">
        <legend className="mb-1 text-sm font-semibold">Start a run</legend>
        {[
          ["DRILL", "Drill"],
          ["INCIDENT", "Incident"],
        ].map(([value, label]) => (
          <label key={value} className="inline-flex items-center gap-1.5 text-sm">
            <input type="radio" name="kind" value={value} checked={kind === value} onChange={() => setKind(value!)} />
            {label}
          </label>
        ))}
      </fieldset>
      {kind === "INCIDENT" ? (
        <TextField
          name="incidentRef"
          label="Incident reference"
          required
          defaultValue={String(state.values?.incidentRef ?? "")}
          errors={errors.incidentRef}
          hint="e.g. INC-2041: links the run to the incident's timeline."
          autoComplete="off"
        />
      ) : null}
      <div className="flex flex-wrap items-center gap-2">
        <Button type="submit" disabled={pending}>{pending ? "Starting…" : kind === "INCIDENT" ? "Start incident run" : "Start drill"}</Button>
      </div>
      <FormMessage state={state} />
    </form>
  );
}
