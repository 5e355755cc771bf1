import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { listFailureModes } from "@/lib/data/failure-modes";
import { systemOptionsFor } from "@/lib/data/common";
import { pageNumber } from "@/lib/validation/common";
import { SEVERITY_LABELS } from "@/lib/validation/failure-mode";
import { Severity } from "@/lib/generated/prisma/enums";
import { clip, plainText } from "@/lib/plain-text";
import { Badge, SeverityBadge } from "@/components/ui/badge";
import { Browse, oneOf, SystemCell, type BrowseQuery } from "@/components/entry/browse";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "Failure modes" };

export default async function FailureModesPage({ searchParams }: { searchParams: Promise<BrowseQuery> }) {
  const [query] = await Promise.all([searchParams, requireUser()]);
  const severity = oneOf(query.severity, Object.values(Severity));
  const firing = query.state === "firing";
  const list = await listFailureModes({ q: query.q, systemId: query.system, severity, firing, showDeleted: query.deleted === "1" }, pageNumber.parse(query.page));
  const systems = await systemOptionsFor([query.system, ...list.rows.map((row) => row.system.id)]);
  const { rows } = list;
  return (
    <Browse
      title="Failure modes"
      description="How each system fails, the alerts that say so, and what to do first. Most severe first."
      segment="failure-modes"
      query={query}
      placeholder="Title, alert name, symptom or cause"
      systems={systems}
      extra={[
        { name: "severity", label: "Severity", options: Object.entries(SEVERITY_LABELS).map(([value, label]) => ({ value, label })) },
        { name: "state", label: "State", options: [{ value: "firing", label: "Firing now" }] },
      ]}
      list={list}
      emptyText={firing ? "Nothing is firing now." : "No failure modes written down yet. Add them from a system's page."}
    >
      <Table>
        <TableHeader>
          <TableRow><TableHead>Severity</TableHead><TableHead>Failure mode</TableHead><TableHead>System</TableHead><TableHead>First action</TableHead></TableRow>
        </TableHeader>
        <TableBody className="align-top">
          {rows.map((row) => (
            <TableRow key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <TableCell><SeverityBadge severity={row.severity} /></TableCell>
              <TableHead scope="row">
                <Link href={`/failure-modes/${row.id}`} className="font-semibold">{row.title}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
                {row.alertNames.length ? (
                  <div className="mt-1 flex flex-wrap gap-1 font-normal">
                    {row.alertNames.map((name) => <code key={name} className="rounded bg-slate-100 px-1 font-mono text-xs">{name}</code>)}
                  </div>
                ) : null}
              </TableHead>
              <SystemCell system={row.system} />
              <TableCell>{row.immediateActions[0] ? clip(plainText(row.immediateActions[0]), 160).text : "—"}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Browse>
  );
}
