import Link from "@/components/ui/link";
import { Time } from "@/components/time";
import { differingLabels, type FiringAlert } from "@/lib/alerts/firing";
import type { FormState } from "@/lib/forms";
import { StartIncidentRun } from "./start-incident-run";
import { RefreshWhileFiring } from "./refresh-while-firing";

type Props = {
  alerts: FiringAlert[];
  history: { times: number; last: Date | null };
  /** the failure mode's first procedure, to start as an incident run */
  procedure: { title: string; action: (state: FormState, formData: FormData) => Promise<FormState> } | null;
};

/**
 * "Firing now" on a failure mode's page: since when, what tells the firing alerts apart
 * (the labels whose values differ), where they come from and where to silence them, the
 * incident they opened, and the button that starts the fix as that incident's run.
 */
export function FiringBanner({ alerts, history, procedure }: Props) {
  if (alerts.length === 0) {
    return history.times ? (
      <p className="text-sm text-slate-700" data-testid="firing-history">
        Not firing. Fired {history.times} time{history.times === 1 ? "" : "s"} in the last 30 days, last <Time value={history.last} withTime />.
      </p>
    ) : null;
  }
  const keys = differingLabels(alerts);
  const incident = alerts.find((alert) => alert.incidentRef)?.incidentRef ?? null;
  const summaries = [...new Set(alerts.map((alert) => alert.summary).filter(Boolean))];
  // What tells the alerts apart, on one line: "instance: parser-1, parser-2".
  const apart = keys.map((key) => `${key}: ${[...new Set(alerts.map((alert) => alert.labels[key]).filter(Boolean))].join(", ")}`);
  const links = (alert: FiringAlert) => (
    <>
      {alert.generatorUrl ? <a className="underline" href={alert.generatorUrl} rel="noopener noreferrer">Source</a> : null}
      {alert.silenceUrl ? <a className="underline" href={alert.silenceUrl} rel="noopener noreferrer">Silence</a> : null}
    </>
  );
  return (
    // Compact: on a phone the impact and the first action still follow on the first screen.
    <section role="alert" aria-labelledby="firing-now" className="space-y-2 rounded-lg border-2 border-red-700 bg-red-50 p-3 text-red-950" data-testid="firing-now">
      <h2 id="firing-now" className="font-bold">
        <span aria-hidden className="mr-2 inline-block h-3 w-3 animate-pulse rounded-full bg-red-600 motion-reduce:animate-none" />
        Firing now: {alerts.length} alert{alerts.length === 1 ? "" : "s"}, since <Time value={alerts[0]!.startsAt} withTime />
      </h2>
      <p className="text-sm">
        {incident ? (
          <>
            Incident <Link className="font-semibold underline" href={`/incidents/${encodeURIComponent(incident)}`}>{incident}</Link>
            {apart.length || summaries.length ? " · " : ""}
          </>
        ) : null}
        {apart.map((line) => (
          <code key={line} className="mr-2 rounded bg-white px-1">{line}</code>
        ))}
        {summaries.length === 1 ? <span className="block">{summaries[0]}</span> : null}
      </p>
      <div className="flex flex-wrap items-start gap-x-4 gap-y-2 text-sm">
        {procedure && incident ? <StartIncidentRun action={procedure.action} incidentRef={incident} title={procedure.title} /> : null}
        {alerts.length === 1 ? (
          <span className="flex gap-3 self-center">{links(alerts[0]!)}</span>
        ) : (
          <details className="self-center">
            <summary className="cursor-pointer font-semibold">Each alert, its source and silence</summary>
            <ul className="mt-1 space-y-1">
              {alerts.map((alert) => (
                <li key={alert.id} className="flex flex-wrap gap-x-3">
                  <span className="font-mono">{alert.name}</span>
                  {keys.map((key) => (alert.labels[key] ? <code key={key}>{key}={alert.labels[key]}</code> : null))}
                  <span>
                    since <Time value={alert.startsAt} withTime />
                  </span>
                  {summaries.length > 1 && alert.summary ? <span className="basis-full">{alert.summary}</span> : null}
                  {links(alert)}
                </li>
              ))}
            </ul>
          </details>
        )}
      </div>
      <p className="text-xs text-red-900">Fired {history.times} time{history.times === 1 ? "" : "s"} in the last 30 days. This page looks again every 30 seconds while it fires.</p>
      <RefreshWhileFiring />
    </section>
  );
}
