import Link from "@/components/ui/link";
import { SeverityBadge } from "@/components/ui/badge";
import { Time } from "@/components/time";
import type { FiringFailureMode } from "@/lib/alerts/firing";
import { RefreshWhileFiring } from "./refresh-while-firing";

/** The dashboard's first section while anything fires: each failure mode firing, most severe first. */
export function FiringNow({ firing }: { firing: FiringFailureMode[] }) {
  if (firing.length === 0) return null;
  return (
    <section aria-labelledby="firing-now" className="space-y-2 rounded-lg border-2 border-red-700 bg-red-50 p-4" data-testid="dashboard-firing">
      <h2 id="firing-now" className="text-xl font-bold text-red-950">
        Firing now <span className="text-base font-semibold">({firing.length})</span>
      </h2>
      <ul className="space-y-2">
        {firing.map((fm) => (
          <li key={fm.id} className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <SeverityBadge severity={fm.severity} />
            <Link className="font-semibold underline" href={`/failure-modes/${fm.id}`}>
              {fm.title}
            </Link>
            <span className="text-sm text-slate-800">
              {fm.systemName} · {fm.alerts} alert{fm.alerts === 1 ? "" : "s"} since <Time value={fm.since} withTime />
              {fm.incidentRef ? (
                <>
                  {" "}
                  · <Link href={`/incidents/${encodeURIComponent(fm.incidentRef)}`}>{fm.incidentRef}</Link>
                </>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <RefreshWhileFiring />
    </section>
  );
}
