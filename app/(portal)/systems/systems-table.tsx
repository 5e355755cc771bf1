import Link from "@/components/ui/link";
import type { SystemListRow } from "@/lib/data/systems";
import { Badge, TierBadge } from "@/components/ui/badge";
import { Time } from "@/components/time";

export type SystemsTableProps = { systems: SystemListRow[] };

export function SystemsTable({ systems }: SystemsTableProps) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
      <table className="w-full text-left text-sm">
        <thead className="bg-slate-100 text-xs uppercase tracking-wide text-slate-700">
          <tr>
            <th scope="col" className="px-3 py-2">System</th>
            <th scope="col" className="px-3 py-2">Tier</th>
            <th scope="col" className="px-3 py-2">Owner</th>
            <th scope="col" className="px-3 py-2">Last reviewed</th>
            <th scope="col" className="px-3 py-2 text-right">Failure modes</th>
            <th scope="col" className="px-3 py-2 text-right">Procedures</th>
            <th scope="col" className="px-3 py-2 text-right">Dependencies</th>
            <th scope="col" className="px-3 py-2 text-right">Escalation levels</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {systems.map((system) => (
            <tr key={system.id} className={system.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <th scope="row" className="px-3 py-2">
                <Link href={`/systems/${system.slug}`} className="font-semibold">{system.name}</Link>
                {system.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
                <div className="font-mono text-xs font-normal text-slate-600">{system.slug}</div>
              </th>
              <td className="px-3 py-2"><TierBadge tier={system.tier} /></td>
              <td className="px-3 py-2">{system.owner?.name ?? <Badge tone="warn">no owner</Badge>}</td>
              <td className="px-3 py-2">
                <Time value={system.lastReviewedAt} fallback="never" />
                {system.review.state === "overdue" ? <span className="ml-2"><Badge tone="danger">overdue</Badge></span> : null}
                {system.review.state === "never" ? <span className="ml-2"><Badge tone="warn">due</Badge></span> : null}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{system._count.failureModes}</td>
              <td className="px-3 py-2 text-right tabular-nums">{system._count.procedures}</td>
              <td className="px-3 py-2 text-right tabular-nums">{system._count.dependencies}</td>
              <td className="px-3 py-2 text-right tabular-nums">{system._count.escalationLevels}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
