import { systemSchema, systemSnapshotSchema } from "@/lib/validation/system";
import { deletedAtField, type EntityDescriptor, type Reference } from "./descriptor";

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
  fields: {
    slug: { label: "Slug", kind: "text", search: "A" },
    name: { label: "Name", kind: "text", search: "A" },
    tier: { label: "Tier", kind: "enum" },
    purpose: { label: "Purpose", hint: "What it does, in a sentence or two. Markdown.", kind: "markdown", search: "B" },
    schedule: { label: "Schedule", hint: "When it runs: cron text or the event, e.g. “on S3 PUT”.", kind: "text", search: "B" },
    inputs: { label: "Inputs", kind: "markdown", search: "C" },
    outputs: { label: "Outputs", kind: "markdown", search: "C" },
    components: { label: "Components", kind: "items", search: "C" },
    ownerId: { label: "Owner", kind: "ref" },
    backupOwnerId: { label: "Backup owner", kind: "ref" },
    onCall: { label: "On call", hint: "Rotation name or link.", kind: "markdown", search: "C" },
    links: { label: "Links", kind: "items", search: "C" },
    boundaries: { label: "Boundaries", hint: "What to check first where it meets other systems.", kind: "markdown", search: "C" },
    deploymentNotes: { label: "Deployment notes", hint: "Current version, change window.", kind: "markdown", search: "D" },
    reviewIntervalDays: { label: "Review interval (days)", kind: "number" },
    lastReviewedAt: { label: "Last reviewed", kind: "date" },
    lastReviewedById: { label: "Last reviewed by", kind: "ref" },
    readinessExceptions: { label: "Readiness checks not applicable", kind: "items" },
    changesNeedApproval: { label: "Changes need approval", kind: "boolean" },
    deletedAt: deletedAtField,
  },
};
