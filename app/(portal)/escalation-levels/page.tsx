import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { listEscalationLevels } from "@/lib/data/escalation-levels";
import { systemOptionsFor } from "@/lib/data/common";
import { pageNumber } from "@/lib/validation/common";
import { Badge } from "@/components/ui/badge";
import { Browse, SystemCell, tableClass, Th, theadClass, type BrowseQuery } from "@/components/entry/browse";

export const metadata: Metadata = { title: "Escalation levels" };

export default async function EscalationLevelsPage({ searchParams }: { searchParams: Promise<BrowseQuery> }) {
  const [query] = await Promise.all([searchParams, requireUser()]);
  const list = await listEscalationLevels({ q: query.q, systemId: query.system, showDeleted: query.deleted === "1" }, pageNumber.parse(query.page));
  const systems = await systemOptionsFor([query.system, ...list.rows.map((row) => row.system.id)]);
  const { rows } = list;
  return (
    <Browse
      title="Escalation levels"
      description="Who is called, when, and how fast they answer, for each system."
      segment="escalation-levels"
      query={query}
      placeholder="Name, when, responsibilities"
      systems={systems}
      list={list}
      emptyText="No escalation ladders yet. Add levels from a system's page."
    >
      <table className={tableClass}>
        <thead className={theadClass}>
          <tr><Th>System</Th><Th>Level</Th><Th>Called after</Th><Th>Responds within</Th><Th>Contacts</Th></tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((row) => (
            <tr key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <SystemCell system={row.system} />
              <th scope="row" className="px-3 py-2">
                <Link href={`/escalation-levels/${row.id}`} className="font-semibold">L{row.level} · {row.name}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
              </th>
              <td className="px-3 py-2">{row.afterMinutes !== null ? `${row.afterMinutes} min` : "—"}</td>
              <td className="px-3 py-2">{row.expectedResponseMinutes !== null ? `${row.expectedResponseMinutes} min` : "—"}</td>
              <td className="px-3 py-2">
                {row.contacts.map((c, index) => (
                  <span key={c.id}>{index ? ", " : ""}<Link href={`/contacts/${c.id}`}>{c.name}</Link></span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Browse>
  );
}
