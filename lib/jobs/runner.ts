import pg from "pg";
import { run } from "graphile-worker";
import { quietLogger } from "./queue";
import { crontab, taskList } from "./tasks";

// The job runner of one portal process (scripts/start.ts starts it beside the web server).
// Several portals on one database share the work: each job runs once, in one of them.

export async function startJobRunner(connectionString: string): Promise<{ stop: () => Promise<void> }> {
  // Our own pool, listened to for as long as it lives: a connection the database ends
  // (a restart, or stopping it after us) is said, never an unhandled error that kills the process.
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on("error", (error) => console.warn(`[jobs] database connection lost: ${error.message}`));
  const runner = await run({
    pgPool: pool,
    concurrency: 2,
    // The portal stops the runner itself on SIGTERM, after the web server and before PostgreSQL.
    noHandleSignals: true,
    pollInterval: 2_000,
    taskList,
    crontab,
    logger: quietLogger,
  });
  return {
    stop: async () => {
      await runner.stop().catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
