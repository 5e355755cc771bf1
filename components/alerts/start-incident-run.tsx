"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";

/** The banner's one button: the failure mode's procedure, as an incident run with the alert's incident reference. */
export function StartIncidentRun({ action: start, incidentRef, title }: { action: (state: FormState, formData: FormData) => Promise<FormState>; incidentRef: string; title: string }) {
  const [state, action, pending] = useActionState(start, {} as FormState);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="kind" value="INCIDENT" />
      <input type="hidden" name="incidentRef" value={incidentRef} />
      <Button type="submit" disabled={pending} aria-label={`Start incident run of ${title} for ${incidentRef}`}>
        {pending ? "Starting…" : "Start incident run"}
      </Button>
      <FormMessage state={state} />
    </form>
  );
}
