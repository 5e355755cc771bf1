import type { ReactNode } from "react";
import { Command } from "./command";

export type StepBodyProps = {
  /** the instruction, rendered by the caller (Markdown on the server) */
  instruction: ReactNode;
  command: string;
  expectedResult: string;
  /** what follows the step's own text: a run's mark, what was observed */
  children?: ReactNode;
};

/**
 * One step as it is followed: what to do, the exact command with its copy button, what to
 * expect. Shared by procedures, the run page and the ended run; no Markdown import here, so
 * the run page's client code can use it too.
 */
export function StepBody({ instruction, command, expectedResult, children }: StepBodyProps) {
  return (
    <div className="min-w-0 space-y-1">
      {instruction}
      {command ? <Command command={command} /> : null}
      {expectedResult ? (
        <p className="text-sm text-slate-700">
          <span className="font-semibold">Expect:</span> {expectedResult}
        </p>
      ) : null}
      {children}
    </div>
  );
}
