import { z } from "zod";
import { deletedField, ENTITY_ID, markdown, optionalKey, optionalMinutes, requiredText, text, wholeNumber } from "./common";

// A remediation procedure: the steps that fix a failure, checked in drills and incidents.

export const procedureStepSchema = z.strictObject({
  instruction: requiredText("Instruction", 2_000),
  command: text().max(5_000).default(""),
  expectedResult: text().trim().max(2_000).default(""),
});

export const procedureSchema = z.object({
  key: optionalKey,
  title: requiredText("Title"),
  assumptions: markdown(),
  steps: z.array(procedureStepSchema).max(100).default([]),
  verification: markdown(),
  rollback: markdown(),
  estimatedMinutes: optionalMinutes("Estimated minutes"),
  approvalRequired: text().trim().max(500).default(""),
  drillIntervalDays: wholeNumber("Drill interval", "days")
    .min(1, "Drill interval must be at least 1 day")
    .max(3650, "Drill interval must be at most 3650 days")
    .default(90),
});
export const procedureSnapshotSchema = procedureSchema.extend({ systemId: ENTITY_ID, ...deletedField });

export type ProcedureInput = z.infer<typeof procedureSchema>;
/** One step of a procedure as stored (and as a run's snapshot holds it). */
export type ProcedureStep = z.output<typeof procedureStepSchema>;
