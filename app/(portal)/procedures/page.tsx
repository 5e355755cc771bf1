import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { listProcedures } from "@/lib/data/procedures";
import { systemOptionsFor } from "@/lib/data/common";
import { pageNumber } from "@/lib/validation/common";
import { Badge } from "@/components/ui/badge";
import { Browse, SystemCell, tableClass, Th, theadClass, type BrowseQuery } from "@/components/entry/browse";

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
      <table className={tableClass}>
        <thead className={theadClass}>
          <tr><Th>Procedure</Th><Th>System</Th><Th className="text-right">Steps</Th><Th className="text-right">Minutes</Th><Th className="text-right">Used by failure modes</Th></tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((row) => (
            <tr key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <th scope="row" className="px-3 py-2">
                <Link href={`/procedures/${row.id}`} className="font-semibold">{row.title}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
              </th>
              <SystemCell system={row.system} />
              <td className="px-3 py-2 text-right tabular-nums">{row.stepCount}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row.estimatedMinutes ?? "—"}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row._count.failureModes}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Browse>
  );
}
