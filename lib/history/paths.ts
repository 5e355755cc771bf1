import "server-only";
import { db } from "@/lib/db";
import type { EntityType } from "@/lib/generated/prisma/enums";
import { ENTITIES, entryHref, type EntryType } from "@/lib/entries";
import { delegate } from "@/lib/entries/snapshot";

/** The detail page of an entity; for a type without pages of its own (accounts), the page where it is managed. */
export async function entityPath(type: EntityType, id: string): Promise<string> {
  const { managedAt } = ENTITIES[type];
  if (managedAt) return managedAt;
  if (ENTITIES[type].address !== "slug") return entryHref(type as EntryType, id, null);
  const row = await delegate(db, ENTITIES[type]).findUnique<{ slug: string }>({ where: { id }, select: { slug: true } });
  return entryHref(type as EntryType, id, row?.slug ?? null);
}

/** The history page of an entity. */
export async function historyPath(type: EntityType, id: string): Promise<string> {
  const { managedAt } = ENTITIES[type];
  if (managedAt) return `${managedAt}/${id}/history`;
  return `${await entityPath(type, id)}/history`;
}
