import "server-only";
import { db } from "@/lib/db";
import { assertRole, type UserActor } from "@/lib/auth/roles";
import { auditEvents } from "@/lib/audit/events";
import { WriteRejectedError } from "@/lib/entries/errors";
import type { JobName } from "./queue";

// What admins see of the job queue (/admin/jobs): jobs that failed and wait for their next
// attempt, and dead jobs (every attempt failed), with the last error; a dead job can be
// tried again from the start, or discarded. Through graphile-worker's own functions.

export const TASK_LABELS: Record<string, string> = {
  "notify:change-requested": "Mail the approvers of a change",
  "notify:change-decided": "Mail the author of a decided change",
  "notify:digest": "The daily digest pass",
  "notify:digest-mail": "One person's daily digest",
  "notify:run": "Announce an incident run",
  "notify:deliver": "Post to a destination",
  "search:words": "Add an import's words to the spelling lexicon",
  "task:run": "A long import or export (its page: /tasks)",
};

/**
 * The jobs of one task in the queue (waiting, retrying, running or dead), newest first,
 * those whose payload holds `payload` when it is given.
 */
export async function jobsOf(task: JobName, payload: Record<string, string> = {}) {
  return db.$queryRaw<{ payload: unknown; attempts: number; maxAttempts: number; locked: boolean }[]>`
    SELECT j.payload, j.attempts, j.max_attempts AS "maxAttempts", j.locked_at IS NOT NULL AS locked
      FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
     WHERE t.identifier = ${task} AND j.payload::jsonb @> ${JSON.stringify(payload)}::jsonb
     ORDER BY j.id DESC`;
}

export type JobRow = { id: string; task: string; attempts: number; maxAttempts: number; lastError: string | null; createdAt: Date; runAt: Date; dead: boolean; locked: boolean };

export async function troubledJobs(): Promise<JobRow[]> {
  return db.$queryRaw<JobRow[]>`
    SELECT id::text, task_identifier AS task, attempts, max_attempts AS "maxAttempts", last_error AS "lastError",
           created_at AS "createdAt", run_at AS "runAt", attempts >= max_attempts AS dead, locked_at IS NOT NULL AS locked
    FROM graphile_worker.jobs
    WHERE last_error IS NOT NULL
    ORDER BY attempts >= max_attempts DESC, created_at DESC
    LIMIT 200`;
}

/** Counts for the page's heading: waiting to run, failing and retrying, dead. */
export async function jobCounts() {
  const [row] = await db.$queryRaw<{ waiting: number; retrying: number; dead: number }[]>`
    SELECT count(*) FILTER (WHERE last_error IS NULL)::int AS waiting,
           count(*) FILTER (WHERE last_error IS NOT NULL AND attempts < max_attempts)::int AS retrying,
           count(*) FILTER (WHERE attempts >= max_attempts)::int AS dead
    FROM graphile_worker.jobs`;
  return row!;
}

/** Runs a failed job again now, with all its attempts back. */
export async function retryJob(actor: UserActor, id: string) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ task: string }[]>`
      SELECT t.identifier AS task FROM graphile_worker.reschedule_jobs(ARRAY[${id}::bigint], run_at => now(), attempts => 0) j
      JOIN graphile_worker._private_tasks t ON t.id = j.task_id`;
    if (!rows.length) throw new WriteRejectedError("This job is gone or running right now; reload the page.");
    await auditEvents(tx, actor, [{ action: "job.retried", entityType: "JOB", entityId: id, detail: { task: rows[0]!.task } }]);
  });
}

/** Drops a dead job for good. */
export async function discardJob(actor: UserActor, id: string) {
  assertRole(actor, "ADMIN");
  await db.$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`SELECT id::text FROM graphile_worker.complete_jobs(ARRAY[${id}::bigint])`;
    if (!rows.length) throw new WriteRejectedError("This job is gone or running right now; reload the page.");
    await auditEvents(tx, actor, [{ action: "job.discarded", entityType: "JOB", entityId: id }]);
  });
}
