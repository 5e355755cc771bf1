import "server-only";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { db } from "@/lib/db";

let expected: string[] | undefined;

/** The migrations this version of the portal ships (prisma/migrations), read once. */
function shippedMigrations(): string[] {
  return (expected ??= readdirSync(join(process.cwd(), "prisma", "migrations"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name));
}

/** The database answers, and has every migration of this version applied. */
export async function checkHealth(): Promise<boolean> {
  try {
    const rows = await db.$queryRaw<{ migration_name: string }[]>`
      SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
    const applied = new Set(rows.map((row) => row.migration_name));
    return shippedMigrations().every((name) => applied.has(name));
  } catch (error) {
    console.warn("health check failed:", error instanceof Error ? error.message : error);
    return false;
  }
}
