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
  return (
    <section role="alert" aria-labelledby="firing-now" className="space-y-3 rounded-lg border-2 border-red-700 bg-red-50 p-4 text-red-950" data-testid="firing-now">
      <h2 id="firing-now" className="text-lg font-bold">
        <span aria-hidden className="mr-2 inline-block h-3 w-3 animate-pulse rounded-full bg-red-600 motion-reduce:animate-none" />
        Firing now: {alerts.length} alert{alerts.length === 1 ? "" : "s"}, since <Time value={alerts[0]!.startsAt} withTime />
      </h2>
      {incident ? (
        <p>
          Incident <Link className="font-semibold underline" href={`/incidents/${encodeURIComponent(incident)}`}>{incident}</Link> opened for it.
        </p>
      ) : null}
      <ul className="space-y-1 text-sm">
        {alerts.map((alert) => (
          <li key={alert.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
            <span className="font-mono font-semibold">{alert.name}</span>
            {keys.map((key) => (alert.labels[key] ? <code key={key} className="rounded bg-white px-1">{key}={alert.labels[key]}</code> : null))}
            <span>
              since <Time value={alert.startsAt} withTime />
            </span>
            {alert.summary ? <span className="basis-full text-red-900">{alert.summary}</span> : null}
            {alert.generatorUrl ? <a className="underline" href={alert.generatorUrl} rel="noopener noreferrer">Source</a> : null}
            {alert.silenceUrl ? <a className="underline" href={alert.silenceUrl} rel="noopener noreferrer">Silence</a> : null}
          </li>
        ))}
      </ul>
      {procedure && incident ? <StartIncidentRun action={procedure.action} incidentRef={incident} title={procedure.title} /> : null}
      <p className="text-xs text-red-900">Fired {history.times} time{history.times === 1 ? "" : "s"} in the last 30 days. This page looks again every 30 seconds while it fires.</p>
      <RefreshWhileFiring />
    </section>
  );
}
