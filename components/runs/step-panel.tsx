"use client";

import { useEffect, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { TextAreaField, TextField } from "@/components/ui/field";
import { StepBody } from "@/components/runbook/step-body";
import type { RunActionResult } from "@/lib/runs/actions";
import type { RunStepRow } from "@/lib/runs/runs";
import type { StepOutcome } from "@/lib/generated/prisma/enums";
import { STEP_OUTCOME_LABELS } from "@/lib/validation/runs";
import { clock, outcomeClass, useDraft } from "./follow-helpers";
import type { FollowedStep } from "./run-follower";

// The step being followed: what to do, the command, what to expect, and its marks.

export type StepPanelProps = {
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

export function StepPanel({ runId, step, mark, total, headingRef, markStep, onStored, onClash, onDropped }: StepPanelProps) {
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
