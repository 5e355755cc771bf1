"use client";

import { useActionState, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import type { RunActionResult } from "@/lib/runs/actions";
import { DROPPED, useDraft } from "./follow-helpers";

// A run's notes (kept in the browser until saved) and the form that ends it.

export function Notes({ runId, stored, save }: { runId: string; stored: string; save: (formData: FormData) => Promise<RunActionResult> }) {
  const [base, setBase] = useState(stored);
  const [notes, setNotes, clearNotes] = useDraft(`run:${runId}:notes`, base);
  const [state, setState] = useState<FormState>({});
  const [theirs, setTheirs] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  function submit() {
    const data = new FormData();
    data.set("runId", runId);
    data.set("notes", notes);
    data.set("base", base);
    startTransition(async () => {
      try {
        const result = await save(data);
        if (result.ok) {
          clearNotes();
          setBase(result.notes ?? notes);
          setTheirs(null);
          setState({ ok: true, message: "Notes saved." });
        } else {
          if (result.notes !== undefined) {
            setTheirs(result.notes);
            setBase(result.notes);
          }
          setState(result);
        }
      } catch {
        setState({ message: DROPPED });
      }
    });
  }
  return (
    <section aria-labelledby="run-notes" className="space-y-2">
      <h2 id="run-notes" className="text-lg font-bold">Notes</h2>
      {theirs !== null ? (
        <div className="rounded border border-amber-400 bg-amber-50 p-2 text-sm">
          <p className="font-semibold">The notes as saved by someone else:</p>
          <pre className="whitespace-pre-wrap font-sans">{theirs}</pre>
        </div>
      ) : null}
      <TextAreaField name="notes" label="Shared notes for this run" rows={4} value={notes} onChange={(event) => setNotes(event.target.value)} errors={state.fieldErrors?.notes} />
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="secondary" disabled={pending} onClick={submit}>{pending ? "Saving…" : "Save notes"}</Button>
        {notes !== base ? <span className="text-sm text-slate-700">Unsaved changes (kept in this browser)</span> : null}
      </div>
      <div aria-live="polite"><FormMessage state={state} /></div>
    </section>
  );
}

export function FinishForm({ runId, finish, allMarked }: { runId: string; finish: (state: FormState, formData: FormData) => Promise<FormState>; allMarked: boolean }) {
  const [state, action, pending] = useActionState(finish, {} as FormState);
  const chosen = String(state.values?.status ?? "");
  return (
    <form action={action} aria-labelledby="end-run" className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="end-run" tabIndex={-1} className="text-lg font-bold">End the run</h2>
      {!allMarked ? <p className="text-sm text-slate-700">Steps not marked stay “not done” in the record.</p> : null}
      <input type="hidden" name="runId" value={runId} />
      <fieldset className="flex flex-wrap gap-x-4 gap-y-1" aria-describedby={state.fieldErrors?.status ? "status-error" : undefined}>
        <legend className="mb-1 text-sm font-semibold">How did it end?</legend>
        {[
          ["RESOLVED", "Resolved"],
          ["PARTLY_RESOLVED", "Partly resolved"],
          ["ABANDONED", "Abandoned"],
        ].map(([value, label]) => (
          <label key={value} className="inline-flex items-center gap-1.5 text-sm">
            <input type="radio" name="status" value={value} defaultChecked={chosen === value} required />
            {label}
          </label>
        ))}
      </fieldset>
      {state.fieldErrors?.status ? <p id="status-error" className="text-sm text-red-800">{state.fieldErrors.status[0]}</p> : null}
      <TextAreaField name="summary" label="Summary" rows={2} defaultValue={String(state.values?.summary ?? "")} errors={state.fieldErrors?.summary} hint="Optional: what happened, what to change." />
      <Button type="submit" disabled={pending}>{pending ? "Ending…" : "End run"}</Button>
      <FormMessage state={state} />
    </form>
  );
}
