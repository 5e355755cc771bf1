import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { listDependencies } from "@/lib/data/dependencies";
import { systemOptionsFor } from "@/lib/data/common";
import { pageNumber } from "@/lib/validation/common";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/dependency";
import { DependencyKind } from "@/lib/generated/prisma/enums";
import { plainText, clip } from "@/lib/plain-text";
import { Badge } from "@/components/ui/badge";
import { Browse, oneOf, SystemCell, type BrowseQuery } from "@/components/entry/browse";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "Dependencies" };

export default async function DependenciesPage({ searchParams }: { searchParams: Promise<BrowseQuery> }) {
  const [query] = await Promise.all([searchParams, requireUser()]);
  const kind = oneOf(query.kind, Object.values(DependencyKind));
  const list = await listDependencies({ q: query.q, systemId: query.system, kind, showDeleted: query.deleted === "1" }, pageNumber.parse(query.page));
  const systems = await systemOptionsFor([query.system, ...list.rows.map((row) => row.system.id)]);
  const { rows } = list;
  return (
    <Browse
      title="Dependencies"
      description="What each system needs from outside itself, how that fails, and the fallback."
      segment="dependencies"
      query={query}
      placeholder="Name, use, failure or mitigation"
      systems={systems}
      extra={{ name: "kind", label: "Kind", options: Object.entries(DEPENDENCY_KIND_LABELS).map(([value, label]) => ({ value, label })) }}
      list={list}
      emptyText="No dependencies recorded yet. Add them from a system's page."
    >
      <Table>
        <TableHeader>
          <TableRow><TableHead>Dependency</TableHead><TableHead>Kind</TableHead><TableHead>System</TableHead><TableHead>Impact</TableHead></TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <TableHead scope="row">
                <Link href={`/dependencies/${row.id}`} className="font-semibold">{row.name}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
                {row.dependsOnSystem ? <div className="text-xs font-normal">runbook: <Link href={`/systems/${row.dependsOnSystem.slug}`}>{row.dependsOnSystem.name}</Link></div> : null}
              </TableHead>
              <TableCell>{DEPENDENCY_KIND_LABELS[row.kind]}</TableCell>
              <SystemCell system={row.system} />
              <TableCell>{clip(plainText(row.impact), 140).text}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Browse>
  );
}
