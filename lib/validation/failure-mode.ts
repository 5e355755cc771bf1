import { z } from "zod";
import { Severity } from "@/lib/generated/prisma/enums";
import { text } from "./common";

// A failure mode's severities and alert names (its fields and schemas: lib/entries/failure-mode.ts).

export const SEVERITY_LABELS: Record<Severity, string> = {
  SEV1: "SEV1 · critical",
  SEV2: "SEV2 · high",
  SEV3: "SEV3 · medium",
  SEV4: "SEV4 · low",
  UNKNOWN: "SEV? · not known yet",
};

/** The short code of a severity, for badges: SEV1 … SEV4, or SEV? when it is not known yet. */
export const SEVERITY_CODES: Record<Severity, string> = { SEV1: "SEV1", SEV2: "SEV2", SEV3: "SEV3", SEV4: "SEV4", UNKNOWN: "SEV?" };

/** A severity in text that stands alone (paper, Markdown), where "SEV?" would read as a typo: the code or label, or "severity not set". */
export function severityText(severity: Severity, form: "code" | "label" = "code"): string {
  if (severity === "UNKNOWN") return "severity not set";
  return form === "label" ? SEVERITY_LABELS[severity] : SEVERITY_CODES[severity];
}

const alertName = text()
  .trim()
  .min(1, "Alert name cannot be empty")
  .max(200, "Alert name must be at most 200 characters")
  .regex(/^[^/?#\s]+$/, { message: "Alert names cannot contain spaces, /, ? or #", abort: true })
  // Control characters (Cc), invisible ones (Cf: zero-width spaces and joiners, bidirectional
  // overrides) and line separators: such a name looks like another, or can never be opened
  // through /alerts/<name>, and a monitoring system never sends one.
  .refine((name) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name), "Alert names cannot contain control characters or invisible ones (zero-width spaces, bidirectional marks)");

/** A failure mode's alert names: each once, whatever its case. */
export const alertNames = z
  .array(alertName)
  .max(50)
  .default([])
  .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, "Each alert name once");

/** An alert name as it arrives in /alerts/<name> or ?name=: looked up, never stored. */
export const alertNameQuery = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f]+$/);
