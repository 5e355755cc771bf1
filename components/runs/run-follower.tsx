"use client";

import { useActionState, useEffect, useRef, useState, useSyncExternalStore, useTransition, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { FormMessage } from "@/components/form-message";
import { StepBody } from "@/components/runbook/step-body";
import type { FormState } from "@/lib/forms";
import type { StepOutcome } from "@/lib/generated/prisma/enums";
import type { RunActionResult } from "@/lib/runs/actions";
import type { RunStepRow } from "@/lib/runs/runs";
import { STEP_OUTCOME_LABELS } from "@/lib/validation/runs";

// Following a run: one step at a time with the whole list beside it, each mark saved as
// it is made. What is typed but not yet saved (an observation, the notes) is kept in the
// browser too, so a reload or a dropped connection loses nothing.

export type FollowedStep = { index: number; instruction: ReactNode; command: string; expectedResult: string };

export type RunFollowerProps = {
  runId: string;
  startedAt: string;
  steps: FollowedStep[];
  marks: RunStepRow[];
  notes: string;
  markStep: (formData: FormData) => Promise<RunActionResult>;
  saveNotes: (formData: FormData) => Promise<RunActionResult>;
  finish: (state: FormState, formData: FormData) => Promise<FormState>;
};

const DROPPED = "Not saved: the connection to the portal dropped. What you typed is kept here; try again.";

function clock(seconds: number) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return h ? `${h}:${String(m).padStart(2, "0")}:${rest}` : `${m}:${rest}`;
}

const outcomeClass: Record<StepOutcome, string> = {
  PENDING: "border-slate-300 bg-white text-slate-700",
  DONE: "border-emerald-400 bg-emerald-50 text-emerald-900",
  FAILED: "border-red-400 bg-red-50 text-red-900",
  SKIPPED: "border-amber-400 bg-amber-50 text-amber-950",
};
const outcomeMark: Record<StepOutcome, string> = { PENDING: "○", DONE: "✓", FAILED: "✗", SKIPPED: "↷" };

// Drafts live in localStorage; components read them as an external store (React keeps
// them out of the server render and reads them once the page runs in the browser).
const draftListeners = new Set<() => void>();

function subscribeDrafts(listener: () => void) {
  draftListeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    draftListeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}

/** A draft kept in this browser until it is saved: the stored text until something else is typed. */
function useDraft(key: string, stored: string): [string, (value: string) => void, () => void] {
  const draft = useSyncExternalStore(subscribeDrafts, () => window.localStorage.getItem(key), () => null);
  const write = (next: string | null) => {
    if (next === null || next === stored) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, next);
    for (const listener of draftListeners) listener();
  };
  return [draft ?? stored, write, () => write(null)];
}

/** The time to the second, ticking in the browser; null while the page is rendered on the server. */
function subscribeSeconds(tick: () => void) {
  const timer = window.setInterval(tick, 1000);
  return () => window.clearInterval(timer);
}

function useSecondClock(): number | null {
  return useSyncExternalStore(subscribeSeconds, () => Math.floor(Date.now() / 1000) * 1000, () => null);
}

