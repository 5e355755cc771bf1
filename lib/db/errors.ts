// Telling "the database is not there" apart from every other error, so that people read
// "try again in a moment" instead of "wrong password" or "something went wrong".

const UNREACHABLE_CODES = new Set([
  // Node's socket errors
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // PostgreSQL: admin shutdown, crash shutdown, cannot connect now, connection exceptions
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  // Prisma: cannot reach, timed out, closed, pool timeout
  "P1001",
  "P1002",
  "P1017",
  "P2024",
]);

const UNREACHABLE_KINDS = new Set(["DatabaseNotReachable", "DatabaseDoesNotExist", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);

// "not queryable": node-postgres, for a pooled connection the database ended (the next write on it, after the one in flight).
const UNREACHABLE_TEXT =
  /Connection terminated|connect ECONNREFUSED|Can't reach database|database system is (starting up|shutting down|in recovery mode)|terminating connection due to|Connection refused|timeout exceeded when trying to connect|encountered a connection error and is not queryable|Server has closed the connection/i;

/** Whether `error` (or what caused it) says the database cannot be reached right now. */
export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 5) return false;
  const e = error as { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (typeof e.code === "string" && UNREACHABLE_CODES.has(e.code)) return true;
  if (typeof e.kind === "string" && UNREACHABLE_KINDS.has(e.kind)) return true;
  if (typeof e.message === "string" && UNREACHABLE_TEXT.test(e.message)) return true;
  if (Array.isArray(e.errors) && e.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1))) return true;
  return isDatabaseUnavailable(e.cause, depth + 1);
}

export const DATABASE_UNAVAILABLE_MESSAGE = "The portal cannot reach its database right now; nothing was saved. Try again in a moment.";
