import "server-only";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";

// One client per server process, kept across dev reloads.
const globalForPrisma = globalThis as unknown as { prisma?: PrismaClient };

export const db: PrismaClient = (globalForPrisma.prisma ??= createPrismaClient());
