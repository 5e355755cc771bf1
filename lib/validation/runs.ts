import { z } from "zod";
import type { RunKind, RunStatus, StepOutcome } from "@/lib/generated/prisma/enums";
import { ENTITY_ID, text } from "./common";

// What the run pages send: starting a run, marking a step, notes, ending it.

export const RUN_KIND_LABELS: Record<RunKind, string> = { DRILL: "Drill", INCIDENT: "Incident" };
export const RUN_STATUS_LABELS: Record<RunStatus, string> = {
  IN_PROGRESS: "In progress",
  RESOLVED: "Resolved",
  PARTLY_RESOLVED: "Partly resolved",
  ABANDONED: "Abandoned",
};
export const STEP_OUTCOME_LABELS: Record<StepOutcome, string> = { PENDING: "Not done", DONE: "Done", FAILED: "Failed", SKIPPED: "Skipped" };

/** An incident reference as people write it (INC-2041, PD#1234, 2026-11-23-payments): no spaces or slashes, so it can be a URL. */
export const incidentRefSchema = z
  .string()
  .trim()
  .max(100, "Keep the incident reference under 100 characters")
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:#-]*$/, "Use letters, digits and . _ : # - only, e.g. INC-2041");

export const startRunSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("DRILL"), incidentRef: z.literal("").optional().transform(() => null) }),
  z.object({ kind: z.literal("INCIDENT"), incidentRef: incidentRefSchema.min(1, "An incident run needs its incident reference, e.g. INC-2041") }),
], { error: "Pick drill or incident" });

// A drill may still name an incident reference field left filled in: ignore it rather than refuse.
export const startRunFormSchema = z.preprocess(
  (value) => (value && typeof value === "object" && (value as { kind?: unknown }).kind === "DRILL" ? { kind: "DRILL" } : value),
  startRunSchema,
);

const reasonText = text().trim().max(1_000, "Keep the reason under 1,000 characters").default("");

export const markStepSchema = z
  .object({
    runId: ENTITY_ID,
    index: z.coerce.number().int().min(0).max(99),
    outcome: z.enum(["DONE", "FAILED", "SKIPPED"], { error: "Mark the step done, failed or skipped" }),
    /** the step's outcome as the person's page showed it: a mark made meanwhile by someone else is not overwritten */
    seen: z.enum(["PENDING", "DONE", "FAILED", "SKIPPED"]),
    reason: reasonText,
    observed: text().trim().max(5_000, "Keep what you observed under 5,000 characters").default(""),
  })
  .refine((mark) => mark.outcome === "DONE" || mark.reason.length > 0, { path: ["reason"], message: "Say why, in a few words" });

export const runNotesSchema = z.object({
  runId: ENTITY_ID,
  notes: text().max(20_000, "Keep the notes under 20,000 characters"),
  /** the notes the person started from */
  base: text().max(20_000),
});

export const finishRunSchema = z.object({
  runId: ENTITY_ID,
  status: z.enum(["RESOLVED", "PARTLY_RESOLVED", "ABANDONED"], { error: "Pick how the run ended" }),
  summary: text().trim().max(5_000, "Keep the summary under 5,000 characters").default(""),
});

export type MarkStep = z.infer<typeof markStepSchema>;
