import { createHash } from "node:crypto";
import { appendFileSync, cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, describe, expect, test } from "vitest";
import { migrate, MigrationError } from "./migrate";

const migrationsDir = join(process.cwd(), "prisma", "migrations");
const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL!;
const created: string[] = [];

async function freshDatabase() {
  const name = `migrate_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  created.push(name);
  return adminUrl.replace(/\/postgres$/, `/${name}`);
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function copyOfMigrations() {
  const dir = mkdtempSync(join(tmpdir(), "migrations-"));
  cpSync(migrationsDir, dir, { recursive: true });
  return dir;
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe("migration runner", () => {
  test("applies every migration once and records it the way Prisma does", async () => {
    const url = await freshDatabase();
    const first = await migrate(url, migrationsDir);
    expect(first.applied.length).toBeGreaterThan(0);
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(first.applied);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
    }

    const second = await migrate(url, migrationsDir);
    expect(second.applied).toEqual([]);
    expect(second.alreadyApplied).toEqual(first.applied);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations"`)).toHaveLength(rows.length);
  });

  test("the recorded checksum is the SHA-256 of the file's bytes, as Prisma Migrate records it", async () => {
    const url = await freshDatabase();
    await migrate(url, migrationsDir);
    const [row] = await query<{ checksum: string }>(url, `SELECT checksum FROM "_prisma_migrations" WHERE migration_name = '20261122000000_init'`);
    const bytes = readFileSync(join(migrationsDir, "20261122000000_init", "migration.sql"));
    expect(row!.checksum).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  test("refuses to run when an applied migration was edited", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    await migrate(url, dir);
    appendFileSync(join(dir, "20261122000000_init", "migration.sql"), "\n-- edited afterwards\n");
    await expect(migrate(url, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(url, dir)).rejects.toThrow(/was edited after it was applied/);
  });

  test("a failing migration is rolled back whole and not recorded", async () => {
    const url = await freshDatabase();
    const dir = copyOfMigrations();
    await migrate(url, dir);
    const bad = join(dir, "29990101000000_bad");
    cpSync(join(dir, "20261122000000_init"), bad, { recursive: true });
    writeFileSync(join(bad, "migration.sql"), `CREATE TABLE "Half" (id int);\nSELECT * FROM "NoSuchTable";\n`);
    await expect(migrate(url, dir)).rejects.toThrow(/29990101000000_bad failed/);
    expect(await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '29990101000000_bad'`)).toHaveLength(0);
    expect(await query(url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'`)).toHaveLength(0);
  });

  test("two runners starting at once apply each migration exactly once", async () => {
    const url = await freshDatabase();
    const results = await Promise.all([migrate(url, migrationsDir), migrate(url, migrationsDir), migrate(url, migrationsDir)]);
    const appliedCounts = results.map((r) => r.applied.length);
    expect(appliedCounts.filter((n) => n > 0)).toHaveLength(1);
    const rows = await query<{ n: string }>(url, `SELECT count(*) AS n FROM "_prisma_migrations"`);
    expect(Number(rows[0]!.n)).toBe(Math.max(...appliedCounts));
  });
});
