import type { Role } from "@/lib/generated/prisma/enums";

/** Who is acting. Every write in lib/ takes one and checks it itself. */
export type Actor = { id: string | null; name: string; role: Role };

/** The portal itself, as author of the demo runbooks it loads. */
export const PORTAL_ACTOR: Actor = { id: null, name: "Runbook Portal (demo data)", role: "ADMIN" };

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
