import { cacheThisPage } from "@/lib/http/request-context";
import { showsEverything } from "@/lib/data/cache-tags";
import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listReadiness } from "@/lib/readiness/facts";
import { pageNumber } from "@/lib/validation/common";
import { PAGE_SIZE } from "@/lib/data/common";
import { PageHeader } from "@/components/page-header";
import { TierBadge } from "@/components/ui/badge";
import { Pagination } from "@/components/ui/pagination";
import type { Tier } from "@/lib/generated/prisma/enums";
import { readinessExceptionAction } from "./actions";
import { ExceptionForm } from "./exception-form";
import { ACTED_ON_DAYS, reminderCounts } from "@/lib/notify/reminders";

export const metadata: Metadata = { title: "Readiness" };

type Props = { searchParams: Promise<{ page?: string }> };

const ICON = { met: "✓", unmet: "✗", "not-applicable": "–" } as const;
const ICON_CLASS = { met: "text-emerald-700", unmet: "text-red-700", "not-applicable": "text-slate-500" } as const;
const STATE_TEXT = { met: "Met", unmet: "Not met", "not-applicable": "Not applicable" } as const;

export default async function ReadinessPage({ searchParams }: Props) {
  // Kept by the page cache until the next write to runbook data (lib/server/page-cache.ts).
  cacheThisPage();
  showsEverything();
  const user = await requireUser();
  const admin = hasRole(user, "ADMIN");
  const [systems, reminders] = await Promise.all([listReadiness(), reminderCounts()]);
  const ready = systems.filter((s) => s.readiness.unmet === 0).length;
  const total = systems.length;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(pageNumber.catch(1).parse((await searchParams).page), pages);
  const shown = systems.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
  return (
    <>
      <PageHeader
        title="Operational readiness"
        description="What each system's runbook still needs before the next incident, worst first. Each check is computed from what is in the portal; fix it where the link points."
      />
      {total === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-4">No systems yet.</p>
      ) : (
        <p className="mb-4 text-slate-800" data-testid="readiness-summary">
          {ready} of {total.toLocaleString("en")} system{total === 1 ? "" : "s"} meet every check.
        </p>
      )}
      <p className="mb-4 text-slate-800" data-testid="reminder-summary">
        {reminders.sent === 0
          ? "No review reminders sent in the last 90 days."
          : `Review reminders in the last 90 days: ${reminders.sent} (${reminders.systems} system${reminders.systems === 1 ? "" : "s"}); ${reminders.actedOn} acted on, the system reviewed within ${ACTED_ON_DAYS} days.`}
      </p>
      <ul className="space-y-4">
        {shown.map((system) => (
          <li key={system.id} className="rounded-lg border border-slate-300 bg-white p-4" aria-labelledby={`system-${system.id}`}>
            <h2 id={`system-${system.id}`} className="flex flex-wrap items-center gap-2 text-lg font-bold">
              <Link href={`/systems/${system.slug}`}>{system.name}</Link>
              <TierBadge tier={system.tier as Tier} />
              <span className={`text-sm font-semibold ${system.readiness.unmet ? "text-red-800" : "text-emerald-800"}`}>
                {system.readiness.unmet ? `${system.readiness.unmet} check${system.readiness.unmet === 1 ? "" : "s"} not met` : "Ready"}
              </span>
            </h2>
            <ul className="mt-2 divide-y divide-slate-100 text-sm">
              {system.readiness.items.map((item) => (
                <li key={item.rule} className="flex flex-wrap items-start gap-x-3 gap-y-1 py-1.5" data-rule={item.rule} data-state={item.state}>
                  <span aria-hidden className={`w-4 font-bold ${ICON_CLASS[item.state]}`}>{ICON[item.state]}</span>
                  <span className="min-w-0 flex-1">
                    <span className="sr-only">{STATE_TEXT[item.state]}: </span>
                    <span className={item.state === "unmet" ? "font-semibold" : ""}>{item.label}</span>
                    {item.state === "unmet" ? <span className="text-slate-700"> — {item.detail}</span> : null}
                    {item.state === "not-applicable" ? <span className="text-slate-700"> — not applicable: {item.reason}</span> : null}
                  </span>
                  {item.state === "unmet" ? <Link href={item.fixHref} className="font-semibold">Fix<span className="sr-only"> {item.label.toLowerCase()} of {system.name}</span> →</Link> : null}
                  {admin && item.state === "unmet" ? (
                    <ExceptionForm action={readinessExceptionAction.bind(null, system.id, item.rule, false)} version={system.version} apply={false} label={item.label} />
                  ) : null}
                  {admin && item.state === "not-applicable" ? (
                    <ExceptionForm action={readinessExceptionAction.bind(null, system.id, item.rule, true)} version={system.version} apply label={item.label} />
                  ) : null}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
      <div className="mt-4">
        <Pagination noun="systems" singular="system" page={page} pages={pages} size={PAGE_SIZE} total={total} path="/readiness" params={{}} />
      </div>
    </>
  );
}
