import type { EntryType } from "@/lib/entries";
import type { EntityDescriptor } from "@/lib/entries/descriptor";
import { SYSTEM } from "@/lib/entries/system";
import { DEPENDENCY } from "@/lib/entries/dependency";
import { FAILURE_MODE } from "@/lib/entries/failure-mode";
import { PROCEDURE } from "@/lib/entries/procedure";
import { ESCALATION_LEVEL } from "@/lib/entries/escalation-level";
import { CONTACT } from "@/lib/entries/contact";

// What each type's own form and detail page lay out themselves, for fields that need
// more than their kind says (pickers, lists, a slug that follows the name). Every other
// field a type sets follows them in its descriptor's order, in the form (more-fields.tsx)
// and on its page (more-details.tsx): a field added to a descriptor needs no line here.
// Not a client module: server pages read these lists too.

/** The type a form edits, and the fields its own code lays out. */
export type FormLayout = { desc: EntityDescriptor; laidOut: readonly string[] };

export const ENTRY_LAYOUTS: Record<EntryType, FormLayout> = {
  SYSTEM: { desc: SYSTEM, laidOut: ["name", "slug", "tier", "schedule", "purpose", "inputs", "outputs", "components", "ownerId", "backupOwnerId", "onCall", "links", "boundaries", "deploymentNotes", "reviewIntervalDays"] },
  DEPENDENCY: { desc: DEPENDENCY, laidOut: ["key", "name", "kind", "dependsOnSystemId", "usedFor", "failureModes", "impact", "detection", "mitigation"] },
  FAILURE_MODE: { desc: FAILURE_MODE, laidOut: ["key", "title", "severity", "alertNames", "detection", "customerImpact", "causes", "immediateActions", "escalation", "procedureIds"] },
  PROCEDURE: { desc: PROCEDURE, laidOut: ["key", "title", "estimatedMinutes", "assumptions", "steps", "verification", "rollback", "approvalRequired", "drillIntervalDays"] },
  ESCALATION_LEVEL: { desc: ESCALATION_LEVEL, laidOut: ["key", "level", "name", "afterMinutes", "expectedResponseMinutes", "when", "responsibilities", "contactIds"] },
  CONTACT: { desc: CONTACT, laidOut: ["key", "name", "kind", "role", "email", "phone", "chat", "pagerUrl", "notes"] },
};
