"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { SelectField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import { saveMailSettingsAction } from "./actions";

const two = (hour: number) => String(hour).padStart(2, "0");

/** One box per kind of mail, ticked when it is on, and the hour of the daily digest. */
export function MailSettingsForm({ kinds, digestHour, portal }: { kinds: { kind: string; label: string; on: boolean }[]; digestHour: number | null; portal: { hour: number; timeZone: string } }) {
  const [state, formAction, pending] = useActionState(saveMailSettingsAction, {} as FormState);
  const hours = [{ value: "", label: `The portal's: ${two(portal.hour)}:00` }, ...Array.from({ length: 24 }, (_, hour) => ({ value: String(hour), label: `${two(hour)}:00` }))];
  return (
    <form action={formAction} className="space-y-4">
      <FormMessage state={state} />
      <fieldset className="space-y-2 rounded-lg border border-slate-300 bg-white p-4">
        <legend className="px-1 font-semibold">E-mail me about</legend>
        {kinds.map(({ kind, label, on }) => (
          <label key={kind} className="flex items-center gap-2">
            <input type="checkbox" name="kinds[]" value={kind} defaultChecked={on} className="h-4 w-4" />
            {label}
          </label>
        ))}
      </fieldset>
      <div className="max-w-xs">
        <SelectField
          name="digestHour"
          label="Send my daily digest at"
          defaultValue={String(state.values?.digestHour ?? digestHour ?? "")}
          errors={state.fieldErrors?.digestHour}
          options={hours}
          hint={`In the portal's time zone, ${portal.timeZone}. One digest a day at most, and none when there is nothing to say.`}
        />
      </div>
      <Button type="submit" disabled={pending}>{pending ? "Saving…" : "Save"}</Button>
    </form>
  );
}