export function RunFollower({ runId, startedAt, steps, marks: initialMarks, notes: initialNotes, markStep, saveNotes, finish }: RunFollowerProps) {
  const router = useRouter();
  const [marks, setMarks] = useState(initialMarks);
  const firstPending = () => marks.find((m) => m.outcome === "PENDING")?.index ?? steps.length - 1;
  const [selected, setSelected] = useState(firstPending);
  const now = useSecondClock();
  const [message, setMessage] = useState<FormState>({});
  const headingRef = useRef<HTMLHeadingElement>(null);
  const moved = useRef(false);

  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
  }, [selected]);

  const started = new Date(startedAt).getTime();
  const lastMark = Math.max(started, ...marks.filter((m) => m.markedAt).map((m) => new Date(m.markedAt!).getTime()));
  const done = marks.filter((m) => m.outcome !== "PENDING").length;
  const step = steps[selected]!;
  const mark = marks[selected]!;

  function select(index: number) {
    moved.current = true;
    setSelected(index);
    setMessage({});
  }

  function stored(step: RunStepRow) {
    setMarks((all) => all.map((m) => (m.index === step.index ? step : m)));
  }

  return (
    <div className="space-y-6">
      <div className="sticky top-0 z-10 flex flex-wrap items-center gap-x-6 gap-y-1 rounded-lg border border-slate-300 bg-white/95 p-3 text-sm shadow-sm" aria-label="Clocks">
        <span>
          Run <span className="font-mono text-base font-bold" data-testid="run-clock">{now === null ? "—" : clock((now - started) / 1000)}</span>
        </span>
        <span>
          Step {selected + 1}{" "}
          <span className="font-mono text-base font-bold" data-testid="step-clock">
            {mark.outcome !== "PENDING" ? clock(mark.seconds ?? 0) : now === null ? "—" : clock((now - lastMark) / 1000)}
          </span>
        </span>
        <span className="text-slate-700">{done} of {steps.length} steps marked</span>
        <Button variant="ghost" className="ml-auto" onClick={() => router.refresh()}>Reload progress</Button>
      </div>

      <div className="grid gap-6 md:grid-cols-[16rem_1fr]">
        <nav aria-label="Steps" className="md:order-none order-last">
          <ol className="space-y-1">
            {steps.map((s) => {
              const m = marks[s.index]!;
              return (
                <li key={s.index}>
                  <button
                    type="button"
                    onClick={() => select(s.index)}
                    aria-current={s.index === selected ? "step" : undefined}
                    className={`flex w-full items-start gap-2 rounded-md border px-2 py-1.5 text-left text-sm ${outcomeClass[m.outcome]} ${s.index === selected ? "ring-2 ring-blue-700" : ""}`}
                  >
                    <span aria-hidden className="w-4 font-bold">{outcomeMark[m.outcome]}</span>
                    <span className="min-w-0 flex-1">
                      <span className="font-semibold">Step {s.index + 1}</span> · {STEP_OUTCOME_LABELS[m.outcome]}
                      {m.seconds !== null && m.outcome !== "PENDING" ? ` · ${clock(m.seconds)}` : ""}
                    </span>
                  </button>
                </li>
              );
            })}
          </ol>
        </nav>

        <StepPanel
          key={`${selected}-${mark.outcome}`}
          runId={runId}
          step={step}
          mark={mark}
          total={steps.length}
          headingRef={headingRef}
          markStep={markStep}
          onStored={(saved) => {
            stored(saved);
            const next = marks.find((m) => m.index !== saved.index && m.outcome === "PENDING" && m.index > saved.index) ?? marks.find((m) => m.index !== saved.index && m.outcome === "PENDING");
            setMessage({ ok: true, message: `Step ${saved.index + 1} saved as ${STEP_OUTCOME_LABELS[saved.outcome].toLowerCase()}.` });
            if (next) {
              moved.current = true;
              setSelected(next.index);
            } else {
              // Every step is marked: on to ending the run.
              window.requestAnimationFrame(() => document.getElementById("end-run")?.focus());
            }
          }}
          onClash={(result) => {
            if (result.steps) setMarks(result.steps);
            setMessage(result);
          }}
          onDropped={() => setMessage({ message: DROPPED })}
        />
      </div>
      <div aria-live="polite">
        <FormMessage state={message} />
      </div>

      <Notes runId={runId} stored={initialNotes} save={saveNotes} />
      <FinishForm runId={runId} finish={finish} allMarked={done === steps.length} />
    </div>
  );
}

type StepPanelProps = {
  runId: string;
  step: FollowedStep;
  mark: RunStepRow;
  total: number;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
  markStep: (formData: FormData) => Promise<RunActionResult>;
  onStored: (step: RunStepRow) => void;
  onClash: (result: RunActionResult) => void;
  onDropped: () => void;
};

