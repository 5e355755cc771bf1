import type { Role } from "@/lib/generated/prisma/enums";

// Who a session belongs to, by one rule for every reader: the portal's pages and API
// (sessions.ts, through the app's database client) and the page cache in the portal's
// server process (lib/server/page-cache.ts, through its own pool, outside Next.js).
// A session counts while it has not ended or expired and its account is neither
// disabled nor deleted.

export type SessionUserRow = { id: string; name: string; email: string; role: Role; expiresAt: number };

/** $1: the session's id. The expiry comes back as milliseconds, for liveSessionUser (and for callers that keep the answer a while). */
export const SESSION_USER_SQL = `SELECT u.id, u.name, u.email, u.role::text AS role, (extract(epoch FROM s."expiresAt") * 1000)::float8 AS "expiresAt"
  FROM "Session" s JOIN "User" u ON u.id = s."userId"
  WHERE s.id = $1 AND s."endedAt" IS NULL AND NOT u.disabled AND u."deletedAt" IS NULL`;

/** The row's user while its session lasts, else null. */
export function liveSessionUser(row: SessionUserRow | undefined, now = Date.now()): SessionUserRow | null {
  return row && row.expiresAt > now ? row : null;
}
