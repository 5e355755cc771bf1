import "server-only";
import { db } from "@/lib/db";
import { auditEvents } from "@/lib/audit/events";
import { assertRole, type UserActor } from "@/lib/auth/roles";
import { listReadiness } from "@/lib/readiness/facts";
import { WriteRejectedError } from "@/lib/entries/errors";

// Teams: contacts of kind TEAM, which own systems (as owner or backup) and have members,
// people with accounts here. /teams lists them, /teams/<key> shows one with its systems'
// state; the dashboard starts with the systems of the signed-in person's teams.

const liveSystem = { where: { deletedAt: null }, select: { id: true, slug: true, name: true, tier: true }, orderBy: { name: "asc" as const } };

export async function listTeams() {
  return db.contact.findMany({
    where: { kind: "TEAM", deletedAt: null },
    orderBy: { name: "asc" },
    select: {
      id: true,
      key: true,
      name: true,
      providerGroup: true,
      _count: { select: { members: true, ownedSystems: { where: { deletedAt: null } }, backedUpSystems: { where: { deletedAt: null } } } },
    },
  });
}

export async function getTeam(key: string) {
  if (key.length > 60) return null;
  return db.contact.findFirst({
    where: { key, kind: "TEAM" },
    select: {
      id: true,
      key: true,
      name: true,
      role: true,
      providerGroup: true,
      deletedAt: true,
      members: { orderBy: { user: { name: "asc" } }, select: { fromProvider: true, createdAt: true, user: { select: { id: true, name: true, email: true, role: true, disabled: true } } } },
      ownedSystems: liveSystem,
      backedUpSystems: liveSystem,
    },
  });
}

export type TeamSystem = { id: string; slug: string; name: string; tier: string; as: "Owner" | "Backup owner" };

/** The systems a team owns or backs up, each once (as owner, when it is both). */
export function systemsOf(team: { ownedSystems: Omit<TeamSystem, "as">[]; backedUpSystems: Omit<TeamSystem, "as">[] }): TeamSystem[] {
  const owned = team.ownedSystems.map((system) => ({ ...system, as: "Owner" as const }));
  const backed = team.backedUpSystems.filter((system) => !owned.some((o) => o.id === system.id)).map((system) => ({ ...system, as: "Backup owner" as const }));
  return [...owned, ...backed];
}

/** The teams a person is in, with the systems they own or back up. */
export async function teamsOf(userId: string) {
  return db.contact.findMany({
    where: { kind: "TEAM", deletedAt: null, members: { some: { userId } } },
    orderBy: { name: "asc" },
    select: { id: true, key: true, name: true, ownedSystems: liveSystem, backedUpSystems: liveSystem },
  });
}

/** What a team's page and the dashboard show of its systems: readiness (drills due among it), changes waiting, recent edits. */
export async function stateOfSystems(systemIds: string[]) {
  if (systemIds.length === 0) return { readiness: [], waiting: [], recent: [] };
  const [readiness, waiting, recent] = await Promise.all([
    listReadiness(systemIds),
    db.changeRequest.findMany({
      where: { systemId: { in: systemIds }, status: "PENDING" },
      orderBy: { createdAt: "asc" },
      take: 20,
      select: { id: true, entityType: true, kind: true, changeNote: true, authorName: true, createdAt: true, systemId: true },
    }),
    db.auditEvent.findMany({
      where: { systemId: { in: systemIds }, action: { in: ["entry.created", "entry.updated", "entry.deleted", "entry.restored", "change.approved"] } },
      orderBy: { seq: "desc" },
      take: 10,
      select: { seq: true, at: true, actorName: true, action: true, entityType: true, entityId: true, systemId: true, detail: true },
    }),
  ]);
  return { readiness, waiting, recent };
}

/** An admin adds a person to a team by hand (a team the provider fills keeps them until an admin removes them). */
export async function addTeamMember(actor: UserActor, contactId: string, userId: string) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    const team = await tx.contact.findFirst({ where: { id: contactId, kind: "TEAM", deletedAt: null }, select: { id: true, name: true } });
    if (!team) throw new WriteRejectedError("This team no longer exists");
    const user = await tx.user.findFirst({ where: { id: userId, deletedAt: null }, select: { id: true, name: true } });
    if (!user) throw new WriteRejectedError("Pick a person with an account here", "userId");
    const { count } = await tx.teamMember.createMany({ data: [{ contactId, userId, fromProvider: false }], skipDuplicates: true });
    if (count === 0) throw new WriteRejectedError(`${user.name} is already in this team`, "userId");
    await auditEvents(tx, actor, [{ action: "team.member_added", entityType: "CONTACT", entityId: team.id, detail: { userId, name: user.name, team: team.name, from: "admin" } }]);
  });
}

export async function removeTeamMember(actor: UserActor, contactId: string, userId: string) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    const member = await tx.teamMember.findUnique({ where: { contactId_userId: { contactId, userId } }, select: { contact: { select: { name: true } }, user: { select: { name: true } } } });
    if (!member) return;
    await tx.teamMember.delete({ where: { contactId_userId: { contactId, userId } } });
    await auditEvents(tx, actor, [{ action: "team.member_removed", entityType: "CONTACT", entityId: contactId, detail: { userId, name: member.user.name, team: member.contact.name, from: "admin" } }]);
  });
}
