import "server-only";
import { db } from "@/lib/db";
import { auditEvents, type AuditClient } from "@/lib/audit/events";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { HashingBusyError, hashPassword, verifyPassword } from "./password";
import { startSession } from "./sessions";
import AsyncLock from "async-lock";
import { clearFailures, recordFailure, secondsBlocked, signInKeys, type SignInKeys } from "./throttle";

// Signing in with email and password: throttle first (a blocked account or address is
// answered without checking any password), then the password, then a server-side session.
// Each attempt leaves one audit event, from the request's own address: signin.succeeded
// with the session, or signin.failed (the email typed, never the password).

/** `adminsOnly`: RUNBOOK_PASSWORD_SIGN_IN=admins, only local admin accounts sign in with a password (the way in while the identity provider is down). */
export type SignInRequest = { email: string; password: string; address: string; userAgent: string; adminsOnly?: boolean };

export type SignInOutcome =
  | { kind: "ok"; user: { id: string; name: string; email: string; role: Role }; sessionId: string }
  | { kind: "wrong" }
  /** the right password, but password sign-in is for admins only: the person signs in through the identity provider */
  | { kind: "adminsOnly" }
  /** `addressBlocked`: how long the client's address itself is blocked (the portal's server then refuses it before Next.js) */
  | { kind: "throttled"; retryAfter: number; addressBlocked: number }
  | { kind: "busy"; retryAfter: number }
  | { kind: "unavailable" };

const MAX_PASSWORD = 200;

// One attempt at a time per account and per address in this process: without it, a burst
// of simultaneous guesses would all pass the "blocked?" check before the first failure is
// counted. Beyond MAX_WAITING queued attempts for one key, attempts are turned away.
const MAX_WAITING = 20;
const attempts = new AsyncLock({ maxPending: MAX_WAITING });

export async function signInWithPassword(request: SignInRequest): Promise<SignInOutcome> {
  const email = request.email.trim().toLowerCase();
  const keys = signInKeys(email, request.address);
  try {
    // Always the account first, then the address: no two attempts can wait on each other.
    return await attempts.acquire([keys.account, keys.address], () => attempt(request, email, keys));
  } catch (error) {
    if (error instanceof Error && error.message.startsWith("Too many pending tasks")) return { kind: "busy", retryAfter: 2 };
    throw error;
  }
}

async function attempt(request: SignInRequest, email: string, keys: SignInKeys): Promise<SignInOutcome> {
  const client: AuditClient = { ip: request.address, userAgent: request.userAgent };
  try {
    const blocked = await secondsBlocked(keys);
    if (blocked.account > 0 || blocked.address > 0) {
      const account = email.length <= 320 ? await db.user.findUnique({ where: { email }, select: { id: true } }) : null;
      await auditFailure(email, "throttled", account?.id ?? null, client);
      return { kind: "throttled", retryAfter: Math.max(blocked.account, blocked.address), addressBlocked: blocked.address };
    }
    const user =
      email.length <= 320
        ? await db.user.findUnique({
            where: { email },
            select: { id: true, name: true, email: true, role: true, passwordHash: true, disabled: true, deletedAt: true },
          })
        : null;
    // An over-long password is checked like any other wrong one (same time, same answer), never hashed in full.
    const password = request.password.length <= MAX_PASSWORD ? request.password : "";
    const check = await verifyPassword(user?.passwordHash ?? null, password);
    if (!user || !check.ok || !password || user.disabled || user.deletedAt) {
      // The rate limiter keeps its own counts (throttle.ts), outside any transaction of ours: the event follows once the failure is counted.
      await recordFailure(keys);
      await auditFailure(email, "wrong", user?.id ?? null, client);
      return { kind: "wrong" };
    }
    await clearFailures(keys);
    if (request.adminsOnly && user.role !== "ADMIN") {
      await auditFailure(email, "admins only", user.id, client);
      return { kind: "adminsOnly" };
    }
    if (check.rehash) await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
    const session = await db.$transaction(async (tx) => {
      const opened = await startSession(user.id, { address: request.address, userAgent: request.userAgent }, tx);
      await auditEvents(tx, user, [{ action: "signin.succeeded", entityType: "USER", entityId: user.id, detail: { email: user.email } }], client);
      return opened;
    });
    return { kind: "ok", user: { id: user.id, name: user.name, email: user.email, role: user.role }, sessionId: session.id };
  } catch (error) {
    if (error instanceof HashingBusyError) return { kind: "busy", retryAfter: 2 };
    if (isDatabaseUnavailable(error)) return { kind: "unavailable" };
    throw error;
  }
}

/** A failed attempt in the audit log: as the email typed (the account it names, if any), never the password. */
async function auditFailure(email: string, reason: "wrong" | "throttled" | "admins only", accountId: string | null, client: AuditClient) {
  const typed = email.slice(0, 320);
  const account = accountId ? { entityType: "USER", entityId: accountId } : {};
  // One statement, committed on its own: a failed sign-in changes nothing else of ours.
  await auditEvents(db, { id: accountId, name: typed }, [{ action: "signin.failed", ...account, detail: { email: typed, reason } }], client);
}
