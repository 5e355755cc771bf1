import { escalationLevelSchema, escalationLevelSnapshotSchema } from "@/lib/validation/escalation-level";
import { childOfSystem, deletedAtField, keyField, systemIdField, uniqueKey, type EntityDescriptor } from "./descriptor";
import { contactLinkMessages } from "./system";

export const ESCALATION_LEVEL: EntityDescriptor = {
  type: "ESCALATION_LEVEL",
  label: "Escalation level",
  plural: "Escalation levels",
  segment: "escalation-levels",
  model: "escalationLevel",
  table: "EscalationLevel",
  ...childOfSystem,
  schema: escalationLevelSchema,
  snapshotSchema: escalationLevelSnapshotSchema,
  many: [{ snapshotKey: "contactIds", relation: "contacts", joinTable: "_ContactToEscalationLevel", selfColumn: "B" }],
  references: [{ field: "contactIds", to: "CONTACT", many: true, fileName: "contacts", messages: contactLinkMessages }],
  unique: [uniqueKey("escalation level", "system")],
  keyFrom: "name",
  sequence: "level",
  file: { key: "key", collection: "escalationLevels" },
  heading: { fields: ["level", "name"], format: (row) => `L${String(row.level)} · ${String(row.name)}` },
  fields: {
    systemId: systemIdField,
    key: keyField,
    level: { label: "Level", hint: "1 is called first.", kind: "number" },
    name: { label: "Name", hint: "e.g. “On-call engineer”.", kind: "text", search: "A" },
    when: { label: "When", hint: "What has to be true to call this level.", kind: "markdown", search: "B" },
    afterMinutes: { label: "After minutes", hint: "Minutes into the incident when this level is called.", kind: "number" },
    expectedResponseMinutes: { label: "Expected response minutes", kind: "number" },
    responsibilities: { label: "Responsibilities", kind: "markdown", search: "C" },
    contactIds: { label: "Contacts", kind: "refs" },
    deletedAt: deletedAtField,
  },
};
