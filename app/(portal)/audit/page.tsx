import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { listUsers } from "@/lib/data/users";
import { AUDIT_ACTIONS } from "@/lib/audit/events";
import { listAuditEvents, listAuditSystems } from "@/lib/audit/query";
import { systemOptionsFor } from "@/lib/data/common";
import { AUDIT_FAMILIES, auditFilterParams, auditQuerySchema, type AuditQuery } from "@/lib/validation/audit";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { ButtonLink } from "@/components/ui/button";
import { DetailCell, WhatCell, WhenCell, WhereCell, WhoCell } from "./event-cells";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "Audit log" };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const control = "rounded-md border border-slate-400 bg-white px-3 py-2 text-sm";
const step = "rounded-md border border-slate-400 bg-white px-3 py-1.5 font-semibold hover:bg-slate-100";

/** What the form shows: the value as given, whether or not it was valid. */
function given(params: Record<string, string | string[] | undefined>, name: string): string {
  const value = params[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

function href(path: string, params: URLSearchParams) {
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}

export default async function AuditPage({ searchParams }: Props) {
  const [params, user] = await Promise.all([searchParams, requireUser()]);
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="read the audit log" />;
  const parsed = auditQuerySchema.safeParse(params);
  const { before, ...filters }: AuditQuery = parsed.data ?? {};
  const [people, page] = await Promise.all([listUsers(user), parsed.success ? listAuditEvents(user, filters, { before }) : null]);
  // The systems this page names, and the ones to filter by (all while there are few, as every list filters: lib/data/common.ts).
  const systemIds = [...(page?.events ?? []).map((event) => event.systemId), filters.system];
  const [systems, choices] = await Promise.all([listAuditSystems(user, systemIds), systemOptionsFor(systemIds)]);
  const options = [...choices.options, ...systems.filter((system) => system.deletedAt && !choices.options.some((option) => option.id === system.id))];
  const errors = parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
  const kept = auditFilterParams(filters);
  const filtered = kept.size > 0;
  const systemById = new Map(systems.map((system) => [system.id, system]));
  const field = (name: string) => ({ id: `filter-${name}`, name, "aria-invalid": !!errors[name], "aria-describedby": errors[name] ? `filter-${name}-error` : undefined });
  const error = (name: string) => (errors[name] ? <p id={`filter-${name}-error`} className="mt-1 max-w-48 text-sm font-medium text-red-700">{errors[name]}</p> : null);

  return (
    <>
      <PageHeader
        title="Audit log"
        description="Who did what, when and from where: sign-ins, changes, accounts, tokens, exports and runs, newest first. Times are UTC."
        actions={
          page ? (
            <>
              <ButtonLink href={href("/audit/events.csv", kept)}>Download CSV</ButtonLink>
              <ButtonLink href={href("/audit/events.jsonl", kept)}>Download JSON lines</ButtonLink>
            </>
          ) : null
        }
      />
      <form method="get" role="search" aria-label="Filter the audit log" className="mb-4 flex flex-wrap items-start gap-3">
        <div>
          <label htmlFor="filter-actor" className="block text-sm font-semibold">Person</label>
          <select {...field("actor")} defaultValue={given(params, "actor")} className={control}>
            <option value="">Anyone</option>
            {people.map((person) => (
              <option key={person.id} value={person.id}>{`${person.name} (${person.email})`}</option>
            ))}
          </select>
          {error("actor")}
        </div>
        <div>
          <label htmlFor="filter-action" className="block text-sm font-semibold">Action</label>
          <select {...field("action")} defaultValue={given(params, "action")} className={control}>
            <option value="">Any action</option>
            <optgroup label="Every action of a kind">
              {AUDIT_FAMILIES.map((family) => (
                <option key={family} value={family}>{`${family}*`}</option>
              ))}
            </optgroup>
            <optgroup label="One action">
              {AUDIT_ACTIONS.map((action) => (
                <option key={action} value={action}>{action}</option>
              ))}
            </optgroup>
          </select>
          {error("action")}
        </div>
        <div>
          <label htmlFor="filter-system" className="block text-sm font-semibold">
            System{choices.all ? null : <span className="font-normal text-slate-600"> (on this page)</span>}
          </label>
          <select {...field("system")} defaultValue={given(params, "system")} className={`max-w-64 ${control}`}>
            <option value="">Any system</option>
            {options.map((system) => (
              <option key={system.id} value={system.id}>{"deletedAt" in system && system.deletedAt ? `${system.name} (deleted)` : system.name}</option>
            ))}
          </select>
          {error("system")}
        </div>
        <div>
          <label htmlFor="filter-entity" className="block text-sm font-semibold">Entity id</label>
          <input {...field("entity")} type="text" defaultValue={given(params, "entity")} placeholder="e.g. from an entry’s address" className={`w-56 ${control}`} />
          {error("entity")}
        </div>
        <div>
          <label htmlFor="filter-from" className="block text-sm font-semibold">From</label>
          <input {...field("from")} type="date" defaultValue={given(params, "from")} className={control} />
          {error("from")}
        </div>
        <div>
          <label htmlFor="filter-to" className="block text-sm font-semibold">To</label>
          <input {...field("to")} type="date" defaultValue={given(params, "to")} className={control} />
          {error("to")}
        </div>
        <button type="submit" className="mt-6 rounded-md border border-slate-400 bg-white px-3 py-2 text-sm font-semibold hover:bg-slate-100">Apply</button>
        {filtered || !parsed.success ? <Link href="/audit" className="mt-8 text-sm">Clear</Link> : null}
      </form>
      {!page ? (
        <p role="alert" className="rounded-lg border border-red-300 bg-red-50 p-6 text-red-900">
          The log cannot be filtered this way: {Object.values(errors).join(" ")}
        </p>
      ) : page.events.length === 0 ? (
        <p className="rounded-lg border border-slate-300 bg-white p-6 text-slate-700">
          {before ? (
            <>
              No older events. <Link href={href("/audit", kept)}>Back to the newest</Link>
            </>
          ) : filtered ? (
            "No event matches these filters."
          ) : (
            "Nothing has been recorded yet."
          )}
        </p>
      ) : (
        <>
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <Table>
              <TableCaption className="sr-only">Audit events, newest first</TableCaption>
              <TableHeader>
                <TableRow>
                  <TableHead>When</TableHead>
                  <TableHead>Who</TableHead>
                  <TableHead>Action</TableHead>
                  <TableHead>What</TableHead>
                  <TableHead>From</TableHead>
                  <TableHead>Detail</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {page.events.map((event) => (
                  <TableRow key={String(event.seq)}>
                    <WhenCell at={event.at} />
                    <WhoCell event={event} />
                    <TableCell className="whitespace-nowrap font-mono text-xs">{event.action}</TableCell>
                    <WhatCell event={event} systems={systemById} />
                    <WhereCell event={event} />
                    <DetailCell event={event} />
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          <nav aria-label="Pages of the audit log" className="mt-3 flex flex-wrap items-center gap-3 text-sm">
            {before ? <Link href={href("/audit", kept)} className={step}>← Newest</Link> : null}
            {page.older ? <Link href={href("/audit", new URLSearchParams([...kept, ["before", String(page.older)]]))} rel="next" className={step}>Older events →</Link> : null}
          </nav>
        </>
      )}
    </>
  );
}
