import type { z } from "zod";
import type { EntityType } from "@/lib/generated/prisma/enums";
import { systemSnapshotSchema } from "@/lib/validation/system";
import {
  contactSnapshotSchema,
  dependencySnapshotSchema,
  escalationLevelSnapshotSchema,
  failureModeSnapshotSchema,
  procedureSnapshotSchema,
} from "@/lib/validation/runbook";
import { userSnapshotSchema } from "@/lib/validation/user";

// What history needs to know about each entity type: its table, how a row becomes a
// snapshot, how a snapshot becomes a row again, and how to label its fields. History,
// optimistic locking and restore (lib/history/entities.ts) are written once against this.

export type FieldKind = "text" | "markdown" | "list" | "items" | "enum" | "number" | "date" | "ref" | "refs" | "boolean";

export type FieldSpec = { label: string; kind: FieldKind };

/** A many-to-many relation kept in snapshots as a list of ids. */
type ManyRelation = { snapshotKey: string; relation: string };

export type EntityDescriptor = {
  type: EntityType;
  /** Prisma model delegate name on the client. */
  model: "system" | "dependency" | "failureMode" | "remediationProcedure" | "escalationLevel" | "contact" | "user";
  label: string;
  snapshotSchema: z.ZodType<Record<string, unknown>>;
  fields: Record<string, FieldSpec>;
  many: ManyRelation[];
  /** Fields that are never restored from a snapshot. */
  restoreSkips?: string[];
  /** Fields set when the entity is created and never changed after (a child's system). */
  fixed?: string[];
};

const deletedAt: FieldSpec = { label: "Deleted", kind: "date" };

export const ENTITIES: Record<EntityType, EntityDescriptor> = {
  SYSTEM: {
    type: "SYSTEM",
    model: "system",
    label: "System",
    snapshotSchema: systemSnapshotSchema,
    many: [],
    fields: {
      slug: { label: "Slug", kind: "text" },
      name: { label: "Name", kind: "text" },
      tier: { label: "Tier", kind: "enum" },
      purpose: { label: "Purpose", kind: "markdown" },
      schedule: { label: "Schedule", kind: "text" },
      inputs: { label: "Inputs", kind: "markdown" },
      outputs: { label: "Outputs", kind: "markdown" },
      components: { label: "Components", kind: "items" },
      ownerId: { label: "Owner", kind: "ref" },
      backupOwnerId: { label: "Backup owner", kind: "ref" },
      onCall: { label: "On call", kind: "markdown" },
      links: { label: "Links", kind: "items" },
      boundaries: { label: "Boundaries", kind: "markdown" },
      deploymentNotes: { label: "Deployment notes", kind: "markdown" },
      reviewIntervalDays: { label: "Review interval (days)", kind: "number" },
      lastReviewedAt: { label: "Last reviewed", kind: "date" },
      lastReviewedById: { label: "Last reviewed by", kind: "ref" },
      deletedAt,
    },
  },
  DEPENDENCY: {
    type: "DEPENDENCY",
    fixed: ["systemId"],
    model: "dependency",
    label: "Dependency",
    snapshotSchema: dependencySnapshotSchema,
    many: [],
    fields: {
      systemId: { label: "System", kind: "ref" },
      name: { label: "Name", kind: "text" },
      kind: { label: "Kind", kind: "enum" },
      usedFor: { label: "Used for", kind: "markdown" },
      failureModes: { label: "Failure modes", kind: "markdown" },
      impact: { label: "Impact", kind: "markdown" },
      detection: { label: "Detection", kind: "markdown" },
      mitigation: { label: "Mitigation", kind: "markdown" },
      dependsOnSystemId: { label: "Depends on system", kind: "ref" },
      deletedAt,
    },
  },
  FAILURE_MODE: {
    type: "FAILURE_MODE",
    fixed: ["systemId"],
    model: "failureMode",
    label: "Failure mode",
    snapshotSchema: failureModeSnapshotSchema,
    many: [{ snapshotKey: "procedureIds", relation: "procedures" }],
    fields: {
      systemId: { label: "System", kind: "ref" },
      title: { label: "Title", kind: "text" },
      severity: { label: "Severity", kind: "enum" },
      alertNames: { label: "Alert names", kind: "list" },
      detection: { label: "Detection", kind: "markdown" },
      causes: { label: "Causes", kind: "markdown" },
      customerImpact: { label: "Customer impact", kind: "markdown" },
      immediateActions: { label: "Immediate actions", kind: "list" },
      escalation: { label: "Escalation", kind: "markdown" },
      procedureIds: { label: "Procedures", kind: "refs" },
      deletedAt,
    },
  },
  PROCEDURE: {
    type: "PROCEDURE",
    fixed: ["systemId"],
    model: "remediationProcedure",
    label: "Procedure",
    snapshotSchema: procedureSnapshotSchema,
    many: [],
    fields: {
      systemId: { label: "System", kind: "ref" },
      title: { label: "Title", kind: "text" },
      assumptions: { label: "Assumptions", kind: "markdown" },
      steps: { label: "Steps", kind: "items" },
      verification: { label: "Verification", kind: "markdown" },
      rollback: { label: "Rollback", kind: "markdown" },
      estimatedMinutes: { label: "Estimated minutes", kind: "number" },
      approvalRequired: { label: "Approval required", kind: "text" },
      deletedAt,
    },
  },
  ESCALATION_LEVEL: {
    type: "ESCALATION_LEVEL",
    fixed: ["systemId"],
    model: "escalationLevel",
    label: "Escalation level",
    snapshotSchema: escalationLevelSnapshotSchema,
    many: [{ snapshotKey: "contactIds", relation: "contacts" }],
    fields: {
      systemId: { label: "System", kind: "ref" },
      level: { label: "Level", kind: "number" },
      name: { label: "Name", kind: "text" },
      when: { label: "When", kind: "markdown" },
      afterMinutes: { label: "After minutes", kind: "number" },
      expectedResponseMinutes: { label: "Expected response minutes", kind: "number" },
      responsibilities: { label: "Responsibilities", kind: "markdown" },
      contactIds: { label: "Contacts", kind: "refs" },
      deletedAt,
    },
  },
  CONTACT: {
    type: "CONTACT",
    model: "contact",
    label: "Contact",
    snapshotSchema: contactSnapshotSchema,
    many: [],
    fields: {
      name: { label: "Name", kind: "text" },
      kind: { label: "Kind", kind: "enum" },
      role: { label: "Role", kind: "text" },
      email: { label: "Email", kind: "text" },
      phone: { label: "Phone", kind: "text" },
      chat: { label: "Chat", kind: "text" },
      pagerUrl: { label: "Pager URL", kind: "text" },
      notes: { label: "Notes", kind: "markdown" },
      deletedAt,
    },
  },
  USER: {
    type: "USER",
    model: "user",
    label: "User",
    snapshotSchema: userSnapshotSchema,
    many: [],
    restoreSkips: ["email"],
    fields: {
      email: { label: "Email", kind: "text" },
      name: { label: "Name", kind: "text" },
      role: { label: "Role", kind: "enum" },
      disabled: { label: "Disabled", kind: "boolean" },
      deletedAt,
    },
  },
};

export function describe(type: EntityType): EntityDescriptor {
  return ENTITIES[type];
}
