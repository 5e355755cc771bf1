import "server-only";
import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { auditEvents } from "@/lib/audit/events";
import type { Prisma } from "@/lib/generated/prisma/client";
import { liveSessionUser, SESSION_USER_SQL, type SessionUserRow } from "./session-user";

// Server-side sessions. The signed session cookie carries a session id; every request
// reads the session together with its user, so signing out, "sign out everywhere", a
// disabled account or a role change take effect on the very next request.

export const SESSION_HOURS = 12;

const DAY = 24 * 60 * 60 * 1000;

/** Opens a session; `tx`: inside the sign-in's transaction, beside its audit event. */
export async function startSession(userId: string, client: { address: string; userAgent: string }, tx: Prisma.TransactionClient = db) {
  const now = Date.now();
  // Ended and expired sessions are kept a month (who signed in from where), then dropped.
  await tx.session.deleteMany({ where: { expiresAt: { lt: new Date(now - 30 * DAY) } } });
  return tx.session.create({
    data: { userId, expiresAt: new Date(now + SESSION_HOURS * 60 * 60 * 1000), ip: client.address.slice(0, 100), userAgent: client.userAgent.slice(0, 300) },
    select: { id: true },
  });
}

/** The user of a live session: not ended, not expired, the account neither disabled nor deleted. */
export async function findSessionUser(sessionId: string) {
  const [row] = await db.$queryRawUnsafe<SessionUserRow[]>(SESSION_USER_SQL, sessionId);
  const user = liveSessionUser(row);
  return user && { id: user.id, name: user.name, email: user.email, role: user.role };
}

/** Sign-out: this session ends now, whatever its cookie says. The audit log notes it only if the session was still open. */
export async function endSession(sessionId: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.updateMany({ where: { id: sessionId, endedAt: null }, data: { endedAt: new Date() } });
    if (count === 0) return;
    const { user } = await tx.session.findUniqueOrThrow({ where: { id: sessionId }, select: { user: { select: { id: true, name: true } } } });
    await auditEvents(tx, user, [{ action: "signout", entityType: "USER", entityId: user.id }]);
  });
}

/** Ends every live session of a user; how many. */
async function endLiveSessions(tx: Prisma.TransactionClient, userId: string): Promise<number> {
  const { count } = await tx.session.updateMany({ where: { userId, endedAt: null, expiresAt: { gt: new Date() } }, data: { endedAt: new Date() } });
  return count;
}

/** Ends every session of a user whose account an admin just disabled: that change's own event says why. */
export async function endAllSessions(actor: Actor, userId: string): Promise<number> {
  assertRole(actor, "ADMIN");
  return endLiveSessions(db, userId);
}

/**
 * "Sign out everywhere" (Users): an admin ends every session of a user at once. The audit
 * log notes it, with how many sessions ended (none is worth knowing too), in the same
 * transaction: an event exists exactly when the sessions ended.
 */
export async function signOutEverywhere(actor: Actor, userId: string): Promise<number> {
  assertRole(actor, "ADMIN");
  return db.$transaction(async (tx) => {
    // No such account (a forged id): nothing happened, so nothing to note.
    if (!(await tx.user.findUnique({ where: { id: userId }, select: { id: true } }))) return 0;
    const ended = await endLiveSessions(tx, userId);
    await auditEvents(tx, actor, [{ action: "user.signed_out_everywhere", entityType: "USER", entityId: userId, detail: { sessions: ended } }]);
    return ended;
  });
}

/** How many live sessions each user has, for the Users page. */
export async function countLiveSessions(actor: Actor): Promise<Map<string, number>> {
  assertRole(actor, "ADMIN");
  const rows = await db.session.groupBy({ by: ["userId"], where: { endedAt: null, expiresAt: { gt: new Date() } }, _count: { _all: true } });
  return new Map(rows.map((row) => [row.userId, row._count._all]));
}
