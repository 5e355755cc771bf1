import { z } from "zod";
import { requiredText, text } from "./common";

// A remediation procedure's parts (its fields and schemas: lib/entries/procedure.ts).

export const procedureStepSchema = z.strictObject({
  instruction: requiredText("Instruction", 2_000),
  command: text().max(5_000).default(""),
  expectedResult: text().trim().max(2_000).default(""),
});

/** One step of a procedure as stored (and as a run's snapshot holds it). */
export type ProcedureStep = z.output<typeof procedureStepSchema>;
