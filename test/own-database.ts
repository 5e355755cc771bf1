import { join } from "node:path";
import pg from "pg";
import { migrate } from "@/lib/db/migrate";
import { migrateJobQueue } from "@/lib/jobs/queue";
import { wipeAllTables } from "@/lib/db/wipe";

/**
 * Gives the calling test file a migrated database of its own and points DATABASE_URL at it,
 * for tests that wipe or fill the whole database while other files run beside it. Call it
 * at the top of the file, before anything reaches the database (lib/db connects on first use).
 */
export async function ownDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.TEST_POSTGRES_ADMIN_URL!;
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = admin.replace(/\/postgres$/, `/${name}`);
  await migrate(url, join(process.cwd(), "prisma", "migrations"));
  await migrateJobQueue(url);
  process.env.DATABASE_URL = url;
  return {
    url,
    drop: async () => {
      const again = new pg.Client({ connectionString: admin });
      await again.connect();
      await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await again.end();
    },
  };
}

/** Empties every table of the portal (history included): "wipe the database". */
export async function wipeDatabase(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await wipeAllTables(client);
  } finally {
    await client.end();
  }
}
