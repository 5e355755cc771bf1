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
