import "server-only";
import type { Actor } from "@/lib/auth/roles";
import { stamp } from "@/lib/runbooks/download";
import { auditFilterParams, auditFiltersSchema } from "@/lib/validation/audit";
import { auditExport } from "./exports";
import { auditEventBatches, type AuditEventRow } from "./query";

// The filtered audit log as a file: CSV for spreadsheets, JSON lines for scripts. Streamed
// batch by batch as it is read, so a download of millions of events never sits in memory.

const COLUMNS = ["seq", "at", "actorId", "actorName", "action", "entityType", "entityId", "systemId", "revisionId", "ip", "userAgent", "detail", "prevHash", "hash"] as const;

type Flat = Record<(typeof COLUMNS)[number], string | number | null | Record<string, unknown>>;

/** An event as its file shows it: the number plain, the time in ISO 8601 (UTC), the detail as an object. */
function flat(event: AuditEventRow): Flat {
  return { ...event, seq: Number(event.seq), at: event.at.toISOString(), detail: (event.detail ?? {}) as Record<string, unknown> };
}

/**
 * One CSV cell (RFC 4180: quoted when it holds a quote, comma or line break, quotes doubled).
 * Text a spreadsheet would run as a formula (=, +, -, @, and tab or carriage return before
 * one) gets a leading apostrophe: a name typed at sign-in must not become a formula on an
 * admin's machine (OWASP, "CSV injection").
 */
export function csvCell(value: string | number | null | Record<string, unknown>): string {
  const text = value === null ? "" : typeof value === "object" ? JSON.stringify(value) : String(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvLines(events: AuditEventRow[]): string {
  return events
    .map((event) => {
      const row = flat(event);
      return `${COLUMNS.map((column) => csvCell(row[column])).join(",")}\r\n`;
    })
    .join("");
}

export function jsonLines(events: AuditEventRow[]): string {
  return events.map((event) => `${JSON.stringify(flat(event))}\n`).join("");
}

const FORMATS = {
  csv: { type: "text/csv; charset=utf-8", header: `${COLUMNS.join(",")}\r\n`, lines: csvLines },
  jsonl: { type: "application/jsonl; charset=utf-8", header: "", lines: jsonLines },
};

/**
 * The download of the events that the query parameters filter (the /audit page's), as
 * `admin`, whose role the route handler has checked. Bad filters are a 400 that says which.
 */
export async function downloadAuditEvents(admin: Actor, params: URLSearchParams, format: keyof typeof FORMATS): Promise<Response> {
  // Every matching event, whichever page the link was on: the page (`before`) is not a filter.
  const parsed = auditFiltersSchema.safeParse(Object.fromEntries(params));
  if (!parsed.success) return Response.json({ error: [...new Set(parsed.error.issues.map((issue) => issue.message))].join(" ") }, { status: 400 });
  const filters = parsed.data;
  const batches = auditEventBatches(admin, filters);
  const filename = `audit-events-${stamp()}.${format}`;
  // Taking a copy of the log is itself an export, noted before any of it leaves.
  await auditExport(admin, { format: `audit.${format}`, filters: Object.fromEntries(auditFilterParams(filters)) });
  const { type, header, lines } = FORMATS[format];
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (header) controller.enqueue(encoder.encode(header));
    },
    async pull(controller) {
      const next = await batches.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(lines(next.value)));
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  // The headers of every download (lib/runbooks/download.ts), for a streamed body.
  return new Response(body, {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
