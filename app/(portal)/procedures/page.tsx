import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { listProcedures } from "@/lib/data/procedures";
import { systemOptionsFor } from "@/lib/data/common";
import { pageNumber } from "@/lib/validation/common";
import { Badge } from "@/components/ui/badge";
import { Browse, SystemCell, type BrowseQuery } from "@/components/entry/browse";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "Procedures" };

export default async function ProceduresPage({ searchParams }: { searchParams: Promise<BrowseQuery> }) {
  const [query] = await Promise.all([searchParams, requireUser()]);
  const list = await listProcedures({ q: query.q, systemId: query.system, showDeleted: query.deleted === "1" }, pageNumber.parse(query.page));
  const systems = await systemOptionsFor([query.system, ...list.rows.map((row) => row.system.id)]);
  const { rows } = list;
  return (
    <Browse
      title="Remediation procedures"
      description="Step-by-step fixes with the exact commands, how to verify and how to roll back."
      segment="procedures"
      query={query}
      placeholder="Title, assumption, verification"
      systems={systems}
      list={list}
      emptyText="No procedures yet. Add them from a system's page."
    >
      <Table>
        <TableHeader>
          <TableRow><TableHead>Procedure</TableHead><TableHead>System</TableHead><TableHead className="text-right">Steps</TableHead><TableHead className="text-right">Minutes</TableHead><TableHead className="text-right">Used by failure modes</TableHead></TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <TableHead scope="row">
                <Link href={`/procedures/${row.id}`} className="font-semibold">{row.title}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
              </TableHead>
              <SystemCell system={row.system} />
              <TableCell className="text-right tabular-nums">{row.stepCount}</TableCell>
              <TableCell className="text-right tabular-nums">{row.estimatedMinutes ?? "—"}</TableCell>
              <TableCell className="text-right tabular-nums">{row._count.failureModes}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Browse>
  );
}
