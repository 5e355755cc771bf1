import Link from "@/components/ui/link";
import type { SystemListRow } from "@/lib/data/systems";
import { Badge, TierBadge } from "@/components/ui/badge";
import { Time } from "@/components/time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export type SystemsTableProps = { systems: SystemListRow[] };

export function SystemsTable({ systems }: SystemsTableProps) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
      <Table>
        <TableHeader>
          <TableRow>
            <TableHead>System</TableHead>
            <TableHead>Tier</TableHead>
            <TableHead>Owner</TableHead>
            <TableHead>Last reviewed</TableHead>
            <TableHead className="text-right">Failure modes</TableHead>
            <TableHead className="text-right">Procedures</TableHead>
            <TableHead className="text-right">Dependencies</TableHead>
            <TableHead className="text-right">Escalation levels</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {systems.map((system) => (
            <TableRow key={system.id} className={system.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <TableHead scope="row">
                <Link href={`/systems/${system.slug}`} className="font-semibold">{system.name}</Link>
                {system.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
                <div className="font-mono text-xs font-normal text-slate-600">{system.slug}</div>
              </TableHead>
              <TableCell><TierBadge tier={system.tier} /></TableCell>
              <TableCell>{system.owner?.name ?? <Badge tone="warn">no owner</Badge>}</TableCell>
              <TableCell>
                <Time value={system.lastReviewedAt} fallback="never" />
                {system.review.state === "overdue" ? <span className="ml-2"><Badge tone="danger">overdue</Badge></span> : null}
                {system.review.state === "never" ? <span className="ml-2"><Badge tone="warn">due</Badge></span> : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">{system._count.failureModes}</TableCell>
              <TableCell className="text-right tabular-nums">{system._count.procedures}</TableCell>
              <TableCell className="text-right tabular-nums">{system._count.dependencies}</TableCell>
              <TableCell className="text-right tabular-nums">{system._count.escalationLevels}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </div>
  );
}
