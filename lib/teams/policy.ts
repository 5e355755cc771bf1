import "server-only";
import { db } from "@/lib/db";
import { hasRole, type Actor } from "@/lib/auth/roles";
import { shows } from "@/lib/data/cache-tags";
import { portalSettings } from "@/lib/portal-settings";
import type { Prisma } from "@/lib/generated/prisma/client";

// Who may change a system's runbook when team-scoped editing is on (/admin/settings):
// admins, the portal itself, and the members of the system's owning or backup team. A
// system whose owner and backup owner are no team stays open to every editor. The writer
// asks this before every create, update, delete and restore of a system or its entries, so
// pages, the API, imports, restores, runs and approvals all answer alike.

type Client = Pick<Prisma.TransactionClient, "system" | "teamMember" | "setting">;

/** The teams that own or back up each system (none: no owning team), by system id. */
async function owningTeams(client: Client, systemIds: string[]) {
  const systems = await client.system.findMany({
    where: { id: { in: systemIds } },
    select: { id: true, name: true, owner: { select: { id: true, name: true, kind: true, deletedAt: true } }, backupOwner: { select: { id: true, name: true, kind: true, deletedAt: true } } },
  });
  return new Map(
    systems.map((system) => [
      system.id,
      { name: system.name, teams: [system.owner, system.backupOwner].filter((contact): contact is NonNullable<typeof contact> => !!contact && contact.kind === "TEAM" && !contact.deletedAt) },
    ]),
  );
}

/** Null when `actor` may change the entries of every system named; else why not, in a sentence. */
export async function teamRefusal(client: Client, actor: Actor, systemIds: (string | null | undefined)[]): Promise<string | null> {
  if (systemIds.every((id) => !id) || actor.id === null || hasRole(actor, "ADMIN")) return null;
  if (!(await portalSettings(client)).teamScopedEditing) return null;
  return outsideTeams(client, actor, systemIds, "change this runbook");
}

/** With approvals by the team on (/admin/settings): null when `actor` may approve or reject a change to system `systemId`; else why not. */
export async function approvalRefusal(client: Client, actor: Actor, systemId: string): Promise<string | null> {
  if (actor.id === null || hasRole(actor, "ADMIN")) return null;
  if (!(await portalSettings(client)).teamApprovals) return null;
  return outsideTeams(client, actor, [systemId], "approve or reject its changes");
}

async function outsideTeams(client: Client, actor: Actor, systemIds: (string | null | undefined)[], what: string): Promise<string | null> {
  const ids = [...new Set(systemIds.filter((id): id is string => !!id))];
  const owners = await owningTeams(client, ids);
  const teamIds = [...owners.values()].flatMap((system) => system.teams.map((team) => team.id));
  if (teamIds.length === 0) return null;
  const memberOf = new Set((await client.teamMember.findMany({ where: { userId: actor.id!, contactId: { in: teamIds } }, select: { contactId: true } })).map((row) => row.contactId));
  for (const system of owners.values()) {
    if (system.teams.length > 0 && !system.teams.some((team) => memberOf.has(team.id))) {
      return `Only members of ${system.teams.map((team) => team.name).join(" or ")} (the teams that own ${system.name}) and admins ${what}; nothing was saved.`;
    }
  }
  return null;
}

/** Whether the person may change system `systemId`'s runbook: what a page offers (an Edit button). */
export async function mayEditSystem(user: Actor, systemId: string | null | undefined): Promise<boolean> {
  if (!hasRole(user, "EDITOR")) return false;
  // The page depends on the person's teams and the settings (lib/data/cache-tags.ts).
  if (user.id) shows("user", [user.id]);
  return (await teamRefusal(db, user, [systemId])) === null;
}

/** Whether the person may change entry `id` of type `desc` (its system: `systemId`): what its pages offer. */
export async function mayEditEntry(user: Actor, desc: { ownsChildren?: true; ofSystem: boolean }, id: string | null, systemId: string | null | undefined): Promise<boolean> {
  if (desc.ownsChildren) return id ? mayEditSystem(user, id) : hasRole(user, "EDITOR");
  return desc.ofSystem ? mayEditSystem(user, systemId) : hasRole(user, "EDITOR");
}

/** What a page says instead of a form to someone outside the owning teams. */
export const TEAM_ONLY = "Only members of the teams that own this system, and admins, change its runbook (team-scoped editing). Ask one of them, or an admin.";
