"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";

export type SystemControlsProps = {
  /** markReviewedAction bound to the system on the server */
  action: (state: FormState, formData: FormData) => Promise<FormState>;
  version: number;
};

export function MarkReviewedForm({ action: markReviewed, version }: SystemControlsProps) {
  const [state, action, pending] = useActionState(markReviewed, {} as FormState);
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

export type ApprovalPolicyFormProps = SystemControlsProps & { on: boolean };

/** An admin's switch for "changes need approval", with an optional reason for history. */
export function ApprovalPolicyForm({ action: submit, version, on }: ApprovalPolicyFormProps) {
  const [state, action, pending] = useActionState(submit, {} as FormState);
  return (
    <form action={action} className="flex flex-wrap items-end gap-2">
      <input type="hidden" name="expectedVersion" value={version} />
      <label className="block">
        <span className="block font-semibold">Why (for history)</span>
        <input name="changeNote" maxLength={500} defaultValue={String(state.values?.changeNote ?? "")} className="block w-64 max-w-full rounded-md border border-slate-400 bg-white px-3 py-2 text-sm" />
      </label>
      <Button type="submit" variant="secondary" disabled={pending}>
        {pending ? "Saving…" : on ? "Stop requiring approval" : "Require approval for changes"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}

/** Watch a system: a toggle button (aria-pressed), a plain form post that works without scripts. */
export function WatchForm({ action: submit, watching, className = "inline-flex" }: { action: (previous: FormState, formData: FormData) => Promise<FormState>; watching: boolean; className?: string }) {
  const [state, action, pending] = useActionState(submit, {} as FormState);
  return (
    <form action={action} className={`${className} flex-wrap items-center gap-2`}>
      <input type="hidden" name="watch" value={watching ? "off" : "on"} />
      <Button type="submit" variant="secondary" disabled={pending} aria-pressed={watching} title="Changes to a system you watch come in your daily digest, with their change notes.">
        {watching ? "Watching" : "Watch"}
      </Button>
      {state.message && !state.ok ? <FormMessage state={state} /> : null}
    </form>
  );
}
