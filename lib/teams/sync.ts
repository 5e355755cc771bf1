import "server-only";
import { db } from "@/lib/db";
import { auditEvents } from "@/lib/audit/events";
import type { PortalActor } from "@/lib/auth/roles";

// A person's teams from the identity provider's groups, at each sign-in. A team (a
// contact of kind TEAM) is filled by the provider when it names a group of its own, or,
// with RUNBOOK_OIDC_TEAM_GROUP_PREFIX set, by the group named with the prefix and its key
// ("runbooks-team-" + "payments"). Members an admin added stay; members the provider added
// leave when the provider no longer lists them.

/** The provider group that fills a team, if any. */
export function teamGroup(team: { key: string; providerGroup: string }, prefix: string | null): string | null {
  return team.providerGroup || (prefix ? `${prefix}${team.key}` : null);
}

export async function syncTeamsFromGroups(actor: PortalActor, userId: string, groups: readonly string[], prefix: string | null): Promise<{ joined: string[]; left: string[] }> {
  const teams = await db.contact.findMany({
    where: { kind: "TEAM", deletedAt: null },
    select: { id: true, key: true, name: true, providerGroup: true, members: { where: { userId }, select: { fromProvider: true } } },
  });
  const joined: typeof teams = [];
  const left: typeof teams = [];
  for (const team of teams) {
    const group = teamGroup(team, prefix);
    if (!group) continue;
    const member = team.members[0];
    if (groups.includes(group) && !member) joined.push(team);
    else if (!groups.includes(group) && member?.fromProvider) left.push(team);
  }
  if (joined.length + left.length > 0) {
    await db.$transaction(async (tx) => {
      if (joined.length) await tx.teamMember.createMany({ data: joined.map((team) => ({ contactId: team.id, userId, fromProvider: true })), skipDuplicates: true });
      if (left.length) await tx.teamMember.deleteMany({ where: { userId, fromProvider: true, contactId: { in: left.map((team) => team.id) } } });
      await auditEvents(tx, actor, [
        ...joined.map((team) => ({ action: "team.member_added" as const, entityType: "CONTACT", entityId: team.id, detail: { userId, team: team.name, from: "provider" } })),
        ...left.map((team) => ({ action: "team.member_removed" as const, entityType: "CONTACT", entityId: team.id, detail: { userId, team: team.name, from: "provider" } })),
      ]);
    });
  }
  return { joined: joined.map((team) => team.key), left: left.map((team) => team.key) };
}
