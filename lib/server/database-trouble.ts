// When the database last gave trouble (a connection lost, the watch finding it down or
// back), shared by the portal's server script and the Prisma client inside Next.js
// through a process-wide symbol. A page that fails in that moment failed because of the
// database, and is answered 503 (retry) rather than 500 (scripts/serve.ts).

const KEY = Symbol.for("runbook-portal.database-trouble");

type Trouble = { at: number | null };

function state(): Trouble {
  const holder = globalThis as unknown as Record<symbol, Trouble | undefined>;
  return (holder[KEY] ??= { at: null });
}

export function noteDatabaseTrouble(now = Date.now()) {
  state().at = now;
}

/** Whether the database gave trouble in the last `ms` milliseconds. */
export function databaseTroubledWithin(ms: number, now = Date.now()): boolean {
  const at = state().at;
  return at !== null && now - at < ms;
}
