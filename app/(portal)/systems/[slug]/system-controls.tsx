"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import { markReviewedAction } from "../actions";

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
