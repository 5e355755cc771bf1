import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { listDependencies } from "@/lib/data/dependencies";
import { systemOptionsFor } from "@/lib/data/common";
import { pageNumber } from "@/lib/validation/common";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/runbook";
import { DependencyKind } from "@/lib/generated/prisma/enums";
import { plainText, clip } from "@/lib/plain-text";
import { Badge } from "@/components/ui/badge";
import { Browse, oneOf, SystemCell, tableClass, Th, theadClass, type BrowseQuery } from "@/components/entry/browse";

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
      <table className={tableClass}>
        <thead className={theadClass}>
          <tr><Th>Dependency</Th><Th>Kind</Th><Th>System</Th><Th>Impact</Th></tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((row) => (
            <tr key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <th scope="row" className="px-3 py-2">
                <Link href={`/dependencies/${row.id}`} className="font-semibold">{row.name}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
                {row.dependsOnSystem ? <div className="text-xs font-normal">runbook: <Link href={`/systems/${row.dependsOnSystem.slug}`}>{row.dependsOnSystem.name}</Link></div> : null}
              </th>
              <td className="px-3 py-2">{DEPENDENCY_KIND_LABELS[row.kind]}</td>
              <SystemCell system={row.system} />
              <td className="px-3 py-2">{clip(plainText(row.impact), 140).text}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Browse>
  );
}
