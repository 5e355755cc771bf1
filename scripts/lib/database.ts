// The database a command-line tool (npm run export, npm run import) works on: DATABASE_URL
// when set; otherwise the portal's embedded PostgreSQL, reached where `npm start` runs it,
// or started for the length of the command when the portal is not running.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isAlive, reachableDataDir, runningPostmaster, startEmbeddedPostgres } from "../../lib/db/embedded-postgres";
import { migrate } from "../../lib/db/migrate";
import { projectRoot } from "./next";

export async function withDatabase<T>(work: () => Promise<T>, say: (message: string) => void = () => {}): Promise<T> {
  if (process.env.DATABASE_URL) return work();
  const root = projectRoot();
  const dataDir = process.env.RUNBOOK_DATA_DIR || join(root, ".data");
  const secretsFile = join(dataDir, "secrets.json");
  if (!existsSync(secretsFile)) throw new Error(`No portal data in ${dataDir}: start the portal once with \`npm start\`, or set DATABASE_URL.`);
  const { postgresPassword } = JSON.parse(readFileSync(secretsFile, "utf8")) as { postgresPassword: string };
  const { dir } = reachableDataDir(join(dataDir, "pg"));
  const url = (port: number) => `postgresql://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${port}/postgres`;

  const pid = runningPostmaster(dir);
  if (pid && isAlive(pid)) {
    // postmaster.pid: pid, data folder, start time, port, …
    const port = Number(readFileSync(join(dir, "postmaster.pid"), "utf8").split("\n")[3]);
    process.env.DATABASE_URL = url(port);
    return work();
  }
  say("the portal is not running: starting its database for this command");
  const postgres = await startEmbeddedPostgres({ dataDir: dir, password: postgresPassword });
  try {
    process.env.DATABASE_URL = postgres.url();
    await migrate(process.env.DATABASE_URL, join(root, "prisma", "migrations"));
    return await work();
  } finally {
    await postgres.stop();
  }
}
