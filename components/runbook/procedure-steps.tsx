import { Markdown } from "@/components/markdown";
import type { ProcedureStep } from "@/lib/validation/procedure";
import { StepBody } from "./step-body";

export type ProcedureBodyProps = {
  procedure: { assumptions: string; steps: unknown; verification: string; rollback: string; estimatedMinutes: number | null; approvalRequired: string };
};

/** A procedure as it is followed: assumptions, numbered steps with commands to copy, verify, roll back. */
export function ProcedureBody({ procedure }: ProcedureBodyProps) {
  const steps = procedure.steps as ProcedureStep[];
  return (
    <div className="space-y-3">
      {procedure.estimatedMinutes !== null || procedure.approvalRequired ? (
        <p className="text-sm text-slate-700">
          {procedure.estimatedMinutes !== null ? `About ${procedure.estimatedMinutes} min` : null}
          {procedure.estimatedMinutes !== null && procedure.approvalRequired ? " · " : null}
          {procedure.approvalRequired ? `Approval: ${procedure.approvalRequired}` : null}
        </p>
      ) : null}
      {procedure.assumptions ? (
        <div className="text-sm">
          <span className="font-semibold">Assumes: </span>
          <Markdown>{procedure.assumptions}</Markdown>
        </div>
      ) : null}
      {steps.length === 0 ? <p className="text-slate-600">No steps written down yet.</p> : null}
      <ol className="space-y-3">
        {steps.map((step, index) => (
          <li key={index} className="print-avoid-break grid grid-cols-[2rem_1fr] gap-2">
            <span className="text-lg font-bold text-slate-600">{index + 1}.</span>
            <StepBody instruction={<Markdown>{step.instruction}</Markdown>} command={step.command} expectedResult={step.expectedResult} />
          </li>
        ))}
      </ol>
      {procedure.verification ? (
        <div className="text-sm">
          <span className="font-semibold">Verify: </span>
          <Markdown>{procedure.verification}</Markdown>
        </div>
      ) : null}
      {procedure.rollback ? (
        <div className="text-sm">
          <span className="font-semibold">Roll back: </span>
          <Markdown>{procedure.rollback}</Markdown>
        </div>
      ) : null}
    </div>
  );
}
