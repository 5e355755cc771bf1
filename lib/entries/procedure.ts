import { procedureSchema, procedureSnapshotSchema } from "@/lib/validation/runbook";
import { childOfSystem, deletedAtField, keyField, systemIdField, uniqueKey, type EntityDescriptor } from "./descriptor";

export const PROCEDURE: EntityDescriptor = {
  type: "PROCEDURE",
  label: "Procedure",
  plural: "Procedures",
  segment: "procedures",
  model: "remediationProcedure",
  table: "RemediationProcedure",
  ...childOfSystem,
  ownGate: "approvalRequired",
  schema: procedureSchema,
  snapshotSchema: procedureSnapshotSchema,
  many: [],
  references: [],
  unique: [uniqueKey("procedure", "system")],
  keyFrom: "title",
  file: { key: "key", collection: "procedures" },
  heading: { fields: ["title"] },
  fields: {
    systemId: systemIdField,
    key: keyField,
    title: { label: "Title", kind: "text", search: "A" },
    assumptions: { label: "Assumptions", kind: "markdown", search: "B" },
    steps: { label: "Steps", kind: "items", search: "C" },
    verification: { label: "Verification", kind: "markdown", search: "B" },
    rollback: { label: "Rollback", kind: "markdown", search: "D" },
    estimatedMinutes: { label: "Estimated minutes", kind: "number" },
    approvalRequired: { label: "Approval required", kind: "text", search: "D" },
    drillIntervalDays: { label: "Drill interval (days)", kind: "number" },
    deletedAt: deletedAtField,
  },
};
