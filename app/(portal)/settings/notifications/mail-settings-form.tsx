"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import { saveMailSettingsAction } from "./actions";

/** One box per kind of mail, ticked when it is on. */
export function MailSettingsForm({ kinds }: { kinds: { kind: string; label: string; on: boolean }[] }) {
  const [state, formAction, pending] = useActionState(saveMailSettingsAction, {} as FormState);
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <fieldset className="space-y-2 rounded-lg border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">E-mail me about</legend>
        {kinds.map(({ kind, label, on }) => (
          <label key={kind} className="flex items-center gap-2">
            <input type="checkbox" name={kind} defaultChecked={on} className="h-4 w-4" />
            {label}
          </label>
        ))}
      </fieldset>
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
    </form>
  );
}
