import { z } from "zod";
import { DependencyKind } from "@/lib/generated/prisma/enums";
import { markdown, optionalId, requiredText } from "@/lib/validation/common";
import { childOfSystem, deletedAtField, inputSchemaOf, keyField, snapshotSchemaOf, systemIdField, uniqueKey, type EntityDescriptor, type FieldSpec } from "./descriptor";

// A dependency of a system: what it relies on, and what happens when that fails.
const fields = {
  systemId: systemIdField,
  key: keyField,
  name: { label: "Name", hint: "e.g. “Amazon Textract” or “Orders database”.", kind: "text", search: "A", input: requiredText("Name") },
  kind: { label: "Kind", kind: "enum", input: z.enum(DependencyKind, { error: "Pick a kind" }) },
  usedFor: { label: "Used for", kind: "markdown", search: "B", input: markdown() },
  failureModes: { label: "How it fails", hint: "Throttling, timeouts, outages: what it looks like from our side.", kind: "markdown", search: "C", input: markdown() },
  impact: { label: "Impact", kind: "markdown", search: "B", input: markdown() },
  detection: { label: "Detection", kind: "markdown", search: "C", input: markdown() },
  mitigation: { label: "Mitigation", hint: "The fallback while it is down.", kind: "markdown", search: "C", input: markdown() },
  dependsOnSystemId: { label: "System in the portal", hint: "When the dependency has its own runbook here, link it.", kind: "ref", input: optionalId },
  deletedAt: deletedAtField,
} satisfies Record<string, FieldSpec>;

export const dependencySchema = inputSchemaOf(fields);
export const dependencySnapshotSchema = snapshotSchemaOf(fields);

export const DEPENDENCY: EntityDescriptor = {
  type: "DEPENDENCY",
  label: "Dependency",
  plural: "Dependencies",
  segment: "dependencies",
  model: "dependency",
  table: "Dependency",
  ...childOfSystem,
  schema: dependencySchema,
  snapshotSchema: dependencySnapshotSchema,
  many: [],
  references: [
    {
      field: "dependsOnSystemId",
      to: "SYSTEM",
      many: false,
      notOwnSystem: true,
      fileName: "dependsOn",
      messages: {
        gone: "That system was deleted or does not exist",
        goneRestore: "the system it depends on was deleted since",
        self: "A system cannot depend on itself",
        selfRestore: "it would make the system depend on itself",
      },
    },
  ],
  unique: [uniqueKey("dependency", "system")],
  keyFrom: "name",
  file: { key: "key", collection: "dependencies" },
  heading: { fields: ["name"] },
  searchRow: { kind: "kind", keys: ["name"] },
  fields,
};

/** A dependency's text fields as its page, its Markdown and the offline bundle show them, in this order, under its descriptor's labels. */
export const DEPENDENCY_DETAILS = (["usedFor", "failureModes", "impact", "detection", "mitigation"] as const).map((field) => [field, DEPENDENCY.fields[field]!.label] as const);