function StepPanel({ runId, step, mark, total, headingRef, markStep, onStored, onClash, onDropped }: StepPanelProps) {
  const [observed, setObserved, clearObserved] = useDraft(`run:${runId}:step:${step.index}:observed`, mark.observed);
  const [asking, setAsking] = useState<"FAILED" | "SKIPPED" | null>(null);
  const [reason, setReason] = useState(mark.reason);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [pending, startTransition] = useTransition();
  const reasonRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (asking) reasonRef.current?.focus();
  }, [asking]);

  function save(outcome: Exclude<StepOutcome, "PENDING">) {
    const data = new FormData();
    data.set("runId", runId);
    data.set("index", String(step.index));
    data.set("outcome", outcome);
    data.set("seen", mark.outcome);
    data.set("reason", outcome === "DONE" ? "" : reason);
    data.set("observed", observed);
    startTransition(async () => {
      let result: RunActionResult;
      try {
        result = await markStep(data);
      } catch {
        onDropped();
        return;
      }
      if (result.ok && result.step) {
        clearObserved();
        onStored(result.step);
      } else if (result.fieldErrors && !result.steps) {
        setErrors(result.fieldErrors);
      } else {
        onClash(result);
      }
    });
  }

  const marked = mark.outcome !== "PENDING";
  return (
    <section aria-labelledby="current-step" className="min-w-0 space-y-4 rounded-lg border border-slate-300 bg-white p-4">
      <h2 id="current-step" ref={headingRef} tabIndex={-1} className="text-lg font-bold">
        Step {step.index + 1} of {total}
      </h2>
      <StepBody instruction={<div className="space-y-2 text-base">{step.instruction}</div>} command={step.command} expectedResult={step.expectedResult} />
      {marked ? (
        <p className={`rounded border p-2 text-sm ${outcomeClass[mark.outcome]}`} data-testid="step-mark">
          {STEP_OUTCOME_LABELS[mark.outcome]} by {mark.markedByName}
          {mark.seconds !== null ? ` · took ${clock(mark.seconds)}` : ""}
          {mark.reason ? ` · ${mark.reason}` : ""}
        </p>
      ) : null}
      <TextAreaField
        name={`observed-${step.index}`}
        label="What you observed"
        rows={3}
        value={observed}
        onChange={(event) => setObserved(event.target.value)}
        errors={errors.observed}
        hint="Output, timings, anything that differed from what the step expects."
      />
      {asking ? (
        <div className="space-y-2 rounded-md border border-slate-300 bg-slate-50 p-3">
          <TextField
            ref={reasonRef}
            name={`reason-${step.index}`}
            label={asking === "FAILED" ? "Why did it fail?" : "Why skip it?"}
            required
            value={reason}
            onChange={(event) => setReason(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === "Enter") {
                event.preventDefault();
                save(asking);
              }
              if (event.key === "Escape") setAsking(null);
            }}
            errors={errors.reason}
          />
          <div className="flex flex-wrap gap-2">
            <Button variant={asking === "FAILED" ? "danger" : "primary"} disabled={pending} onClick={() => save(asking)}>
              {pending ? "Saving…" : asking === "FAILED" ? "Save as failed" : "Save as skipped"}
            </Button>
            <Button variant="secondary" onClick={() => setAsking(null)}>Cancel</Button>
          </div>
        </div>
      ) : (
        <div className="flex flex-wrap gap-2">
          <Button disabled={pending} onClick={() => save("DONE")} className="min-w-24">
            {pending ? "Saving…" : marked ? "Change to done" : "Done"}
          </Button>
          <Button variant="secondary" disabled={pending} onClick={() => setAsking("FAILED")}>
            {marked ? "Change to failed…" : "Failed…"}
          </Button>
          <Button variant="secondary" disabled={pending} onClick={() => setAsking("SKIPPED")}>
            {marked ? "Change to skipped…" : "Skip…"}
          </Button>
        </div>
      )}
    </section>
  );
}

function Notes({ runId, stored, save }: { runId: string; stored: string; save: (formData: FormData) => Promise<RunActionResult> }) {
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

function FinishForm({ runId, finish, allMarked }: { runId: string; finish: (state: FormState, formData: FormData) => Promise<FormState>; allMarked: boolean }) {
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
