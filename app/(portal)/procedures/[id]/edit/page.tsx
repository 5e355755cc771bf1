import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { EntryEditPage } from "@/components/entry/entry-pages";
import { getRun, type RunView } from "@/lib/runs/runs";
import { ENTITY_ID } from "@/lib/validation/common";
import { RUN_KIND_LABELS, STEP_OUTCOME_LABELS } from "@/lib/validation/runs";

export const metadata: Metadata = { title: "Edit" };

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ run?: string | string[] }> };

/** What the run found, beside the form: the steps that failed or were skipped, and what was seen. */
function RunFindings({ run }: { run: RunView }) {
  const noted = run.steps.filter((s) => s.outcome === "FAILED" || s.outcome === "SKIPPED" || s.observed);
  return (
    <section aria-labelledby="run-findings" className="space-y-2 rounded-lg border border-amber-400 bg-amber-50 p-3 text-sm">
      <h2 id="run-findings" className="text-base font-bold">
        From the <Link href={`/runs/${run.id}`}>{RUN_KIND_LABELS[run.kind].toLowerCase()}{run.incidentRef ? ` for ${run.incidentRef}` : ""}</Link>
      </h2>
      {noted.length === 0 ? <p>Every step went as written; nothing was observed.</p> : null}
      <ol className="space-y-2">
        {noted.map((mark) => (
          <li key={mark.index} className="rounded border border-amber-300 bg-white p-2">
            <p className="font-semibold">Step {mark.index + 1}: {STEP_OUTCOME_LABELS[mark.outcome].toLowerCase()}{mark.reason ? ` — ${mark.reason}` : ""}</p>
            <p className="text-slate-700">{run.snapshotSteps[mark.index]?.instruction}</p>
            {mark.observed ? <p className="whitespace-pre-wrap"><span className="font-semibold">Observed:</span> {mark.observed}</p> : null}
          </li>
        ))}
      </ol>
      {run.summary ? <p className="whitespace-pre-wrap"><span className="font-semibold">Summary:</span> {run.summary}</p> : null}
      {run.notes ? <p className="whitespace-pre-wrap"><span className="font-semibold">Notes:</span> {run.notes}</p> : null}
    </section>
  );
}

export default async function Page({ params, searchParams }: Props) {
  const [{ id }, { run: runParam }] = await Promise.all([params, searchParams]);
  const runId = ENTITY_ID.safeParse(runParam);
  const run = runId.success ? await getRun(runId.data) : null;
  // A run of another procedure (an edited link) is ignored, not shown beside this one.
  if (!run || run.procedureId !== id) return <EntryEditPage type="PROCEDURE" id={id} />;
  const label = run.incidentRef ?? `the drill of ${run.startedAt.toISOString().slice(0, 10)}`;
  return (
    <EntryEditPage
      type="PROCEDURE"
      id={id}
      aside={<RunFindings run={run} />}
      meta={{ runId: run.id, incidentRef: run.incidentRef ?? "", changeNote: `After ${label}: ` }}
    />
  );
}
