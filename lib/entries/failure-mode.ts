import { failureModeSchema, failureModeSnapshotSchema } from "@/lib/validation/failure-mode";
import { childOfSystem, deletedAtField, keyField, systemIdField, uniqueKey, type EntityDescriptor } from "./descriptor";

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
  fields: {
    systemId: systemIdField,
    key: keyField,
    title: { label: "Title", hint: "How on-call would name it, e.g. “Lambda timeout”.", kind: "text", search: "A" },
    severity: { label: "Severity", kind: "enum" },
    alertNames: { label: "Alert names", kind: "list", search: "A" },
    detection: { label: "Detection", hint: "What alarms, logs and users show.", kind: "markdown", search: "B" },
    causes: { label: "Causes", kind: "markdown", search: "C" },
    customerImpact: { label: "Customer impact", kind: "markdown", search: "B" },
    immediateActions: { label: "Immediate actions", kind: "list", search: "C" },
    escalation: { label: "Escalation", hint: "When and whom to call if the steps do not help.", kind: "markdown", search: "C" },
    procedureIds: { label: "Procedures", kind: "refs" },
    deletedAt: deletedAtField,
  },
};
