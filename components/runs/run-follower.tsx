"use client";

import { useEffect, useRef, useState, type ReactNode } from "react";
import { useRouter } from "next/navigation";
import { Button } from "@/components/ui/button";
import { FormMessage } from "@/components/form-message";
import type { FormState } from "@/lib/forms";
import type { RunActionResult } from "@/lib/runs/actions";
import type { RunStepRow } from "@/lib/runs/runs";
import { STEP_OUTCOME_LABELS } from "@/lib/validation/runs";
import { clock, DROPPED, outcomeClass, outcomeMark, useSecondClock } from "./follow-helpers";
import { StepPanel } from "./step-panel";
import { FinishForm, Notes } from "./run-notes";

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
