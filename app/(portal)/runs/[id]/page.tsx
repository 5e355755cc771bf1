import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { getRun } from "@/lib/runs/runs";
import { finishRunAction, markStepAction, saveRunNotesAction } from "@/lib/runs/actions";
import { RUN_KIND_LABELS, STEP_OUTCOME_LABELS } from "@/lib/validation/runs";
import { describe } from "@/lib/entries";
import { PageHeader } from "@/components/page-header";
import { Markdown } from "@/components/markdown";
import { Time } from "@/components/time";
import { ButtonLink } from "@/components/ui/button";
import { StepBody } from "@/components/runbook/step-body";
import { RunFollower } from "@/components/runs/run-follower";
import { RunStatusBadge, runMinutes, stepDuration } from "@/components/runs/run-parts";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ ended?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const run = await getRun((await params).id);
  return { title: run ? `${RUN_KIND_LABELS[run.kind]}: ${run.procedure.title}` : "Not found" };
}


export default async function RunPage({ params, searchParams }: Props) {
  const [{ id }, { ended }, user] = await Promise.all([params, searchParams, requireUser()]);
  const run = await getRun(id);
  if (!run) notFound();
  const open = run.status === "IN_PROGRESS";
  const followUp = run.steps.filter((s) => s.outcome === "FAILED" || s.outcome === "SKIPPED").length;
  const canEdit = hasRole(user, "EDITOR") && !run.procedure.deletedAt;
  return (
    <article className="space-y-6">
      {ended ? (
        <p role="status" className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 font-medium text-emerald-900">
          Run ended. {followUp ? `${followUp} step${followUp === 1 ? "" : "s"} failed or skipped: update the procedure while it is fresh.` : "Every step went as written."}
        </p>
      ) : null}
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Link href={`/systems/${run.procedure.system.slug}`}>{run.procedure.system.name}</Link>
            <span aria-hidden>›</span>
            <Link href={`/procedures/${run.procedure.id}`}>{run.procedure.title}</Link>
            <span aria-hidden>·</span>
            <RunStatusBadge status={run.status} />
          </span>
        }
        title={`${RUN_KIND_LABELS[run.kind]}: ${run.procedure.title}`}
        description={
          <span className="flex flex-wrap gap-x-2 text-sm">
            {run.incidentRef ? <Link href={`/incidents/${encodeURIComponent(run.incidentRef)}`}>Incident {run.incidentRef}</Link> : null}
            <span>Started by {run.startedByName}, <Time value={run.startedAt} withTime /></span>
            {run.endedAt ? <span>· ended by {run.endedByName}, <Time value={run.endedAt} withTime /> · took {runMinutes(run)} min</span> : null}
            <span>· follows version {run.procedureVersion}{run.procedureVersion !== run.procedure.version ? ` (now version ${run.procedure.version})` : ""}</span>
          </span>
        }
        actions={!open && canEdit ? <ButtonLink href={`/procedures/${run.procedure.id}/edit?run=${run.id}`} variant="primary">Update this procedure</ButtonLink> : null}
      />
      {open ? (
        <RunFollower
          // A newer version of the run (someone else's marks, fetched by "Reload progress") starts the page afresh from it.
          key={run.version}
          runId={run.id}
          startedAt={run.startedAt.toISOString()}
          steps={run.snapshotSteps.map((step, index) => ({ index, instruction: <Markdown>{step.instruction}</Markdown>, command: step.command, expectedResult: step.expectedResult }))}
          marks={run.steps}
          notes={run.notes}
          markStep={markStepAction}
          saveNotes={saveRunNotesAction}
          finish={finishRunAction}
        />
      ) : (
        <>
          {run.summary ? (
            <section aria-labelledby="summary" className="rounded-lg border border-slate-300 bg-white p-4">
              <h2 id="summary" className="text-lg font-bold">Summary</h2>
              <p className="whitespace-pre-wrap">{run.summary}</p>
            </section>
          ) : null}
          <section aria-labelledby="steps" className="space-y-2">
            <h2 id="steps" className="text-lg font-bold">Steps</h2>
            <ol className="space-y-3">
              {run.snapshotSteps.map((step, index) => {
                const mark = run.steps[index]!;
                return (
                  <li key={index} className="grid grid-cols-[2rem_1fr] gap-2 rounded-lg border border-slate-300 bg-white p-3">
                    <span className="text-lg font-bold text-slate-600">{index + 1}.</span>
                    <StepBody instruction={<Markdown>{step.instruction}</Markdown>} command={step.command} expectedResult={step.expectedResult}>
                      <p className="text-sm" data-testid={`step-${index + 1}-result`}>
                        <span className="font-semibold">{STEP_OUTCOME_LABELS[mark.outcome]}</span>
                        {mark.outcome !== "PENDING" ? ` · took ${stepDuration(mark.seconds)} · ${mark.markedByName}` : ""}
                        {mark.reason ? ` · ${mark.reason}` : ""}
                      </p>
                      {mark.observed ? <p className="whitespace-pre-wrap text-sm text-slate-800"><span className="font-semibold">Observed:</span> {mark.observed}</p> : null}
                    </StepBody>
                  </li>
                );
              })}
            </ol>
          </section>
          {run.notes ? (
            <section aria-labelledby="notes">
              <h2 id="notes" className="text-lg font-bold">Notes</h2>
              <p className="whitespace-pre-wrap">{run.notes}</p>
            </section>
          ) : null}
        </>
      )}
      <section aria-labelledby="revisions" className="space-y-2">
        <h2 id="revisions" className="text-lg font-bold">Changes made from this run</h2>
        {run.revisions.length === 0 ? (
          <p className="text-slate-600">None yet.{!open && canEdit ? " “Update this procedure” opens its edit form with this run beside it." : ""}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white text-sm">
            {run.revisions.map((revision) => (
              <li key={revision.id} className="flex flex-wrap gap-x-2 p-3">
                <Link href={`/${describe(revision.entityType).segment}/${revision.entityId}/history?to=${revision.version}`}>
                  {describe(revision.entityType).label} version {revision.version}
                </Link>
                <span>{revision.changeNote}</span>
                <span className="text-slate-600">· {revision.authorName}, <Time value={revision.createdAt} withTime /></span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}
