import { z } from "zod";
import { markdown, optionalMinutes, requiredText, text, wholeNumber } from "@/lib/validation/common";
import { procedureStepSchema } from "@/lib/validation/procedure";
import { childOfSystem, deletedAtField, inputSchemaOf, keyField, snapshotSchemaOf, systemIdField, uniqueKey, type EntityDescriptor, type FieldSpec } from "./descriptor";

// A remediation procedure: the steps that fix a failure, checked in drills and incidents.
const fields = {
  systemId: systemIdField,
  key: keyField,
  title: { label: "Title", hint: "What it fixes, e.g. “Re-run failed invoices”.", kind: "text", search: "A", input: requiredText("Title") },
  assumptions: { label: "Assumptions", hint: "Access and state it needs before step 1.", kind: "markdown", search: "B", input: markdown() },
  steps: { label: "Steps", kind: "items", search: "C", searchParts: ["instruction", "command", "expectedResult"], input: z.array(procedureStepSchema).max(100).default([]) },
  verification: { label: "Verification", hint: "How to know it worked.", kind: "markdown", search: "B", input: markdown() },
  rollback: { label: "Rollback", kind: "markdown", search: "D", input: markdown() },
  estimatedMinutes: { label: "Estimated minutes", kind: "number", input: optionalMinutes("Estimated minutes") },
  approvalRequired: { label: "Approval required", hint: "Who must agree first, if anyone.", kind: "text", search: "D", input: text().trim().max(500).default("") },
  drillIntervalDays: {
    label: "Drill interval (days)",
    hint: "How often to practise it; a drill is overdue after this.",
    kind: "number",
    input: wholeNumber("Drill interval", "days").min(1, "Drill interval must be at least 1 day").max(3650, "Drill interval must be at most 3650 days").default(90),
  },
  deletedAt: deletedAtField,
} satisfies Record<string, FieldSpec>;

export const procedureSchema = inputSchemaOf(fields);
export const procedureSnapshotSchema = snapshotSchemaOf(fields);

export const PROCEDURE: EntityDescriptor = {
  type: "PROCEDURE",
  label: "Procedure",
  plural: "Procedures",
  segment: "procedures",
  model: "remediationProcedure",
  table: "RemediationProcedure",
  ...childOfSystem,
  ownGate: "approvalRequired",
  runnable: true,
  schema: procedureSchema,
  snapshotSchema: procedureSnapshotSchema,
  many: [],
  references: [],
  unique: [uniqueKey("procedure", "system")],
  keyFrom: "title",
  file: { key: "key", collection: "procedures" },
  heading: { fields: ["title"] },
  searchRow: { keys: ["title"] },
  fields,
};
