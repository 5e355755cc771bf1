import "server-only";
import { db } from "@/lib/db";
import type { EntityType } from "@/lib/generated/prisma/enums";
import { segmentOf } from "@/lib/entries";

/** The detail page of an entity; a user's is the Users page, where the account is managed. */
export async function entityPath(type: EntityType, id: string): Promise<string> {
  if (type === "USER") return "/admin/users";
  if (type === "SYSTEM") {
    const system = await db.system.findUnique({ where: { id }, select: { slug: true } });
    return system ? `/systems/${system.slug}` : "/systems";
  }
  return `/${segmentOf(type)}/${id}`;
}

/** The history page of an entity. */
export async function historyPath(type: EntityType, id: string): Promise<string> {
  if (type === "USER") return `/admin/users/${id}/history`;
  return `${await entityPath(type, id)}/history`;
}
