import Link from "@/components/ui/link";
import { Time } from "@/components/time";
import { ENTITIES, isEntityType, isEntryType, segmentOf } from "@/lib/entries";
import type { AuditEventRow, AuditSystem } from "@/lib/audit/query";
import { TableCell } from "@/components/ui/table";

// The cells of one audit event: when, who, what it concerns (linked), from where, and what
// else it says.

type Detail = Record<string, unknown>;

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

function detailOf(event: AuditEventRow): Detail {
  return event.detail && typeof event.detail === "object" && !Array.isArray(event.detail) ? (event.detail as Detail) : {};
}

type Target = { label: string; href: string | null };

/** The version a revision's event wrote, as the history page takes it (compared there with the version before). */
function versionQuery(event: AuditEventRow, detail: Detail) {
  return event.revisionId && typeof detail.version === "number" ? `?to=${detail.version}` : "";
}

/** An entry's history at the event's version when the event wrote one, else the entry. */
function entryHref(base: string, event: AuditEventRow, detail: Detail) {
  const version = versionQuery(event, detail);
  return version ? `${base}/history${version}` : base;
}

/** What the event concerns, and the page that shows it. */
function targetOf(event: AuditEventRow, systems: Map<string, AuditSystem>): Target | null {
  const detail = detailOf(event);
  const title = text(detail.title);
  const requestId = text(detail.requestId);
  const id = event.entityId;
  if (requestId) return { label: `Change request${title ? `: ${title}` : ""}`, href: `/approvals/${encodeURIComponent(requestId)}` };
  if (event.action === "export.downloaded") return { label: `Download: ${text(detail.format) ?? "export"}`, href: null };
  if (!id) return null;
  const managedAt = isEntityType(event.entityType) ? ENTITIES[event.entityType].managedAt : undefined;
  if (managedAt) return { label: `Account: ${title ?? text(detail.email) ?? id}`, href: `${managedAt}/${id}/history${versionQuery(event, detail)}` };
  if (isEntryType(event.entityType) && ENTITIES[event.entityType].address === "slug") {
    // Addressed by slug: the systems of the events, read with them.
    const system = systems.get(id);
    return { label: `${ENTITIES[event.entityType].label}: ${system?.name ?? title ?? id}`, href: system ? entryHref(`/${segmentOf(event.entityType)}/${system.slug}`, event, detail) : null };
  }
  if (isEntryType(event.entityType)) return { label: `${ENTITIES[event.entityType].label}: ${title ?? id}`, href: entryHref(`/${segmentOf(event.entityType)}/${id}`, event, detail) };
  if (event.entityType === "RUN") return { label: "Run", href: `/runs/${id}` };
  if (event.entityType === "TOKEN") return { label: `API token “${text(detail.name) ?? id}”${text(detail.prefix) ? ` (${detail.prefix}…)` : ""}`, href: "/settings/tokens" };
  return { label: `${event.entityType ?? "Entry"} ${id}`, href: null };
}

export type WhatCellProps = { event: AuditEventRow; systems: Map<string, AuditSystem> };

export function WhatCell({ event, systems }: WhatCellProps) {
  const target = targetOf(event, systems);
  const system = event.systemId && !(isEntityType(event.entityType) && ENTITIES[event.entityType].ownsChildren) ? systems.get(event.systemId) : undefined;
  return (
    <TableCell>
      {target ? target.href ? <Link href={target.href}>{target.label}</Link> : target.label : <span className="text-slate-500">—</span>}
      {system ? (
        <span className="block text-xs text-slate-600">
          in <Link href={`/systems/${system.slug}`}>{system.name}</Link>
        </span>
      ) : null}
    </TableCell>
  );
}

export function WhenCell({ at }: { at: Date }) {
  return (
    <TableCell className="whitespace-nowrap" title={at.toISOString()}>
      <Time value={at} withTime />
    </TableCell>
  );
}

export function WhoCell({ event }: { event: AuditEventRow }) {
  return <TableCell>{event.actorId ? <Link href={`/admin/users/${event.actorId}/history`}>{event.actorName}</Link> : event.actorName}</TableCell>;
}

export function WhereCell({ event }: { event: AuditEventRow }) {
  return (
    <TableCell>
      <span className="font-mono text-xs">{event.ip || "—"}</span>
      {event.userAgent ? (
        <small className="block max-w-48 truncate text-xs text-slate-600" title={event.userAgent}>
          {event.userAgent}
        </small>
      ) : null}
    </TableCell>
  );
}

/** Shown by the "what" cell already. */
const SHOWN = new Set(["title", "name", "prefix", "requestId", "version", "format"]);

/** The rest of the detail, "changeNote: after INC-2041 · email: sam@example.com", the whole of it on hover. */
export function DetailCell({ event }: { event: AuditEventRow }) {
  const detail = detailOf(event);
  const parts = Object.entries(detail)
    .filter(([key, value]) => !SHOWN.has(key) && value !== null && value !== "")
    .map(([key, value]) => `${key}: ${typeof value === "object" ? JSON.stringify(value) : String(value)}`);
  return (
    <TableCell className="max-w-xs text-xs text-slate-800" title={JSON.stringify(detail)}>
      <span className="line-clamp-3 break-words">{parts.join(" · ") || "—"}</span>
    </TableCell>
  );
}
