import { dependencySchema, dependencySnapshotSchema } from "@/lib/validation/dependency";
import { childOfSystem, deletedAtField, keyField, systemIdField, uniqueKey, type EntityDescriptor } from "./descriptor";

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
  fields: {
    systemId: systemIdField,
    key: keyField,
    name: { label: "Name", kind: "text", search: "A" },
    kind: { label: "Kind", kind: "enum" },
    usedFor: { label: "Used for", kind: "markdown", search: "B" },
    failureModes: { label: "Failure modes", kind: "markdown", search: "C" },
    impact: { label: "Impact", kind: "markdown", search: "B" },
    detection: { label: "Detection", kind: "markdown", search: "C" },
    mitigation: { label: "Mitigation", kind: "markdown", search: "C" },
    dependsOnSystemId: { label: "Depends on system", kind: "ref" },
    deletedAt: deletedAtField,
  },
};
