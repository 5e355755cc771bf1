import type { Task, TaskList } from "graphile-worker";
import type { JobName, JobPayloads } from "./queue";
import { mailChangeDecided, mailChangeRequested } from "@/lib/notify/change-requests";

// What each job does. A task that throws is retried with back-off (graphile-worker:
// exponential, up to the job's attempts); after the last attempt the job stays, failed,
// for an admin to see.

type Tasks = { [Name in JobName]: (payload: JobPayloads[Name]) => Promise<unknown> };

const TASKS: Tasks = {
  "notify.change-requested": ({ changeRequestId }) => mailChangeRequested(changeRequestId),
  "notify.change-decided": ({ changeRequestId }) => mailChangeDecided(changeRequestId),
};

export const taskList: TaskList = Object.fromEntries(
  Object.entries(TASKS).map(([name, run]) => [name, (async (payload) => void (await (run as (p: unknown) => Promise<unknown>)(payload))) satisfies Task]),
);
