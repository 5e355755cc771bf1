import { z } from "zod";
import { ContactKind } from "@/lib/generated/prisma/enums";
import { markdown, requiredText, text } from "@/lib/validation/common";
import { optionalEmail, phoneNumber, webAddress } from "@/lib/validation/contact";
import { deletedAtField, inputSchemaOf, keyField, snapshotSchemaOf, uniqueKey, type EntityDescriptor, type FieldSpec } from "./descriptor";

// A contact: a person, team, channel or vendor that escalation levels and owners name.
const fields = {
  key: keyField,
  name: { label: "Name", kind: "text", search: "A", input: requiredText("Name") },
  kind: { label: "Kind", kind: "enum", input: z.enum(ContactKind, { error: "Pick a kind" }) },
  role: { label: "Role", hint: "e.g. “Team lead, invoice pipeline”.", kind: "text", search: "B", input: text().trim().max(200).default("") },
  email: { label: "Email", kind: "text", search: "B", input: optionalEmail },
  phone: { label: "Phone", kind: "text", search: "B", input: phoneNumber },
  chat: { label: "Chat", hint: "Channel or handle, e.g. #retail-data-oncall.", kind: "text", search: "B", input: text().trim().max(200).default("") },
  pagerUrl: { label: "Pager URL", kind: "text", search: "B", input: webAddress },
  notes: { label: "Notes", hint: "Hours, language, contract number. Markdown.", kind: "markdown", search: "C", input: markdown(5_000) },
  providerGroup: {
    label: "Group at the identity provider",
    hint: "Teams only: the people in this group at your identity provider are the team's members, synced at each sign-in.",
    kind: "text",
    input: text().trim().max(200).default(""),
  },
  deletedAt: deletedAtField,
} satisfies Record<string, FieldSpec>;

export const contactSchema = inputSchemaOf(fields);
export const contactSnapshotSchema = snapshotSchemaOf(fields);

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
  searchRow: { kind: "kind", keys: ["name", "email", "chat", { field: "phone", digits: true }] },
  detailField: "role",
  fields,
};
