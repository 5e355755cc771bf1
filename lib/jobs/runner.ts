import { run, type Runner } from "graphile-worker";
import { quietLogger } from "./queue";
import { crontab, taskList } from "./tasks";

// The job runner of one portal process (scripts/start.ts starts it beside the web server).
// Several portals on one database share the work: each job runs once, in one of them.

export async function startJobRunner(connectionString: string): Promise<Runner> {
  return run({
    connectionString,
    concurrency: 2,
    // The portal stops the runner itself on SIGTERM, after the web server and before PostgreSQL.
    noHandleSignals: true,
    pollInterval: 2_000,
    taskList,
    crontab,
    logger: quietLogger,
  });
}
