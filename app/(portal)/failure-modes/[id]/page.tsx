import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getFailureMode } from "@/lib/data/failure-modes";
import { cacheThisPage } from "@/lib/http/request-context";
import { EntryDetail } from "@/components/entry/entry-pages";
import { Markdown } from "@/components/markdown";
import { SeverityBadge } from "@/components/ui/badge";
import { AlertNames, ImmediateActions } from "@/components/runbook/failure-mode-parts";
import { ProcedureBody } from "@/components/runbook/procedure-steps";
import { drillStatuses } from "@/lib/runs/drills";
import { listRunsOfProcedures } from "@/lib/runs/runs";
import { startRunAction } from "@/lib/runs/actions";
import { DrillLine, RunList } from "@/components/runs/run-parts";
import { StartRunForm } from "@/components/runs/start-run-form";
import { firingFor, firingHistory } from "@/lib/alerts/firing";
import { FiringBanner } from "@/components/alerts/firing-banner";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const fm = await getFailureMode((await params).id);
  if (!fm) return { title: "Not found" };
  // The alert names, machine-readable: a copy saved offline (public/sw.js) opens from /alerts/<name> too.
  return { title: `${fm.title} · ${fm.system.name}`, other: fm.alertNames.length ? { "runbook-alerts": fm.alertNames.join(" ") } : {} };
}

export default async function FailureModePage({ params, searchParams }: Props) {
  const [{ id }, { saved }] = await Promise.all([params, searchParams]);
  const fm = await getFailureMode(id);
  if (!fm) notFound();
  // What it shows, its read functions name (lib/data/cache-tags.ts).
  cacheThisPage();
  const [drills, runs, firing, history] = await Promise.all([drillStatuses(fm.procedures), listRunsOfProcedures(fm.procedures.map((p) => p.id)), firingFor(fm.alertNames), firingHistory(fm.alertNames)]);
  const live = !fm.deletedAt && !fm.system.deletedAt;
  const fix = live ? fm.procedures.find((procedure) => (procedure.steps as unknown[]).length) : undefined;
  return (
    <EntryDetail type="FAILURE_MODE" id={id} saved={saved} badges={<SeverityBadge severity={fm.severity} />} description={<AlertNames names={fm.alertNames} />} consequence="The failure mode is hidden from the runbook and its alerts stop resolving to it.">
      {/* Whether it is happening now, first of all. */}
      <FiringBanner alerts={firing} history={history} procedure={fix ? { title: fix.title, action: startRunAction.bind(null, fix.id) } : null} />
      {/* What it means for customers, then what to do: on a phone's first screen, before detection and causes. */}
      <section aria-labelledby="impact" className="rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="impact" className="text-xs font-semibold uppercase tracking-wide text-slate-600">Customer impact</h2>
        <Markdown>{fm.customerImpact || "—"}</Markdown>
      </section>
      <section aria-labelledby="actions" className="rounded-lg border-2 border-blue-800 bg-white p-4">
        <h2 id="actions" className="mb-2 text-lg font-bold">Immediate actions</h2>
        {fm.immediateActions.length ? <ImmediateActions steps={fm.immediateActions} /> : <p className="text-slate-600">None written down yet.</p>}
      </section>
      <section aria-labelledby="detection" className="rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="detection" className="text-xs font-semibold uppercase tracking-wide text-slate-600">Detection</h2>
        <Markdown>{fm.detection || "—"}</Markdown>
      </section>
      {fm.causes ? (
        <section aria-labelledby="causes">
          <h2 id="causes" className="text-lg font-bold">Causes</h2>
          <Markdown>{fm.causes}</Markdown>
        </section>
      ) : null}
      {fm.escalation ? (
        <section aria-labelledby="escalation">
          <h2 id="escalation" className="text-lg font-bold">Escalation</h2>
          <Markdown>{fm.escalation}</Markdown>
          <p className="text-sm"><Link href={`/systems/${fm.system.slug}#escalation`}>The escalation ladder of {fm.system.name}</Link></p>
        </section>
      ) : null}
      <section aria-labelledby="procedures" className="space-y-3">
        <h2 id="procedures" className="text-lg font-bold">Procedures that fix it</h2>
        {fm.procedures.length === 0 ? <p className="text-slate-600">No procedure linked.</p> : null}
        {fm.procedures.map((procedure) => (
          <div key={procedure.id} className="rounded-lg border border-slate-300 bg-white p-4">
            <h3 className="mb-2 text-base font-bold"><Link href={`/procedures/${procedure.id}`}>{procedure.title}</Link></h3>
            <DrillLine status={drills.get(procedure.id)!} estimatedMinutes={procedure.estimatedMinutes} intervalDays={procedure.drillIntervalDays} />
            <ProcedureBody procedure={procedure} />
            {live && (procedure.steps as unknown[]).length ? <div className="mt-3"><StartRunForm action={startRunAction.bind(null, procedure.id)} title={procedure.title} /></div> : null}
          </div>
        ))}
      </section>
      <section aria-labelledby="runs" className="space-y-2">
        <h2 id="runs" className="text-lg font-bold">Runs of these procedures</h2>
        <RunList runs={runs} empty="No run yet." />
      </section>
    </EntryDetail>
  );
}
