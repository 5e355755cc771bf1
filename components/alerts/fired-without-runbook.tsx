import { Time } from "@/components/time";
import type { Unwritten } from "@/lib/alerts/firing";

const SHOWN_LABELS = 4;

/** Alerts that fired and that no failure mode lists: the runbooks to write next, each with its button. */
export function FiredWithoutRunbook({ alerts, systems, canWrite }: { alerts: Unwritten[]; systems: { slug: string; name: string }[]; canWrite: boolean }) {
  const sorted = [...alerts].sort((a, b) => b.lastAt.getTime() - a.lastAt.getTime());
  return (
    <section aria-labelledby="fired-without-runbook" className="space-y-3">
      <h2 id="fired-without-runbook" className="text-xl font-bold">
        Fired without a runbook <span className="text-base font-semibold text-slate-600">({sorted.length})</span>
      </h2>
      <p className="text-sm text-slate-700">Alerts your monitoring sent in the last 30 days that no failure mode lists. Whoever gets one of these at 2am finds nothing here yet.</p>
      {sorted.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-400 bg-white p-4 text-slate-700">None: every alert that fired has a runbook (or no alert has arrived; see the README, “Live alerts”).</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Alerts that fired without a runbook, most recent first</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="p-2">Alert</th>
                <th scope="col" className="p-2">Fired</th>
                <th scope="col" className="p-2">Labels</th>
                {canWrite ? <th scope="col" className="p-2">Runbook</th> : null}
              </tr>
            </thead>
            <tbody>
              {sorted.map((alert) => {
                const labels = Object.entries(alert.labels).filter(([key]) => key !== "alertname");
                return (
                  <tr key={alert.name} className="border-t border-slate-200 align-top">
                    <td className="p-2 font-mono font-semibold">
                      {alert.name}
                      {alert.firing ? <span className="ml-2 rounded bg-red-700 px-1.5 py-0.5 font-sans text-xs font-bold text-white">firing</span> : null}
                    </td>
                    <td className="p-2">
                      {alert.times} time{alert.times === 1 ? "" : "s"}, last <Time value={alert.lastAt} withTime />
                    </td>
                    <td className="p-2">
                      {labels.slice(0, SHOWN_LABELS).map(([key, value]) => (
                        <code key={key} className="mr-1 inline-block rounded bg-slate-100 px-1">
                          {key}={value}
                        </code>
                      ))}
                      {labels.length > SHOWN_LABELS ? <span className="text-slate-600">+{labels.length - SHOWN_LABELS} more</span> : null}
                    </td>
                    {canWrite ? (
                      <td className="p-2">
                        <form method="get" action="/coverage/write" className="flex flex-wrap items-end gap-2">
                          <input type="hidden" name="alert" value={alert.name} />
                          <label className="text-xs font-semibold">
                            System
                            <select name="system" required className="block rounded border border-slate-400 bg-white px-2 py-1 text-sm font-normal" defaultValue="">
                              <option value="" disabled>
                                Pick a system
                              </option>
                              {systems.map((system) => (
                                <option key={system.slug} value={system.slug}>
                                  {system.name}
                                </option>
                              ))}
                            </select>
                          </label>
                          <button type="submit" className="rounded bg-blue-800 px-3 py-1.5 text-sm font-semibold text-white hover:bg-blue-900" aria-label={`Write the runbook for ${alert.name}`}>
                            Write the runbook
                          </button>
                        </form>
                      </td>
                    ) : null}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
