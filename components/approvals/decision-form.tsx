"use client";

import { useActionState, useId } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";

export type DecisionFormProps = {
  /** decideChangeAction bound to the request and the decision on the server */
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  /** the request's version as the page showed it: a decision on a request changed since is refused */
  requestVersion: number;
  label: string;
  variant?: "primary" | "secondary" | "danger";
  /** a comment box: "required" where a reason must be given */
  comment?: { label: string; required?: boolean; hint?: string };
};

/** One decision on a change request (approve, reject, withdraw, rebase, override), with its comment. */
export function DecisionForm({ action: submit, requestVersion, label, variant = "secondary", comment }: DecisionFormProps) {
  const [state, action, pending] = useActionState(submit, {} as FormState);
  const id = useId();
  const error = state.fieldErrors?.comment?.[0];
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="requestVersion" value={requestVersion} />
      {comment ? (
        <div className="space-y-1">
          <label htmlFor={id} className="block font-semibold">
            {comment.label}
            {comment.required ? null : <span className="font-normal text-slate-600"> (optional)</span>}
          </label>
          {comment.hint ? <p id={`${id}-hint`} className="text-sm text-slate-700">{comment.hint}</p> : null}
          <textarea
            id={id}
            name="comment"
            rows={2}
            required={comment.required}
            defaultValue={String(state.values?.comment ?? "")}
            aria-invalid={!!error}
            aria-describedby={[error ? `${id}-error` : "", comment.hint ? `${id}-hint` : ""].join(" ").trim() || undefined}
            className="block w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm aria-[invalid=true]:border-red-700"
          />
          {error ? <p id={`${id}-error`} className="text-sm text-red-800">{error}</p> : null}
        </div>
      ) : null}
      <Button type="submit" variant={variant} disabled={pending}>
        {pending ? "Working…" : label}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
