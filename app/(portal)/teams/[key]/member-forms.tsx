"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";

type Action = (state: FormState, formData: FormData) => Promise<FormState>;

/** An admin's "add a person" form under a team's members. */
export function AddMemberForm({ action, contactId, people }: { action: Action; contactId: string; people: { id: string; label: string }[] }) {
  const [state, formAction, pending] = useActionState(action, {} as FormState);
  return (
    <form action={formAction} className="space-y-2">
      <FormMessage state={state} />
      <input type="hidden" name="contactId" value={contactId} />
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64">
          <SelectField name="userId" label="Add a person" options={[{ value: "", label: "— pick a person —" }, ...people.map((p) => ({ value: p.id, label: p.label }))]} errors={state.fieldErrors?.userId} />
        </div>
        <Button type="submit" disabled={pending}>{pending ? "Adding…" : "Add to team"}</Button>
      </div>
    </form>
  );
}

/** Takes one person out of a team. */
export function RemoveMemberForm({ action, contactId, userId, name }: { action: Action; contactId: string; userId: string; name: string }) {
  const [state, formAction, pending] = useActionState(action, {} as FormState);
  return (
    <form action={formAction} className="inline">
      <input type="hidden" name="contactId" value={contactId} />
      <input type="hidden" name="userId" value={userId} />
      <Button type="submit" variant="secondary" disabled={pending} aria-label={`Take ${name} out of the team`}>
        Remove
      </Button>
      {state.message && !state.ok ? <span role="alert" className="ml-2 text-sm text-red-700">{state.message}</span> : null}
    </form>
  );
}
