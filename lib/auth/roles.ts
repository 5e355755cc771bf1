import type { Role } from "@/lib/generated/prisma/enums";

/** Who is acting: a person, or the portal itself. Every write in lib/ takes one and checks it itself. */
export type Actor = UserActor | PortalActor;

/** A person with an account: what only people have (uploads, tokens, sessions) takes one of these. */
export type UserActor = { id: string; name: string; role: Role };

/** The portal itself (its demo data, its command-line tools): no account behind it. */
export type PortalActor = { id: null; name: string; role: Role };

/** The portal itself, as author of the demo runbooks it loads. */
export const PORTAL_ACTOR: PortalActor = { id: null, name: "Runbook Portal (demo data)", role: "ADMIN" };

const RANK: Record<Role, number> = { VIEWER: 0, EDITOR: 1, ADMIN: 2 };

export class ForbiddenError extends Error {
  constructor(public readonly needed: Role) {
    super(`This needs the ${needed.toLowerCase()} role`);
  }
}

export function hasRole(actor: Pick<Actor, "role"> | null | undefined, needed: Role): boolean {
  return !!actor && RANK[actor.role] >= RANK[needed];
}

export function assertRole(actor: Actor | null | undefined, needed: Role): asserts actor is Actor {
  if (!actor || !hasRole(actor, needed)) throw new ForbiddenError(needed);
}
