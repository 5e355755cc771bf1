import type { Task, TaskList } from "graphile-worker";
import type { JobName, JobPayloads } from "./queue";
import { mailChangeDecided, mailChangeRequested } from "@/lib/notify/change-requests";
import { queueDigests } from "@/lib/notify/digest";
import { sendDigestMail } from "@/lib/notify/digest-mail";
import { deliver } from "@/lib/notify/destinations";
import { announceRun } from "@/lib/notify/runs";
import { runTask } from "@/lib/tasks/long-tasks";
import { addSearchWordsSince } from "@/lib/search/words";

// What each job does. A task that throws is retried with back-off (graphile-worker:
// exponential, up to the job's attempts); after the last attempt the job stays, failed,
// for an admin to see and retry (/admin/jobs).

type Attempt = { attempt: number; maxAttempts: number };
type Tasks = { [Name in JobName]: (payload: JobPayloads[Name], attempt: Attempt) => Promise<unknown> };

const TASKS: Tasks = {
  "notify:change-requested": ({ changeRequestId }) => mailChangeRequested(changeRequestId),
  "notify:change-decided": ({ changeRequestId }) => mailChangeDecided(changeRequestId),
  "notify:digest": ({ force }) => queueDigests({ force: !!force }),
  "notify:digest-mail": (mail) => sendDigestMail(mail),
  "notify:run": ({ runId, event }) => announceRun(runId, event),
  "notify:deliver": ({ destinationId, message }, { attempt, maxAttempts }) => deliver(destinationId, message, attempt, maxAttempts),
  "search:words": ({ since }) => addSearchWordsSince(new Date(since)),
  "task:run": ({ taskId }) => runTask(taskId),
};

export const taskList: TaskList = Object.fromEntries(
  Object.entries(TASKS).map(([name, run]) => [
    name,
    (async (payload, helpers) => {
      await (run as (p: unknown, a: Attempt) => Promise<unknown>)(payload, { attempt: helpers.job.attempts, maxAttempts: helpers.job.max_attempts });
    }) satisfies Task,
  ]),
);

/** What runs on a schedule, once across every portal (graphile-worker's cron): the digest pass, every hour on the hour. */
export const crontab = "0 * * * * notify:digest\n";
