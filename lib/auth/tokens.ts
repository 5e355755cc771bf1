import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import { assertRole, type Actor, type UserActor } from "@/lib/auth/roles";
import { auditEvents } from "@/lib/audit/events";
import type { Role, TokenScope } from "@/lib/generated/prisma/enums";
import type { NewToken } from "@/lib/validation/tokens";

// Personal access tokens for the API. A token is "rbp_" and 43 characters of randomness;
// only its SHA-256 is stored (a token is long and random, so a fast hash is enough, and
// a lookup by hash needs no scan), with a short prefix to recognise it in lists. A token
// acts as its user, with the user's role as it is now: a read token is never more than a
// viewer, and disabling the user or revoking the token stops it on the next request.
// The audit log notes each token created and revoked, and its first use of each UTC day.

const PREFIX = "rbp_";
const SHOWN = 10;

export type TokenRow = {
  id: string;
  name: string;
  prefix: string;
  scope: TokenScope;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  user: { id: string; name: string; email: string };
};

/** Who a token acts as, and with which role. */
export type TokenUser = UserActor & { email: string; tokenId: string; scope: TokenScope; /** the user's own role, whatever the scope: what reads for admins only (the audit log) go by */ accountRole: Role };

export const hashToken = (secret: string) => createHash("sha256").update(secret, "utf8").digest("hex");

const SELECT = {
  id: true,
  name: true,
  prefix: true,
  scope: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  user: { select: { id: true, name: true, email: true } },
} as const;

/** Creates a token for `actor` (any signed-in user); the secret is returned this once and never again. */
export async function createToken(actor: UserActor, input: NewToken, now = new Date()): Promise<{ secret: string; token: TokenRow }> {
  assertRole(actor, "VIEWER");
  const secret = `${PREFIX}${randomBytes(32).toString("base64url")}`;
  const expiresAt = input.expiresIn === "never" ? null : new Date(now.getTime() + Number(input.expiresIn) * 24 * 60 * 60 * 1000);
  const userId = actor.id;
  const token = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: { userId, name: input.name, scope: input.scope, prefix: secret.slice(0, SHOWN), hash: hashToken(secret), expiresAt },
      select: SELECT,
    });
    await auditEvents(tx, actor, [{ action: "token.created", entityType: "TOKEN", entityId: created.id, detail: { name: created.name, scope: created.scope, prefix: created.prefix, expiresAt: created.expiresAt } }]);
    return created;
  });
  return { secret, token };
}

/** The actor's own tokens, newest first; with `everyone`, an admin sees every user's. */
export async function listTokens(actor: UserActor, options: { everyone?: boolean } = {}): Promise<TokenRow[]> {
  assertRole(actor, options.everyone ? "ADMIN" : "VIEWER");
  return db.apiToken.findMany({ where: options.everyone ? {} : { userId: actor.id }, orderBy: [{ createdAt: "desc" }, { id: "asc" }], select: SELECT });
}

/** Revokes a token at once: its owner may, and an admin may revoke anyone's. False when there is no such token to revoke. */
export async function revokeToken(actor: Actor, id: string): Promise<boolean> {
  assertRole(actor, "VIEWER");
  const token = await db.apiToken.findUnique({ where: { id }, select: { userId: true, name: true, prefix: true, user: { select: { email: true } } } });
  if (!token) return false;
  if (token.userId !== actor.id) assertRole(actor, "ADMIN");
  return db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    if (count === 0) return false;
    await auditEvents(tx, actor, [{ action: "token.revoked", entityType: "TOKEN", entityId: id, detail: { name: token.name, prefix: token.prefix, owner: token.user.email } }]);
    return true;
  });
}

/** The role a token acts with: its user's, never more than a viewer's for a read token. */
export function tokenRole(userRole: Role, scope: TokenScope): Role {
  return scope === "WRITE" ? userRole : "VIEWER";
}

/**
 * The user a presented token acts as, or null: unknown, revoked, expired, or its user
 * disabled or deleted. Notes when it was last used (at most once a minute per token), and
 * its first use of each UTC day in the audit log.
 */
export async function authenticateToken(secret: string, now = new Date()): Promise<TokenUser | null> {
  if (!secret.startsWith(PREFIX) || secret.length > 200) return null;
  const token = await db.apiToken.findUnique({
    where: { hash: hashToken(secret) },
    select: { id: true, name: true, prefix: true, scope: true, revokedAt: true, expiresAt: true, lastUsedAt: true, user: { select: { id: true, name: true, email: true, role: true, disabled: true, deletedAt: true } } },
  });
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now) || token.user.disabled || token.user.deletedAt) return null;
  const today = startOfUtcDay(now);
  if (!token.lastUsedAt || token.lastUsedAt < today) await noteFirstUseToday(token, today, now);
  else if (now.getTime() - token.lastUsedAt.getTime() > 60_000) await db.apiToken.update({ where: { id: token.id }, data: { lastUsedAt: now } });
  const { user } = token;
  return { id: user.id, name: user.name, email: user.email, role: tokenRole(user.role, token.scope), tokenId: token.id, scope: token.scope, accountRole: user.role };
}

function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/**
 * The first use of a UTC day: lastUsedAt and a token.used event (as the token's user), in
 * one transaction. The update only matches while lastUsedAt is still before today, so of
 * several requests racing in, one writes the event.
 */
async function noteFirstUseToday(token: { id: string; name: string; prefix: string; scope: TokenScope; user: { id: string; name: string } }, today: Date, now: Date) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.apiToken.updateMany({ where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: today } }] }, data: { lastUsedAt: now } });
    if (count === 0) return;
    await auditEvents(tx, token.user, [{ action: "token.used", entityType: "TOKEN", entityId: token.id, detail: { name: token.name, prefix: token.prefix, scope: token.scope } }]);
  });
}
