import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listContacts } from "@/lib/data/contacts";
import { CONTACT_KIND_LABELS } from "@/lib/validation/runbook";
import { ContactKind } from "@/lib/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";
import { pageNumber } from "@/lib/validation/common";
import { Browse, oneOf, tableClass, Th, theadClass, type BrowseQuery } from "@/components/entry/browse";

export const metadata: Metadata = { title: "Contacts" };

export default async function ContactsPage({ searchParams }: { searchParams: Promise<BrowseQuery> }) {
  const [query, user] = await Promise.all([searchParams, requireUser()]);
  const kind = oneOf(query.kind, Object.values(ContactKind));
  const list = await listContacts({ q: query.q, kind, showDeleted: query.deleted === "1" }, pageNumber.parse(query.page));
  const { rows } = list;
  return (
    <Browse
      title="Contacts"
      description="People, teams, channels and vendor support: the shared contact sheet of every runbook."
      segment="contacts"
      query={query}
      placeholder="Name, role, phone, email or chat"
      extra={{ name: "kind", label: "Kind", options: Object.entries(CONTACT_KIND_LABELS).map(([value, label]) => ({ value, label })) }}
      list={list}
      newHref={hasRole(user, "EDITOR") ? "/contacts/new" : undefined}
      newLabel="New contact"
      emptyText="No contacts yet."
    >
      <table className={tableClass}>
        <thead className={theadClass}>
          <tr><Th>Contact</Th><Th>Kind</Th><Th>Phone</Th><Th>Email / chat</Th><Th className="text-right">Owns</Th><Th className="text-right">Escalation levels</Th></tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((row) => (
            <tr key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <th scope="row" className="px-3 py-2">
                <Link href={`/contacts/${row.id}`} className="font-semibold">{row.name}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
                {row.role ? <div className="text-xs font-normal text-slate-600">{row.role}</div> : null}
              </th>
              <td className="px-3 py-2">{CONTACT_KIND_LABELS[row.kind]}</td>
              <td className="px-3 py-2 whitespace-nowrap">{row.phone ? <a href={`tel:${row.phone.replace(/[^+0-9]/g, "")}`}>{row.phone}</a> : "—"}</td>
              <td className="px-3 py-2">
                {row.email ? <a href={`mailto:${row.email}`}>{row.email}</a> : null}
                {row.chat ? <div className="font-mono text-xs">{row.chat}</div> : null}
              </td>
              <td className="px-3 py-2 text-right tabular-nums">{row._count.ownedSystems + row._count.backedUpSystems}</td>
              <td className="px-3 py-2 text-right tabular-nums">{row._count.escalationLevels}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Browse>
  );
}
