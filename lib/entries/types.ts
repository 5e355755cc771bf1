import type { EntityType } from "@/lib/generated/prisma/enums";

// The runbook entry types as people meet them: their URL segment and names. Shared by
// server and client code (no database access here).

export type EntryType = Exclude<EntityType, "USER">;
export type ChildType = Exclude<EntryType, "SYSTEM" | "CONTACT">;

export type EntryTypeInfo = {
  type: EntryType;
  /** URL segment of the browse page and detail pages: /failure-modes/<id> */
  segment: string;
  label: string;
  plural: string;
  /** Belongs to one system (created under /systems/<slug>/<segment>/new). */
  ofSystem: boolean;
};

export const ENTRY_TYPES: Record<EntryType, EntryTypeInfo> = {
  SYSTEM: { type: "SYSTEM", segment: "systems", label: "System", plural: "Systems", ofSystem: false },
  DEPENDENCY: { type: "DEPENDENCY", segment: "dependencies", label: "Dependency", plural: "Dependencies", ofSystem: true },
  FAILURE_MODE: { type: "FAILURE_MODE", segment: "failure-modes", label: "Failure mode", plural: "Failure modes", ofSystem: true },
  PROCEDURE: { type: "PROCEDURE", segment: "procedures", label: "Procedure", plural: "Procedures", ofSystem: true },
  ESCALATION_LEVEL: { type: "ESCALATION_LEVEL", segment: "escalation-levels", label: "Escalation level", plural: "Escalation levels", ofSystem: true },
  CONTACT: { type: "CONTACT", segment: "contacts", label: "Contact", plural: "Contacts", ofSystem: false },
};

export const CHILD_TYPES: ChildType[] = ["FAILURE_MODE", "PROCEDURE", "ESCALATION_LEVEL", "DEPENDENCY"];

export function isEntryType(value: unknown): value is EntryType {
  return typeof value === "string" && value in ENTRY_TYPES;
}

/** The detail page of an entry; systems are addressed by slug. */
export function entryHref(type: EntryType, id: string, systemSlug: string | null): string {
  if (type === "SYSTEM") return systemSlug ? `/systems/${systemSlug}` : "/systems";
  return `/${ENTRY_TYPES[type].segment}/${id}`;
}
