"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import { sendDigestsNowAction, settingAction } from "./actions";

/** One setting: what it does, whether it is on, and the button that turns it the other way. */
export function SettingForm({ name, label, hint, on }: { name: string; label: string; hint: string; on: boolean }) {
  const [state, formAction, pending] = useActionState(settingAction, {} as FormState);
  return (
    <form action={formAction} className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <input type="hidden" name="key" value={name} />
      <input type="hidden" name="value" value={on ? "off" : "on"} />
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-bold">
          {label} <span className={on ? "text-emerald-800" : "text-slate-600"}>· {on ? "on" : "off"}</span>
        </h2>
        <Button type="submit" variant={on ? "secondary" : "primary"} disabled={pending}>
          {on ? "Turn off" : "Turn on"}
        </Button>
      </div>
      <p className="text-sm text-slate-700">{hint}</p>
      <FormMessage state={state} />
    </form>
  );
}

/** Sends today's digests at once (for testing the mail setup, or after an outage). */
export function SendDigestsForm() {
  const [state, formAction, pending] = useActionState(sendDigestsNowAction, {} as FormState);
  return (
    <form action={formAction} className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 className="text-lg font-bold">Daily digest</h2>
        <Button type="submit" variant="secondary" disabled={pending}>
          Send today’s digests now
        </Button>
      </div>
      <p className="text-sm text-slate-700">Owners get one a day, at the hour RUNBOOK_DIGEST_HOUR says: the runbooks whose review is due or overdue, or whose drills are. Sending now skips those who had theirs today.</p>
      <FormMessage state={state} />
    </form>
  );
}
