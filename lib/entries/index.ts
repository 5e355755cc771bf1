import type { EntityType } from "@/lib/generated/prisma/enums";
import type { EntityDescriptor } from "./descriptor";
import { SYSTEM } from "./system";
import { DEPENDENCY } from "./dependency";
import { FAILURE_MODE } from "./failure-mode";
import { PROCEDURE } from "./procedure";
import { ESCALATION_LEVEL } from "./escalation-level";
import { CONTACT } from "./contact";
import { USER } from "./user";

// Every entity type's descriptor (one file each, beside this one), and the few views of
// them the rest of the portal asks for. The writer lives beside them: save.ts (the front
// door of forms and the API), write.ts (every write: the change, its revision and audit
// event in one transaction), gate.ts (approvals), snapshot.ts (entries as history keeps
// them), revision.ts, references.ts, keys.ts, errors.ts and bulk-insert.ts.

export type { EntityDescriptor, FieldKind, FieldSpec, ManyRelation, Reference } from "./descriptor";
export { headingOf, searchedFields } from "./descriptor";

export const ENTITIES: Record<EntityType, EntityDescriptor> = { SYSTEM, DEPENDENCY, FAILURE_MODE, PROCEDURE, ESCALATION_LEVEL, CONTACT, USER };

/** The runbook entry types, as people meet them (accounts are not entries). */
export type EntryType = Exclude<EntityType, "USER">;
export type ChildType = Exclude<EntryType, "SYSTEM" | "CONTACT">;

export const ENTRY_TYPE_LIST: EntryType[] = ["SYSTEM", "DEPENDENCY", "FAILURE_MODE", "PROCEDURE", "ESCALATION_LEVEL", "CONTACT"];

/** The children of a system, in the order the overview and runbook files show them. */
export const CHILD_TYPES: ChildType[] = ["FAILURE_MODE", "PROCEDURE", "ESCALATION_LEVEL", "DEPENDENCY"];

export function describe(type: EntityType): EntityDescriptor {
  return ENTITIES[type];
}

export function isEntityType(value: unknown): value is EntityType {
  return typeof value === "string" && value in ENTITIES;
}

export function isEntryType(value: unknown): value is EntryType {
  return typeof value === "string" && (ENTRY_TYPE_LIST as string[]).includes(value);
}

/** The URL segment of an entry type's pages (/failure-modes/<id>). */
export function segmentOf(type: EntryType): string {
  return ENTITIES[type].segment!;
}

/** The detail page of an entry; `slug`, for a type addressed by slug (a system's own). */
export function entryHref(type: EntryType, id: string, slug: string | null): string {
  if (ENTITIES[type].address !== "slug") return `/${segmentOf(type)}/${id}`;
  return slug ? `/${segmentOf(type)}/${slug}` : `/${segmentOf(type)}`;
}
