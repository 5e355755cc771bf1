import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { cacheThisPage } from "@/lib/http/request-context";
import { getProcedure } from "@/lib/data/procedures";
import { EntryDetail } from "@/components/entry/entry-pages";
import { SeverityBadge } from "@/components/ui/badge";
import { ProcedureBody } from "@/components/runbook/procedure-steps";
import type { ProcedureStep } from "@/lib/validation/procedure";
import { drillStatuses, stepStats } from "@/lib/runs/drills";
import { listRunsOfProcedures } from "@/lib/runs/runs";
import { startRunAction } from "@/lib/runs/actions";
import { DrillLine, RunList, stepDuration } from "@/components/runs/run-parts";
import { StartRunForm } from "@/components/runs/start-run-form";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";


type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const procedure = await getProcedure((await params).id);
  return { title: procedure ? `${procedure.title} · ${procedure.system.name}` : "Not found" };
}

export default async function ProcedurePage({ params, searchParams }: Props) {
  const [{ id }, { saved }] = await Promise.all([params, searchParams]);
  const procedure = await getProcedure(id);
  if (!procedure) notFound();
  // What it shows, its read functions name (lib/data/cache-tags.ts).
  cacheThisPage();
  const steps = procedure.steps as ProcedureStep[];
  const [drills, runs, stats] = await Promise.all([drillStatuses([procedure]), listRunsOfProcedures([id]), stepStats(id, steps)]);
  const live = !procedure.deletedAt && !procedure.system.deletedAt;
  return (
    <EntryDetail type="PROCEDURE" id={id} saved={saved} consequence="The procedure is hidden from the runbook and unlinked from view in its failure modes.">
      <DrillLine status={drills.get(id)!} estimatedMinutes={procedure.estimatedMinutes} intervalDays={procedure.drillIntervalDays} />
      <section className="rounded-lg border border-slate-300 bg-white p-4">
        <ProcedureBody procedure={procedure} />
      </section>
      <section aria-labelledby="runs" className="space-y-3">
        <h2 id="runs" className="text-lg font-bold">Runs</h2>
        {live && steps.length ? <StartRunForm action={startRunAction.bind(null, id)} title={procedure.title} /> : null}
        <RunList runs={runs} showProcedure={false} empty="Never run yet: start a drill to see how long it really takes." />
        {stats.some((s) => s.runs > 0) ? (
          <div className="overflow-x-auto">
            <Table variant="plain" className="w-full min-w-[28rem] border-collapse rounded-lg border border-slate-300 bg-white text-sm">
              <TableCaption className="mb-1 text-left font-semibold">How each step went, across all runs</TableCaption>
              <TableHeader variant="plain" className="bg-slate-100 text-left">
                <TableRow>
                  <TableHead>Step</TableHead>
                  <TableHead>Median time</TableHead>
                  <TableHead>Failed</TableHead>
                  <TableHead>Skipped</TableHead>
                  <TableHead>Runs</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody variant="plain">
                {stats.map((stat, index) => (
                  <TableRow key={index} className="border-t border-slate-200">
                    <TableHead scope="row" className="max-w-[20rem] truncate text-left font-normal">{index + 1}. {steps[index]!.instruction}</TableHead>
                    <TableCell>{stepDuration(stat.medianSeconds, true)}</TableCell>
                    <TableCell className={stat.failures ? "font-bold text-red-800" : undefined}>{stat.failures}</TableCell>
                    <TableCell>{stat.skips}</TableCell>
                    <TableCell>{stat.runs}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="used-by" className="space-y-2">
        <h2 id="used-by" className="text-lg font-bold">Fixes these failure modes</h2>
        {procedure.failureModes.length === 0 ? <p className="text-slate-600">No failure mode links to this procedure yet.</p> : (
          <ul className="space-y-1">
            {procedure.failureModes.map((fm) => (
              <li key={fm.id} className="flex items-center gap-2">
                <SeverityBadge severity={fm.severity} />
                <Link href={`/failure-modes/${fm.id}`}>{fm.title}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </EntryDetail>
  );
}
