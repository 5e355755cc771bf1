import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "@/lib/generated/prisma/client";
import { noteDatabaseTrouble } from "@/lib/server/database-trouble";
import { isDatabaseUnavailable } from "./errors";

export type { PrismaClient };

/**
 * The Prisma client over node-postgres. Scripts and tests use this; the app uses lib/db (index.ts).
 * A connection attempt gives up after 5 s, so that requests fail (and the database watch
 * answers 503) instead of hanging while the database is unreachable.
 */
export function createPrismaClient(connectionString = process.env.DATABASE_URL): PrismaClient {
  if (!connectionString) throw new Error("DATABASE_URL is not set");
  // A connection lost (the server killed or restarted) is noted, so a page failing because of it is answered 503, not 500.
  const lost = (error: Error) => {
    if (isDatabaseUnavailable(error)) noteDatabaseTrouble();
  };
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: 10, connectionTimeoutMillis: 5_000, idleTimeoutMillis: 30_000 }, { onPoolError: lost, onConnectionError: lost }),
  });
}
