import { EventEmitter } from "node:events";
import pg from "pg";
import { run, type WorkerEvents } from "graphile-worker";
import { quietLogger } from "./queue";
import { workerTimeoutSeconds } from "./settings";
import { crontab, taskList } from "./tasks";

// The job runner of one portal process (scripts/start.ts starts it beside the web server).
// Several portals on one database share the work: each job runs once, in one of them.
//
// A process killed in the middle of a job (kill -9, a lost machine) cannot hand the job
// back; graphile-worker would leave it locked for four hours. So each runner's workers
// beat a heartbeat (table JobWorker) and every runner hands back the jobs of workers whose
// heartbeat stopped for RUNBOOK_WORKER_TIMEOUT_SECONDS (graphile-worker's
// force_unlock_workers): the job runs again, in this portal or another, soon after.

export async function startJobRunner(connectionString: string): Promise<{ stop: () => Promise<void> }> {
  // Our own pool, listened to for as long as it lives: a connection the database ends
  // (a restart, or stopping it after us) is said, never an unhandled error that kills the process.
  const pool = new pg.Pool({ connectionString, max: 4 });
  pool.on("error", (error) => console.warn(`[jobs] database connection lost: ${error.message}`));
  const timeout = workerTimeoutSeconds();
  const workers = new Set<string>();
  const events: WorkerEvents = new EventEmitter();
  events.on("worker:create", ({ worker }) => workers.add(worker.workerId));

  const beat = async () => {
    if (workers.size) {
      await pool.query(
        `INSERT INTO "JobWorker" (id, "heartbeatAt") SELECT unnest($1::text[]), now() ON CONFLICT (id) DO UPDATE SET "heartbeatAt" = now()`,
        [[...workers]],
      );
    }
    // Workers silent for too long belong to a process that died: their jobs run again.
    const { rows } = await pool.query<{ id: string }>(`DELETE FROM "JobWorker" WHERE "heartbeatAt" < now() - make_interval(secs => $1) RETURNING id`, [timeout]);
    if (rows.length) {
      await pool.query("SELECT graphile_worker.force_unlock_workers($1::text[])", [rows.map((row) => row.id)]);
      console.warn(`[jobs] handed back the jobs of ${rows.length} worker(s) that stopped answering`);
    }
  };
  const runner = await run({
    pgPool: pool,
    concurrency: 2,
    // The portal stops the runner itself on SIGTERM, after the web server and before PostgreSQL.
    noHandleSignals: true,
    pollInterval: 2_000,
    taskList,
    crontab,
    logger: quietLogger,
    events,
  });
  await beat().catch((error) => console.warn(`[jobs] heartbeat failed: ${error.message}`));
  const timer = setInterval(() => void beat().catch((error) => console.warn(`[jobs] heartbeat failed: ${error.message}`)), Math.max(1_000, (timeout * 1000) / 4));
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await runner.stop().catch(() => {});
      await pool.query(`DELETE FROM "JobWorker" WHERE id = ANY($1::text[])`, [[...workers]]).catch(() => {});
      await pool.end().catch(() => {});
    },
  };
}
