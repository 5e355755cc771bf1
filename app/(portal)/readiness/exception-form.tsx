"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";

export type ExceptionFormProps = {
  /** readinessExceptionAction bound to the system, the rule and the direction on the server */
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  version: number;
  /** marking not applicable (asks why) or applicable again */
  apply: boolean;
  label: string;
};

/** An admin's "not applicable" mark on one readiness check, or its removal. */
export function ExceptionForm({ action: submit, version, apply, label }: ExceptionFormProps) {
  const [state, action, pending] = useActionState(submit, {} as FormState);
  const id = useId();
  const error = state.fieldErrors?.reason?.[0];
  if (apply) {
    return (
      <form action={action} className="inline-flex flex-wrap items-center gap-2">
        <input type="hidden" name="expectedVersion" value={version} />
        <Button type="submit" variant="ghost" className="px-2 py-1 text-xs" disabled={pending} aria-label={`${label}: applies again`}>Applies again</Button>
        <FormMessage state={state} />
      </form>
    );
  }
  return (
    <details className="text-sm" open={!!state.fieldErrors || undefined}>
      <summary className="cursor-pointer text-slate-700">Not applicable?</summary>
      <form action={action} className="mt-2 space-y-2" key={String(state.values?.reason ?? "")}>
        <input type="hidden" name="expectedVersion" value={version} />
        <label htmlFor={id} className="block font-semibold">Why “{label}” does not apply</label>
        <input
          id={id}
          name="reason"
          required
          defaultValue={String(state.values?.reason ?? "")}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
          className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-700"
        />
        {error ? <p id={`${id}-error`} className="text-red-800">{error}</p> : null}
        <Button type="submit" variant="secondary" disabled={pending}>{pending ? "Saving…" : "Mark not applicable"}</Button>
        <FormMessage state={state} />
      </form>
    </details>
  );
}
