import { z } from "zod";
import { Tier } from "@/lib/generated/prisma/enums";
import { isoDate, markdown, optionalId, requiredText, text, wholeNumber } from "@/lib/validation/common";
import { componentSchema, linkSchema, readinessExceptionSchema, slugSchema } from "@/lib/validation/system";
import { deletedAtField, inputSchemaOf, snapshotSchemaOf, type EntityDescriptor, type FieldSpec, type Reference } from "./descriptor";

// A system: the runbook's subject, what it does, who owns it; its children belong to it.
const fields = {
  slug: { label: "Slug", kind: "text", search: "A", input: slugSchema },
  name: { label: "Name", kind: "text", search: "A", input: requiredText("Name") },
  tier: { label: "Tier", kind: "enum", input: z.enum(Tier, { error: "Pick a tier" }) },
  purpose: { label: "Purpose", hint: "What it does, in a sentence or two. Markdown.", kind: "markdown", search: "B", input: markdown() },
  schedule: { label: "Schedule", hint: "When it runs: cron text or the event, e.g. “on S3 PUT”.", kind: "text", search: "B", input: text().trim().max(500).default("") },
  inputs: { label: "Inputs", kind: "markdown", search: "C", input: markdown() },
  outputs: { label: "Outputs", kind: "markdown", search: "C", input: markdown() },
  components: { label: "Components", kind: "items", search: "C", searchParts: ["kind", "name", "identifier"], input: z.array(componentSchema).max(100, "At most 100 components").default([]) },
  ownerId: { label: "Owner", kind: "ref", input: optionalId },
  backupOwnerId: { label: "Backup owner", kind: "ref", input: optionalId },
  onCall: { label: "On call", hint: "Rotation name or link.", kind: "markdown", search: "C", input: markdown(2_000) },
  links: { label: "Links", kind: "items", search: "C", searchParts: ["label"], input: z.array(linkSchema).max(50, "At most 50 links").default([]) },
  boundaries: { label: "Boundaries", hint: "What to check first where it meets other systems.", kind: "markdown", search: "C", input: markdown() },
  deploymentNotes: { label: "Deployment notes", hint: "Current version, change window.", kind: "markdown", search: "D", input: markdown() },
  reviewIntervalDays: {
    label: "Review interval (days)",
    kind: "number",
    input: wholeNumber("Review interval", "days").min(1, "Review interval must be at least 1 day").max(3650, "Review interval must be at most 3650 days").default(90),
  },
  lastReviewedAt: { label: "Last reviewed", kind: "date", kept: isoDate },
  lastReviewedById: { label: "Last reviewed by", kind: "ref", kept: optionalId },
  readinessExceptions: { label: "Readiness checks not applicable", kind: "items", kept: z.array(readinessExceptionSchema).max(20).default([]) },
  changesNeedApproval: { label: "Changes need approval", kind: "boolean", kept: z.boolean().default(false) },
  deletedAt: deletedAtField,
} satisfies Record<string, FieldSpec>;

export const systemSchema = inputSchemaOf(fields);
/** The whole system as history keeps it. */
export const systemSnapshotSchema = snapshotSchemaOf(fields);

export const contactLinkMessages: Reference["messages"] = {
  gone: "A contact you picked was deleted meanwhile; pick again",
  goneRestore: "it links to a contact that was deleted since: restore that contact first, or edit this entry instead",
};

export const SYSTEM: EntityDescriptor = {
  type: "SYSTEM",
  label: "System",
  plural: "Systems",
  segment: "systems",
  address: "slug",
  model: "system",
  table: "System",
  ofSystem: false,
  ownsChildren: true,
  reviewed: true,
  approvalPolicy: "changesNeedApproval",
  schema: systemSchema,
  snapshotSchema: systemSnapshotSchema,
  many: [],
  references: [
    { field: "ownerId", to: "CONTACT", many: false, fileName: "owner", messages: contactLinkMessages },
    { field: "backupOwnerId", to: "CONTACT", many: false, fileName: "backupOwner", messages: contactLinkMessages },
  ],
  unique: [
    {
      field: "slug",
      scope: "portal",
      taken: "Another system already uses this slug",
      takenByDeleted: "A deleted system still uses this slug: restore it, or pick another slug",
      takenRestore: "another system now uses its slug",
    },
  ],
  file: { key: "slug", collection: "systems" },
  // Only an admin marks a readiness check not applicable (lib/readiness) or sets the approval policy (lib/approvals):
  // restoring an old version never changes them.
  restoreSkips: ["readinessExceptions", "changesNeedApproval"],
  heading: { fields: ["name"] },
  searchRow: { kind: "tier", keys: ["slug", "name", { field: "components", part: "identifier" }] },
  fields,
};
