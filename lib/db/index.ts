import "server-only";
import { createPrismaClient, type PrismaClient } from "./client";

// One client per server process, kept across dev reloads. Created on first use, not
// on import, so that `next build` can load modules without a database.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

function client(): PrismaClient {
  return (globalForPrisma.prisma ??= createPrismaClient());
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const value = Reflect.get(client(), property);
    return typeof value === "function" ? value.bind(client()) : value;
  },
});
