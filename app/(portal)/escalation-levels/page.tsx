import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { listEscalationLevels } from "@/lib/data/escalation-levels";
import { systemOptionsFor } from "@/lib/data/common";
import { pageNumber } from "@/lib/validation/common";
import { Badge } from "@/components/ui/badge";
import { Browse, SystemCell, type BrowseQuery } from "@/components/entry/browse";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

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
      <Table>
        <TableHeader>
          <TableRow><TableHead>System</TableHead><TableHead>Level</TableHead><TableHead>Called after</TableHead><TableHead>Responds within</TableHead><TableHead>Contacts</TableHead></TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <SystemCell system={row.system} />
              <TableHead scope="row">
                <Link href={`/escalation-levels/${row.id}`} className="font-semibold">L{row.level} · {row.name}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
              </TableHead>
              <TableCell>{row.afterMinutes !== null ? `${row.afterMinutes} min` : "—"}</TableCell>
              <TableCell>{row.expectedResponseMinutes !== null ? `${row.expectedResponseMinutes} min` : "—"}</TableCell>
              <TableCell>
                {row.contacts.map((c, index) => (
                  <span key={c.id}>{index ? ", " : ""}<Link href={`/contacts/${c.id}`}>{c.name}</Link></span>
                ))}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Browse>
  );
}
