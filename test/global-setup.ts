import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type RunningPostgres } from "../lib/db/embedded-postgres";
import { migrate } from "../lib/db/migrate";
import { migrateJobQueue } from "../lib/jobs/queue";

// One throw-away PostgreSQL for the whole Vitest run. Tests that need a pristine
// database (the migration runner's) create their own databases on this server.
let server: RunningPostgres | undefined;
let dataDir: string | undefined;

export default async function setup() {
  dataDir = mkdtempSync(join(tmpdir(), "runbook-vitest-"));
  chmodSync(dataDir, 0o755);
  server = await startEmbeddedPostgres({ dataDir: join(dataDir, "pg"), password: "vitest" });
  const admin = new pg.Client({ connectionString: server.url() });
  await admin.connect();
  await admin.query("CREATE DATABASE runbook_test");
  await admin.end();
  await migrate(server.url("runbook_test"), join(process.cwd(), "prisma", "migrations"));
  await migrateJobQueue(server.url("runbook_test"));
  process.env.DATABASE_URL = server.url("runbook_test");
  process.env.TEST_POSTGRES_ADMIN_URL = server.url();

  return async () => {
    await server?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
