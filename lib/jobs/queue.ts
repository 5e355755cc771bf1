import pg from "pg";
import { Logger, runMigrations } from "graphile-worker";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { Message } from "@/lib/notify/channels";
import type { DigestMail } from "@/lib/notify/digest-mail";

// The job queue: graphile-worker, on the portal's own PostgreSQL (README, "Notifications").
// A job is added by SQL in the transaction of the change that causes it (an outbox): a
// change rolled back adds no job, a committed one never loses it. Every portal process
// runs the jobs (lib/jobs/runner.ts); PostgreSQL hands each job to one of them.

/** The tasks the portal runs, by name, and what each is given. */
export type JobPayloads = {
  /** a change request was opened: mail everyone who may decide it */
  "notify:change-requested": { changeRequestId: string };
  /** a change request was approved or rejected: mail its author */
  "notify:change-decided": { changeRequestId: string };
  /** the hourly pass that queues the daily digests due at this hour (RUNBOOK_DIGEST_HOUR, or a person's own); `force`: all now */
  "notify:digest": { force?: boolean };
  /** one person's digest of the day, claimed by the pass */
  "notify:digest-mail": DigestMail;
  /** an incident run started or ended: tell its system's team destinations */
  "notify:run": { runId: string; event: "started" | "ended" };
  /** one post to one chat channel or webhook */
  "notify:deliver": { destinationId: string; message: Message };
  /** the spelling words of the search rows an import wrote (since its transaction began), after it commits */
  "search:words": { since: string };
  /** a long import or export, followed on /tasks/<id> (lib/tasks/long-tasks.ts) */
  "task:run": { taskId: string };
};

export type JobName = keyof JobPayloads;

type Sql = Pick<Prisma.TransactionClient, "$executeRaw">;

/** Adds a job in the caller's transaction. */
export async function addJob<Name extends JobName>(tx: Sql, name: Name, payload: JobPayloads[Name], options: { maxAttempts?: number } = {}) {
  await tx.$executeRaw`SELECT graphile_worker.add_job(${name}::text, ${JSON.stringify(payload)}::json, max_attempts => ${options.maxAttempts ?? 10}::int)`;
}

/** Our own lock around the queue's migrations: portals started together would each create its schema at once. */
const JOB_QUEUE_LOCK = 72_707_101;

/** Installs or updates the queue's own tables (schema graphile_worker), after the portal's migrations; one portal at a time. */
export async function migrateJobQueue(connectionString: string) {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [JOB_QUEUE_LOCK]);
    await runMigrations({ connectionString, logger: quietLogger });
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [JOB_QUEUE_LOCK]).catch(() => {});
    await client.end();
  }
}


/** graphile-worker's log, through the portal's: warnings and errors only. */
export const quietLogger = new Logger(() => (level: string, message: string) => {
  if (level === "error" || level === "warning") console.warn(`[jobs] ${message}`);
});
