import { cacheThisPage } from "@/lib/http/request-context";
import { showsEverything } from "@/lib/data/cache-tags";
import type { Metadata } from "next";
import { requireUser } from "@/lib/session";
import { listRecentRuns } from "@/lib/runs/runs";
import { PageHeader } from "@/components/page-header";
import { RunList } from "@/components/runs/run-parts";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage() {
  // Kept by the page cache until the next write to runbook data (lib/server/page-cache.ts).
  cacheThisPage();
  showsEverything();
  await requireUser();
  const { open, ended } = await listRecentRuns();
  return (
    <>
      <PageHeader title="Runs" description="Procedures followed step by step, as drills or during incidents. Start one from a procedure or a failure mode." />
      <section aria-labelledby="open-runs" className="mb-6 space-y-2">
        <h2 id="open-runs" className="text-lg font-bold">In progress</h2>
        <RunList runs={open} empty="No run is in progress." />
      </section>
      <section aria-labelledby="ended-runs" className="space-y-2">
        <h2 id="ended-runs" className="text-lg font-bold">Latest ended</h2>
        <RunList runs={ended} empty="No run has ended yet." />
      </section>
    </>
  );
}
