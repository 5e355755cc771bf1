import { contactSchema, contactSnapshotSchema } from "@/lib/validation/contact";
import { deletedAtField, keyField, uniqueKey, type EntityDescriptor } from "./descriptor";

export const CONTACT: EntityDescriptor = {
  type: "CONTACT",
  label: "Contact",
  plural: "Contacts",
  segment: "contacts",
  model: "contact",
  table: "Contact",
  ofSystem: false,
  schema: contactSchema,
  snapshotSchema: contactSnapshotSchema,
  many: [],
  references: [],
  unique: [uniqueKey("contact", "portal")],
  keyFrom: "name",
  restoreSkips: ["key"],
  file: { key: "key", collection: "contacts" },
  heading: { fields: ["name"] },
  detailField: "role",
  fields: {
    key: keyField,
    name: { label: "Name", kind: "text", search: "A" },
    kind: { label: "Kind", kind: "enum" },
    role: { label: "Role", hint: "e.g. “Team lead, invoice pipeline”.", kind: "text", search: "B" },
    email: { label: "Email", kind: "text", search: "B" },
    phone: { label: "Phone", kind: "text", search: "B" },
    chat: { label: "Chat", hint: "Channel or handle, e.g. #retail-data-oncall.", kind: "text", search: "B" },
    pagerUrl: { label: "Pager URL", kind: "text", search: "B" },
    notes: { label: "Notes", hint: "Hours, language, contract number. Markdown.", kind: "markdown", search: "C" },
    deletedAt: deletedAtField,
  },
};
