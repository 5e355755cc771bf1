// The job runner's one setting, read without a database: npm start checks it first.

/** Seconds after which a silent worker's jobs go back to the queue: RUNBOOK_WORKER_TIMEOUT_SECONDS, 60 by default. */
export function workerTimeoutSeconds(env: Record<string, string | undefined> = process.env): number {
  const seconds = Number(env.RUNBOOK_WORKER_TIMEOUT_SECONDS ?? 60);
  if (!Number.isInteger(seconds) || seconds < 5) throw new Error("RUNBOOK_WORKER_TIMEOUT_SECONDS must be a whole number of seconds, 5 or more");
  return seconds;
}
