import type { Task, TaskList } from "graphile-worker";
import type { JobName, JobPayloads } from "./queue";
import { mailChangeDecided, mailChangeRequested } from "@/lib/notify/change-requests";
import { sendDigests } from "@/lib/notify/digest";

// What each job does. A task that throws is retried with back-off (graphile-worker:
// exponential, up to the job's attempts); after the last attempt the job stays, failed,
// for an admin to see.

type Tasks = { [Name in JobName]: (payload: JobPayloads[Name]) => Promise<unknown> };

const TASKS: Tasks = {
  "notify:change-requested": ({ changeRequestId }) => mailChangeRequested(changeRequestId),
  "notify:change-decided": ({ changeRequestId }) => mailChangeDecided(changeRequestId),
  "notify:digest": ({ force }) => sendDigests({ force: !!force }),
};

export const taskList: TaskList = Object.fromEntries(
  Object.entries(TASKS).map(([name, run]) => [name, (async (payload) => void (await (run as (p: unknown) => Promise<unknown>)(payload))) satisfies Task]),
);

/** What runs on a schedule, once across every portal (graphile-worker's cron): the digest pass, every hour on the hour. */
export const crontab = "0 * * * * notify:digest\n";
