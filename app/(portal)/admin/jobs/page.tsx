import type { Metadata } from "next";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { jobCounts, TASK_LABELS, troubledJobs } from "@/lib/jobs/admin";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { Time } from "@/components/time";
import { JobButton } from "./job-button";

export const metadata: Metadata = { title: "Jobs" };

export default async function JobsPage({ searchParams }: { searchParams: Promise<{ retried?: string; discarded?: string }> }) {
  const user = await requireUser();
  const { retried, discarded } = await searchParams;
  const done = retried && /^\d+$/.test(retried) ? `Job #${retried} runs again within seconds, with all its attempts.` : discarded && /^\d+$/.test(discarded) ? `Job #${discarded} was discarded.` : null;
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="see the portal's background jobs" />;
  const [jobs, counts] = await Promise.all([troubledJobs(), jobCounts()]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Jobs"
        description="Mails and posts go out as jobs, run by every portal process. A job that fails is tried again with growing waits; one that failed every attempt is dead and waits here for you."
      />
      {done ? (
        <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm font-medium text-emerald-900">
          {done}
        </p>
      ) : null}
      <p className="text-slate-800">
        {counts.waiting} waiting to run · {counts.retrying} failing and to be tried again · {counts.dead} dead
      </p>
      {jobs.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-400 bg-white p-4 text-slate-700">No failed jobs. Everything sent went out.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Failed jobs, dead ones first</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="p-2">Job</th>
                <th scope="col" className="p-2">Attempts</th>
                <th scope="col" className="p-2">Last error</th>
                <th scope="col" className="p-2">Next</th>
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.id} className="border-t border-slate-200 align-top">
                  <td className="p-2">
                    <span className="font-semibold">{TASK_LABELS[job.task] ?? job.task}</span>
                    <span className="block text-slate-600">
                      #{job.id}, queued <Time value={job.createdAt} withTime />
                    </span>
                  </td>
                  <td className="p-2">
                    {job.attempts} of {job.maxAttempts}
                  </td>
                  <td className="p-2 break-words text-red-800">{job.lastError}</td>
                  <td className="p-2">
                    {job.dead ? (
                      <div className="flex flex-wrap gap-2">
                        <span className="font-semibold text-red-800">Dead</span>
                        <JobButton id={job.id} then="retry" label="Retry" />
                        <JobButton id={job.id} then="discard" label="Discard" />
                      </div>
                    ) : job.locked ? (
                      "Running now"
                    ) : (
                      <>
                        Tried again <Time value={job.runAt} withTime />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
