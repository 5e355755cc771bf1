import "server-only";
import { db } from "@/lib/db";
import type { EntityType } from "@/lib/generated/prisma/enums";
import { ENTRY_TYPES } from "@/lib/entries/types";

/** The detail page of an entity (its history page is this plus "/history"). */
export async function entityPath(type: EntityType, id: string): Promise<string> {
  if (type === "USER") return "/admin/users";
  if (type === "SYSTEM") {
    const system = await db.system.findUnique({ where: { id }, select: { slug: true } });
    return system ? `/systems/${system.slug}` : "/systems";
  }
  return `/${ENTRY_TYPES[type].segment}/${id}`;
}
