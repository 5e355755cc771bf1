import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listContacts } from "@/lib/data/contacts";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import { ContactKind } from "@/lib/generated/prisma/enums";
import { Badge } from "@/components/ui/badge";
import { pageNumber } from "@/lib/validation/common";
import { Browse, oneOf, type BrowseQuery } from "@/components/entry/browse";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

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
      <Table>
        <TableHeader>
          <TableRow><TableHead>Contact</TableHead><TableHead>Kind</TableHead><TableHead>Phone</TableHead><TableHead>Email / chat</TableHead><TableHead className="text-right">Owns</TableHead><TableHead className="text-right">Escalation levels</TableHead></TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={row.id} className={row.deletedAt ? "bg-slate-50 text-slate-500" : ""}>
              <TableHead scope="row">
                <Link href={`/contacts/${row.id}`} className="font-semibold">{row.name}</Link>
                {row.deletedAt ? <span className="ml-2"><Badge tone="danger">deleted</Badge></span> : null}
                {row.role ? <div className="text-xs font-normal text-slate-600">{row.role}</div> : null}
              </TableHead>
              <TableCell>{CONTACT_KIND_LABELS[row.kind]}</TableCell>
              <TableCell className="whitespace-nowrap">{row.phone ? <a href={`tel:${row.phone.replace(/[^+0-9]/g, "")}`}>{row.phone}</a> : "—"}</TableCell>
              <TableCell>
                {row.email ? <a href={`mailto:${row.email}`}>{row.email}</a> : null}
                {row.chat ? <div className="font-mono text-xs">{row.chat}</div> : null}
              </TableCell>
              <TableCell className="text-right tabular-nums">{row._count.ownedSystems + row._count.backedUpSystems}</TableCell>
              <TableCell className="text-right tabular-nums">{row._count.escalationLevels}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Browse>
  );
}
