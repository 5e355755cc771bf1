import { z } from "zod";
import { ContactKind, DependencyKind, Severity } from "@/lib/generated/prisma/enums";
import { ENTITY_ID, isoDate, markdown, optionalId, optionalKey, optionalMinutes, requiredText, storable, text, wholeNumber } from "./common";

// The parts of a runbook that belong to a system (and the shared contacts).
// One schema per entity; the *SnapshotSchema variants add what history keeps.

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

export const DEPENDENCY_KIND_LABELS: Record<DependencyKind, string> = {
  EXTERNAL_API: "External API",
  CLOUD_SERVICE: "Cloud service",
  DATABASE: "Database",
  QUEUE: "Queue",
  INTERNAL_SYSTEM: "Internal system",
  OTHER: "Other",
};

/** A dependency's text fields as its page and its Markdown show them, in this order. */
export const DEPENDENCY_DETAILS = [
  ["usedFor", "Used for"],
  ["failureModes", "How it fails"],
  ["impact", "Impact"],
  ["detection", "Detection"],
  ["mitigation", "Mitigation"],
] as const;

export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
  PERSON: "Person",
  TEAM: "Team",
  CHANNEL: "Channel",
  VENDOR_SUPPORT: "Vendor support",
};

const deleted = { deletedAt: isoDate };

export const contactSchema = z.object({
  key: optionalKey,
  name: requiredText("Name"),
  kind: z.enum(ContactKind, { error: "Pick a kind" }),
  role: text().trim().max(200).default(""),
  email: z.union([z.literal(""), z.email("Enter an email address like oncall@example.com")]).default(""),
  phone: text()
    .trim()
    .max(40)
    .regex(/^[+0-9 ()./-]*$/, "Use digits, spaces and + ( ) - . only")
    .default(""),
  chat: text().trim().max(200).default(""),
  pagerUrl: z
    .union([z.literal(""), z.url({ protocol: /^https?$/, error: "Enter a full http(s) address" })])
    .check(storable)
    .default(""),
  notes: markdown(5_000),
});
export const contactSnapshotSchema = contactSchema.extend(deleted);

export const dependencySchema = z.object({
  key: optionalKey,
  name: requiredText("Name"),
  kind: z.enum(DependencyKind, { error: "Pick a kind" }),
  usedFor: markdown(),
  failureModes: markdown(),
  impact: markdown(),
  detection: markdown(),
  mitigation: markdown(),
  dependsOnSystemId: optionalId,
});
export const dependencySnapshotSchema = dependencySchema.extend({ systemId: ENTITY_ID, ...deleted });

const alertName = text()
  .trim()
  .min(1, "Alert name cannot be empty")
  .max(200, "Alert name must be at most 200 characters")
  .regex(/^[^/?#\s]+$/, { message: "Alert names cannot contain spaces, /, ? or #", abort: true })
  // Control characters (Cc), invisible ones (Cf: zero-width spaces and joiners, bidirectional
  // overrides) and line separators: such a name looks like another, or can never be opened
  // through /alerts/<name>, and a monitoring system never sends one.
  .refine((name) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(name), "Alert names cannot contain control characters or invisible ones (zero-width spaces, bidirectional marks)");

export const failureModeSchema = z.object({
  key: optionalKey,
  title: requiredText("Title"),
  severity: z.enum(Severity, { error: "Pick a severity" }),
  alertNames: z
    .array(alertName)
    .max(50)
    .default([])
    .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, "Each alert name once"),
  detection: markdown(),
  causes: markdown(),
  customerImpact: markdown(),
  immediateActions: z.array(text().trim().min(1, "A step cannot be empty").max(2_000)).max(50).default([]),
  escalation: markdown(),
  procedureIds: z.array(ENTITY_ID).max(50).default([]),
});
export const failureModeSnapshotSchema = failureModeSchema.extend({ systemId: ENTITY_ID, ...deleted });

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
export const procedureSnapshotSchema = procedureSchema.extend({ systemId: ENTITY_ID, ...deleted });

export const escalationLevelSchema = z.object({
  key: optionalKey,
  level: wholeNumber("Level").min(1, "Level starts at 1").max(20),
  name: requiredText("Name"),
  when: markdown(2_000),
  afterMinutes: optionalMinutes("After minutes"),
  expectedResponseMinutes: optionalMinutes("Expected response minutes"),
  responsibilities: markdown(),
  contactIds: z.array(ENTITY_ID).max(50).default([]),
});
export const escalationLevelSnapshotSchema = escalationLevelSchema.extend({ systemId: ENTITY_ID, ...deleted });

export type ContactInput = z.infer<typeof contactSchema>;
export type DependencyInput = z.infer<typeof dependencySchema>;
export type FailureModeInput = z.infer<typeof failureModeSchema>;
export type ProcedureInput = z.infer<typeof procedureSchema>;
/** One step of a procedure as stored (and as a run's snapshot holds it). */
export type ProcedureStep = z.output<typeof procedureStepSchema>;
export type EscalationLevelInput = z.infer<typeof escalationLevelSchema>;

/** An alert name as it arrives in /alerts/<name> or ?name=: looked up, never stored. */
export const alertNameQuery = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\u0000-\u001f\u007f]+$/);
