import Link from "@/components/ui/link";
import { Time } from "@/components/time";
import type { RunKind, RunStatus } from "@/lib/generated/prisma/enums";
import { RUN_KIND_LABELS, RUN_STATUS_LABELS } from "@/lib/validation/runs";
import { drillSummary, type DrillStatus } from "@/lib/runs/drill-status";

// Small pieces that show runs and drills wherever procedures appear.

const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

/** "Drill overdue" / "Never drilled" as a badge; nothing when the drill is current. */
export function DrillBadge({ status }: { status: DrillStatus }) {
  if (status.state === "current") return null;
  const text = status.state === "never" ? "Never drilled" : `Drill overdue${status.daysOverdue ? ` by ${status.daysOverdue} d` : ""}`;
  return <span className="inline-block rounded border border-amber-500 bg-amber-50 px-1.5 py-0.5 text-xs font-semibold text-amber-950">{text}</span>;
}

/** "Last drilled 3 Nov 2026, took 12 min (estimate 10 min) · every 90 days", with the badge. */
export function DrillLine({ status, estimatedMinutes, intervalDays }: { status: DrillStatus; estimatedMinutes: number | null; intervalDays: number }) {
  const summary = drillSummary(status, estimatedMinutes, (date) => dateFormat.format(date));
  return (
    <p className="flex flex-wrap items-center gap-2 text-sm text-slate-700" data-testid="drill-line">
      <span>{summary.charAt(0).toUpperCase() + summary.slice(1)} · drilled every {intervalDays} days</span>
      <DrillBadge status={status} />
    </p>
  );
}

const statusClass: Record<RunStatus, string> = {
  IN_PROGRESS: "bg-blue-100 text-blue-900 ring-1 ring-blue-300",
  RESOLVED: "bg-emerald-100 text-emerald-900 ring-1 ring-emerald-300",
  PARTLY_RESOLVED: "bg-amber-100 text-amber-950 ring-1 ring-amber-400",
  ABANDONED: "bg-slate-200 text-slate-900 ring-1 ring-slate-300",
};

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <span className={`inline-block rounded px-1.5 py-0.5 text-xs font-semibold ${statusClass[status]}`}>{RUN_STATUS_LABELS[status]}</span>;
}

export type RunListRow = {
  id: string;
  kind: RunKind;
  incidentRef: string | null;
  status: RunStatus;
  startedAt: Date;
  endedAt: Date | null;
  startedByName: string;
  procedure?: { title: string };
};

/** A step's time: "45 s", "3 min 20 s" (`rounded`: "3 min"), or "—" when not timed. */
export function stepDuration(seconds: number | null, rounded = false) {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds} s`;
  return rounded ? `${Math.round(seconds / 60)} min` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** Minutes from start to end (or to now for a run still going). */
export function runMinutes(run: { startedAt: Date; endedAt: Date | null }) {
  return Math.max(0, Math.round(((run.endedAt ?? new Date()).getTime() - run.startedAt.getTime()) / 60_000));
}

/** Runs newest first: kind, procedure (unless the page is the procedure's), incident, status, who and when. */
export function RunList({ runs, empty, showProcedure = true }: { runs: RunListRow[]; empty: string; showProcedure?: boolean }) {
  if (runs.length === 0) return <p className="text-slate-600">{empty}</p>;
  return (
    <ul className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white text-sm">
      {runs.map((run) => (
        <li key={run.id} className="flex flex-wrap items-center gap-x-2 gap-y-1 p-3">
          <Link href={`/runs/${run.id}`} className="font-semibold">
            {RUN_KIND_LABELS[run.kind]}
            {showProcedure && run.procedure ? ` · ${run.procedure.title}` : ""}
          </Link>
          {run.incidentRef ? <Link href={`/incidents/${encodeURIComponent(run.incidentRef)}`}>{run.incidentRef}</Link> : null}
          <RunStatusBadge status={run.status} />
          <span className="text-slate-700">
            {run.startedByName}, <Time value={run.startedAt} withTime />
            {run.endedAt ? ` · ${runMinutes(run)} min` : ""}
          </span>
        </li>
      ))}
    </ul>
  );
}
