"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import { jobAction } from "./actions";

export function JobButton({ id, then, label }: { id: string; then: "retry" | "discard"; label: string }) {
  const [state, action, pending] = useActionState(jobAction, {} as FormState);
  return (
    <form action={action} className="space-y-1">
      <input type="hidden" name="id" value={id} />
      <input type="hidden" name="then" value={then} />
      <Button type="submit" variant={then === "retry" ? "primary" : "secondary"} disabled={pending} aria-label={`${then === "retry" ? "Retry" : "Discard"} job ${id}`}>
        {pending ? "…" : label}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
