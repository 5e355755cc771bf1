import type { Metadata } from "next";
import { cacheThisPage } from "@/lib/http/request-context";
import { showsEverything } from "@/lib/data/cache-tags";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { incidentTimeline, type TimelineEvent } from "@/lib/runs/incidents";
import { describe } from "@/lib/entries";
import { RUN_KIND_LABELS, RUN_STATUS_LABELS, STEP_OUTCOME_LABELS } from "@/lib/validation/runs";
import { PageHeader } from "@/components/page-header";
import { Time } from "@/components/time";

type Props = { params: Promise<{ ref: string }> };

/** The reference as written: the address may still hold it percent-encoded, or hold a lone "%" that is not an escape. */
function refOf(raw: string) {
  try {
    return decodeURIComponent(raw).trim();
  } catch {
    return raw.trim();
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Incident ${refOf((await params).ref)}` };
}

function What({ event }: { event: TimelineEvent }) {
  switch (event.kind) {
    case "run-started":
      return <><Link href={`/runs/${event.runId}`}>{RUN_KIND_LABELS[event.runKind]} run of {event.procedure}</Link> started</>;
    case "step":
      return (
        <>
          {event.procedure}, step {event.step}: <strong>{STEP_OUTCOME_LABELS[event.outcome].toLowerCase()}</strong>
          {event.reason ? ` — ${event.reason}` : ""}
          {event.observed ? <span className="block whitespace-pre-wrap text-slate-700">Observed: {event.observed}</span> : null}
        </>
      );
    case "run-ended":
      return (
        <>
          <Link href={`/runs/${event.runId}`}>Run of {event.procedure}</Link> ended: <strong>{RUN_STATUS_LABELS[event.status].toLowerCase()}</strong>
          {event.summary ? <span className="block whitespace-pre-wrap text-slate-700">{event.summary}</span> : null}
        </>
      );
    case "alert-fired":
    case "alert-resolved":
      return (
        <>
          Alert <Link className="font-mono font-semibold" href={`/alerts/${encodeURIComponent(event.name)}`}>{event.name}</Link> <strong>{event.kind === "alert-fired" ? "fired" : "resolved"}</strong>
          {event.generatorUrl ? (
            <>
              {" "}
              (<a href={event.generatorUrl} rel="noopener noreferrer">source</a>)
            </>
          ) : null}
        </>
      );
    case "revision": {
      const desc = describe(event.entityType);
      return (
        <>
          <Link href={`/${desc.segment}/${event.entityId}/history?to=${event.version}`}>{desc.label} {event.title}, version {event.version}</Link> saved: {event.changeNote}
          {event.runId ? <> (<Link href={`/runs/${event.runId}`}>from a run</Link>)</> : null}
        </>
      );
    }
  }
}

export default async function IncidentPage({ params }: Props) {
  // Kept by the page cache until the next write to runbook data (lib/server/page-cache.ts).
  cacheThisPage();
  showsEverything();
  await requireUser();
  const ref = refOf((await params).ref);
  const timeline = await incidentTimeline(ref);
  return (
    <>
      <PageHeader
        eyebrow="Incident"
        title={ref}
        description={
          timeline.events.length ? (
            <>
              {timeline.incident ? (
                <span className="block">
                  {timeline.incident.title} · opened by an alert that started <Time value={timeline.incident.openedAt} withTime />
                  {timeline.incident.resolvedAt ? (
                    <>
                      , resolved <Time value={timeline.incident.resolvedAt} withTime />
                    </>
                  ) : (
                    <strong className="text-red-800"> · firing</strong>
                  )}
                </span>
              ) : null}
              {timeline.alerts ? `${timeline.alerts} alert${timeline.alerts === 1 ? "" : "s"}, ` : ""}
              {`${timeline.runs} run${timeline.runs === 1 ? "" : "s"} and ${timeline.revisions} change${timeline.revisions === 1 ? "" : "s"} to the runbooks, in time order (UTC).`}
            </>
          ) : undefined
        }
      />
      {timeline.events.length === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-4">
          No run and no change names {ref} yet. Start an incident run from a procedure with this reference, or give it as the incident when you save a change.
        </p>
      ) : (
        <ol className="relative space-y-0 border-l-2 border-slate-300 pl-4" aria-label={`Timeline of ${ref}`}>
          {timeline.events.map((event, index) => (
            <li key={index} className="relative pb-4" data-testid="timeline-event">
              <span aria-hidden className="absolute -left-[1.42rem] top-1.5 h-3 w-3 rounded-full border-2 border-white bg-slate-500" />
              <p className="text-sm text-slate-600"><Time value={event.at} withTime /> · {event.who}</p>
              <p>
                <What event={event} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
