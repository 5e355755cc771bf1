import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";

// Applies prisma/migrations/<name>/migration.sql in order, the way Prisma Migrate
// would, and records them in _prisma_migrations with the same checksum, so that
// `prisma migrate status` agrees with what this runner did. Prisma's own engine is
// not used because it must be downloaded (see README, "Database").

/** Prisma Migrate's advisory lock key, so this runner and Prisma exclude each other. */
const ADVISORY_LOCK_KEY = 72707369;

export class MigrationError extends Error {}

export type MigrationFile = { name: string; sql: string; checksum: string };

export type MigrateResult = { applied: string[]; alreadyApplied: string[] };

export function checksumOf(sql: string): string {
  return createHash("sha256").update(sql, "utf8").digest("hex");
}

export function readMigrations(dir: string): MigrationFile[] {
  if (!existsSync(dir)) throw new MigrationError(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: checksumOf(sql) };
    });
}

const CREATE_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum"            VARCHAR(64) NOT NULL,
  "finished_at"         TIMESTAMPTZ,
  "migration_name"      VARCHAR(255) NOT NULL,
  "logs"                TEXT,
  "rolled_back_at"      TIMESTAMPTZ,
  "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

type AppliedRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export async function migrate(
  databaseUrl: string,
  migrationsDir: string,
  log: (message: string) => void = () => {},
): Promise<MigrateResult> {
  const migrations = readMigrations(migrationsDir);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [ADVISORY_LOCK_KEY]);
    try {
      // Only when missing: a portal connecting as a role that may not create tables (README,
      // "A database role that cannot rewrite history") still starts once its owner migrated.
      const { rows: [table] } = await client.query<{ name: string | null }>(`SELECT to_regclass('"_prisma_migrations"')::text AS name`);
      if (!table?.name) await client.query(CREATE_TABLE);
      const { rows } = await client.query<AppliedRow>(
        `SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL ORDER BY started_at`,
      );
      const applied = new Map(rows.map((row) => [row.migration_name, row]));

      for (const row of rows) {
        if (!row.finished_at) {
          throw new MigrationError(`Migration ${row.migration_name} started but did not finish. Fix the database by hand, then mark it rolled back in _prisma_migrations.`);
        }
      }
      for (const migration of migrations) {
        const row = applied.get(migration.name);
        if (row && row.checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was edited after it was applied (checksum ${migration.checksum.slice(0, 12)}… differs from the recorded ${row.checksum.slice(0, 12)}…). Put the file back as it was and add a new migration instead.`,
          );
        }
      }

      const result: MigrateResult = { applied: [], alreadyApplied: [] };
      for (const migration of migrations) {
        if (applied.has(migration.name)) {
          result.alreadyApplied.push(migration.name);
          continue;
        }
        log(`applying migration ${migration.name}`);
        await client.query("BEGIN");
        try {
          const id = randomUUID();
          await client.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, applied_steps_count) VALUES ($1, $2, $3, now(), 0)`,
            [id, migration.checksum, migration.name],
          );
          await client.query(migration.sql);
          await client.query(`UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1`, [id]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw new MigrationError(`Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`);
        }
        result.applied.push(migration.name);
      }
      return result;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [ADVISORY_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}
