import "server-only";
import { positiveSetting } from "@/lib/settings";
import { RateLimiterPrisma } from "rate-limiter-flexible";
import { db } from "@/lib/db";
import { addressKey } from "@/lib/http/client-address";

// Failed sign-ins are counted per account (the email typed, whether or not it exists, so
// answers never tell which accounts exist) and per client address, in the database
// (table SignInLimit), so the counts hold across restarts and across every process that
// serves the portal. Once the free attempts are used up, each failure blocks the account
// or address: 1 s, then twice as long after each further failure, up to 15 minutes
// (SIGN_IN_LIMITS below).
// Blocked attempts are answered at once (HTTP 429) without checking any password. A
// successful sign-in clears its account's count.


/** The limits; each can be changed with the environment variable named beside it (README, "Security"). */
export const SIGN_IN_LIMITS = {
  account: { free: positiveSetting("RUNBOOK_SIGNIN_FREE_PER_ACCOUNT", 5), windowSeconds: 24 * 60 * 60 },
  address: { free: positiveSetting("RUNBOOK_SIGNIN_FREE_PER_ADDRESS", 20), windowSeconds: 60 * 60 },
  firstBlockSeconds: positiveSetting("RUNBOOK_SIGNIN_FIRST_BLOCK_SECONDS", 1),
  maxBlockSeconds: positiveSetting("RUNBOOK_SIGNIN_MAX_BLOCK_SECONDS", 15 * 60),
} as const;

type Scope = "account" | "address";

type Limiters = { failures: Record<Scope, RateLimiterPrisma>; blocks: RateLimiterPrisma };

let limiters: Limiters | undefined;

// Created on first use: `next build` loads this module without a database.
function get(): Limiters {
  const store = (keyPrefix: string, points: number, duration: number) =>
    new RateLimiterPrisma({ storeClient: db, tableName: "signInLimit", keyPrefix, points, duration });
  return (limiters ??= {
    failures: {
      account: store("fail:account", SIGN_IN_LIMITS.account.free, SIGN_IN_LIMITS.account.windowSeconds),
      address: store("fail:address", SIGN_IN_LIMITS.address.free, SIGN_IN_LIMITS.address.windowSeconds),
    },
    blocks: store("block", 1, 1),
  });
}

export type SignInKeys = { account: string; address: string };

export function signInKeys(email: string, address: string): SignInKeys {
  return { account: `account:${email.trim().toLowerCase().slice(0, 320)}`, address: `address:${addressKey(address)}` };
}

export type Blocked = { account: number; address: number };

/** Seconds until the account and the address may try again (0: not blocked). */
export async function secondsBlocked(keys: SignInKeys): Promise<Blocked> {
  const { blocks } = get();
  const [account, address] = await Promise.all([blocks.get(keys.account), blocks.get(keys.address)]);
  const seconds = (res: typeof account) => (res && res.consumedPoints > blocks.points ? Math.ceil(res.msBeforeNext / 1000) : 0);
  return { account: seconds(account), address: seconds(address) };
}

/** The wait after the `failures`-th failure of a window with `free` free attempts: 1 s (by default) after the last free one, then doubling. */
export function backoffSeconds(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(SIGN_IN_LIMITS.firstBlockSeconds * 2 ** Math.min(failures - free, 30), SIGN_IN_LIMITS.maxBlockSeconds);
}

/** Counts a failed attempt for both keys; blocks either once it is past its free attempts. Returns the longer block. */
export async function recordFailure(keys: SignInKeys): Promise<number> {
  const { failures, blocks } = get();
  const waits = await Promise.all(
    (["account", "address"] as const).map(async (scope) => {
      const counted = await failures[scope].penalty(keys[scope]);
      const seconds = backoffSeconds(counted.consumedPoints, SIGN_IN_LIMITS[scope].free);
      if (seconds > 0) await blocks.block(keys[scope], seconds);
      return seconds;
    }),
  );
  return Math.max(...waits);
}

/** After a successful sign-in, the account starts afresh (the address keeps its count). */
export async function clearFailures(keys: SignInKeys): Promise<void> {
  await get().failures.account.delete(keys.account);
}
