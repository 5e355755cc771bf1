"use client";

import { useActionState, type ReactNode } from "react";
import type { FormState } from "@/lib/forms";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** Starts an export as a job: the next page shows how far it is, then the download. */
export function PrepareExportForm({ action: prepare, label, children }: { action: Action; label: string; children?: ReactNode }) {
  const [state, action, pending] = useActionState(prepare, {} as FormState);
  return (
    <form action={action} className="space-y-2" aria-busy={pending}>
      <FormMessage state={state} />
      <div className="flex flex-wrap items-center gap-4">
        <Button type="submit" disabled={pending}>
          {pending ? "Starting…" : label}
        </Button>
        {children}
      </div>
    </form>
  );
}
