import { z } from "zod";
import { ENTITY_ID, markdown, optionalMinutes, requiredText, wholeNumber } from "@/lib/validation/common";
import { childOfSystem, deletedAtField, inputSchemaOf, keyField, snapshotSchemaOf, systemIdField, uniqueKey, type EntityDescriptor, type FieldSpec } from "./descriptor";
import { contactLinkMessages } from "./system";

// An escalation level of a system: who is called, when, and what they are expected to do.
const fields = {
  systemId: systemIdField,
  key: keyField,
  level: { label: "Level", hint: "1 is called first.", kind: "number", input: wholeNumber("Level").min(1, "Level starts at 1").max(20) },
  name: { label: "Name", hint: "e.g. “On-call engineer”.", kind: "text", search: "A", input: requiredText("Name") },
  when: { label: "When", hint: "What has to be true to call this level.", kind: "markdown", search: "B", input: markdown(2_000) },
  afterMinutes: { label: "After minutes", hint: "Minutes into the incident when this level is called.", kind: "number", input: optionalMinutes("After minutes") },
  expectedResponseMinutes: { label: "Expected response minutes", kind: "number", input: optionalMinutes("Expected response minutes") },
  responsibilities: { label: "Responsibilities", kind: "markdown", search: "C", input: markdown() },
  contactIds: { label: "Contacts", kind: "refs", input: z.array(ENTITY_ID).max(50).default([]) },
  deletedAt: deletedAtField,
} satisfies Record<string, FieldSpec>;

export const escalationLevelSchema = inputSchemaOf(fields);
export const escalationLevelSnapshotSchema = snapshotSchemaOf(fields);

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
  heading: { fields: ["level", "name"], format: (row) => `L${String(row.level)} · ${String(row.name)}`, sql: "concat('L', NEW.level, ' · ', NEW.name)" },
  searchRow: { keys: ["name"] },
  fields,
};
