import "server-only";
import { availableParallelism } from "node:os";
import { hash, verify } from "@node-rs/argon2";
import { verify as bcryptVerify } from "@node-rs/bcrypt";
import pLimit from "p-limit";

// Password hashes: argon2id with OWASP's parameters (19 MiB, 2 passes, 1 lane), computed
// on libuv's thread pool by a native addon, never on the event loop, so a flood of sign-in
// attempts cannot freeze the pages everyone else is loading. At most HASH_SLOTS hashes run
// at once, half the cores (so password checks can never take every core from page loads);
// a bounded queue waits behind them, and beyond it attempts are turned away at once
// rather than piling up.

// The library's default algorithm is argon2id (its Algorithm enum is a const enum TypeScript cannot import here).
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// libuv's pool has UV_THREADPOOL_SIZE threads (4 by default); two always stay free for file, zlib and DNS work.
const POOL = Number(process.env.UV_THREADPOOL_SIZE) || 4;
const HASH_SLOTS = Math.max(1, Math.min(Math.floor(availableParallelism() / 2), POOL - 2));
export const MAX_WAITING = 32;

const slots = pLimit(HASH_SLOTS);

/** More sign-ins are being checked at this moment than the server takes on; try again shortly. */
export class HashingBusyError extends Error {
  constructor() {
    super("Too many password checks at once");
  }
}

function inSlot<T>(work: () => Promise<T>): Promise<T> {
  if (slots.pendingCount >= MAX_WAITING) return Promise.reject(new HashingBusyError());
  return slots(work);
}

export function hashPassword(password: string): Promise<string> {
  return inSlot(() => hash(password, ARGON2));
}

// Checked when the account does not exist, so that an unknown email costs the same time as a wrong password.
let dummyHash: Promise<string> | undefined;

export type PasswordCheck = { ok: boolean; rehash: boolean };

/**
 * Checks `password` against a stored hash: argon2id, or the bcrypt hashes earlier
 * versions of the portal wrote (`rehash` then says to store an argon2id hash instead).
 * With no stored hash, spends the same time and answers no.
 */
export async function verifyPassword(stored: string | null, password: string): Promise<PasswordCheck> {
  if (stored?.startsWith("$2")) {
    const ok = await inSlot(() => bcryptVerify(password, stored).catch(() => false));
    return { ok, rehash: ok };
  }
  const target = stored ?? (await (dummyHash ??= hash("no account has this password", ARGON2)));
  const ok = await inSlot(() => verify(target, password).catch(() => false));
  return { ok: ok && stored !== null, rehash: false };
}
