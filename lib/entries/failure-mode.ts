import { z } from "zod";
import { Severity } from "@/lib/generated/prisma/enums";
import { ENTITY_ID, markdown, requiredText, text } from "@/lib/validation/common";
import { alertNames } from "@/lib/validation/failure-mode";
import { childOfSystem, deletedAtField, inputSchemaOf, keyField, snapshotSchemaOf, systemIdField, uniqueKey, type EntityDescriptor, type FieldSpec } from "./descriptor";

// A failure mode of a system: how it shows itself (its alerts), and what to do first.
const fields = {
  systemId: systemIdField,
  key: keyField,
  title: { label: "Title", hint: "How on-call would name it, e.g. “Lambda timeout”.", kind: "text", search: "A", input: requiredText("Title") },
  severity: { label: "Severity", kind: "enum", input: z.enum(Severity, { error: "Pick a severity" }) },
  alertNames: { label: "Alert names", kind: "list", search: "A", camelWordsAt: "C", input: alertNames },
  detection: { label: "Detection", hint: "What alarms, logs and users show.", kind: "markdown", search: "B", input: markdown() },
  causes: { label: "Causes", kind: "markdown", search: "C", input: markdown() },
  customerImpact: { label: "Customer impact", kind: "markdown", search: "B", input: markdown() },
  immediateActions: { label: "Immediate actions", kind: "list", search: "C", input: z.array(text().trim().min(1, "A step cannot be empty").max(2_000)).max(50).default([]) },
  escalation: { label: "Escalation", hint: "When and whom to call if the steps do not help.", kind: "markdown", search: "C", input: markdown() },
  procedureIds: { label: "Procedures", kind: "refs", input: z.array(ENTITY_ID).max(50).default([]) },
  deletedAt: deletedAtField,
} satisfies Record<string, FieldSpec>;

export const failureModeSchema = inputSchemaOf(fields);
export const failureModeSnapshotSchema = snapshotSchemaOf(fields);

export const FAILURE_MODE: EntityDescriptor = {
  type: "FAILURE_MODE",
  label: "Failure mode",
  plural: "Failure modes",
  segment: "failure-modes",
  model: "failureMode",
  table: "FailureMode",
  ...childOfSystem,
  schema: failureModeSchema,
  snapshotSchema: failureModeSnapshotSchema,
  many: [{ snapshotKey: "procedureIds", relation: "procedures", joinTable: "_FailureModeToRemediationProcedure", selfColumn: "A" }],
  references: [
    {
      field: "procedureIds",
      to: "PROCEDURE",
      many: true,
      sameSystem: true,
      fileName: "procedures",
      messages: {
        gone: "Pick procedures of this system that still exist",
        goneRestore: "it links to a procedure that was deleted since (or belongs to another system): restore the procedure first, or edit this failure mode instead",
      },
    },
  ],
  unique: [uniqueKey("failure mode", "system")],
  keyFrom: "title",
  file: { key: "key", collection: "failureModes" },
  heading: { fields: ["title"] },
  searchRow: { severity: "severity", keys: ["title", "alertNames"] },
  fields,
};
