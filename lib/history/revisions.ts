import type { EntityType } from "@/lib/generated/prisma/enums";
import { db } from "@/lib/db";
import { hasRole, type Actor } from "@/lib/auth/roles";
import type { Snapshot } from "@/lib/entries/snapshot";

// Reading history: an entry's versions, one version's snapshot, who saved since a version,
// and the latest changes. The writer (lib/entries/write.ts) is what adds to it.

export async function listRevisions(type: EntityType, id: string) {
  return db.revision.findMany({
    where: { entityType: type, entityId: id },
    orderBy: { version: "desc" },
    select: {
      id: true,
      version: true,
      action: true,
      changeNote: true,
      incidentRef: true,
      runId: true,
      authorName: true,
      createdAt: true,
      snapshot: true,
      changeRequest: { select: { id: true, status: true, reviewerName: true } },
    },
  });
}

export async function getRevisionSnapshot(type: EntityType, id: string, version: number): Promise<Snapshot | null> {
  const revision = await db.revision.findUnique({
    where: { entityType_entityId_version: { entityType: type, entityId: id, version } },
    select: { snapshot: true },
  });
  return (revision?.snapshot as Snapshot | undefined) ?? null;
}

/** Who saved versions after `version`: the people whose changes a stale editor would overwrite. */
export async function listRevisionAuthorsSince(type: EntityType, id: string, version: number) {
  const rows = await db.revision.findMany({
    where: { entityType: type, entityId: id, version: { gt: version } },
    orderBy: { version: "asc" },
    select: { authorName: true },
  });
  return [...new Set(rows.map((r) => r.authorName))];
}

/** The latest changes; account changes (roles, disabling) only for admins. */
export async function listRecentRevisions(actor: Actor, limit = 10) {
  return db.revision.findMany({
    where: hasRole(actor, "ADMIN") ? {} : { entityType: { not: "USER" } },
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, entityType: true, entityId: true, version: true, action: true, changeNote: true, incidentRef: true, authorName: true, createdAt: true, snapshot: true },
  });
}
