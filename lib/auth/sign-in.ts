import "server-only";
import { db } from "@/lib/db";
import { isDatabaseUnavailable } from "@/lib/db/errors";
import type { Role } from "@/lib/generated/prisma/enums";
import { HashingBusyError, hashPassword, verifyPassword } from "./password";
import { startSession } from "./sessions";
import AsyncLock from "async-lock";
import { clearFailures, recordFailure, secondsBlocked, signInKeys, type SignInKeys } from "./throttle";

// Signing in with email and password: throttle first (a blocked account or address is
// answered without checking any password), then the password, then a server-side session.

export type SignInRequest = { email: string; password: string; address: string; userAgent: string };

export type SignInOutcome =
  | { kind: "ok"; user: { id: string; name: string; email: string; role: Role }; sessionId: string }
  | { kind: "wrong" }
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
  try {
    const blocked = await secondsBlocked(keys);
    if (blocked.account > 0 || blocked.address > 0) return { kind: "throttled", retryAfter: Math.max(blocked.account, blocked.address), addressBlocked: blocked.address };
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
      await recordFailure(keys);
      return { kind: "wrong" };
    }
    await clearFailures(keys);
    if (check.rehash) await db.user.update({ where: { id: user.id }, data: { passwordHash: await hashPassword(password) } });
    const session = await startSession(user.id, { address: request.address, userAgent: request.userAgent });
    return { kind: "ok", user: { id: user.id, name: user.name, email: user.email, role: user.role }, sessionId: session.id };
  } catch (error) {
    if (error instanceof HashingBusyError) return { kind: "busy", retryAfter: 2 };
    if (isDatabaseUnavailable(error)) return { kind: "unavailable" };
    throw error;
  }
}
