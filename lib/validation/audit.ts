import { z } from "zod";
import { AUDIT_ACTIONS } from "@/lib/audit/events";

// The filters of the audit log, as the /audit page and its downloads read them from the
// address: every one optional, an empty form field the same as none.

/** Families of actions ("change." for every change-request event): the part before the dot of two or more actions. */
export const AUDIT_FAMILIES = [...new Set(AUDIT_ACTIONS.filter((a) => a.includes(".")).map((a) => a.slice(0, a.indexOf(".") + 1)))].filter(
  (family) => AUDIT_ACTIONS.filter((a) => a.startsWith(family)).length > 1,
);

const ID = /^[A-Za-z0-9_-]+$/;

/** A query parameter given twice counts once; "" is no filter. */
function single(value: unknown) {
  const first = Array.isArray(value) ? value[0] : value;
  return first === "" ? undefined : first;
}

function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(single, schema.optional());
}

const id = (message: string) => z.string({ error: message }).trim().max(100, message).regex(ID, message);
// Within what the database and the query's margins (lib/audit/query.ts) can count from and to.
const day = (label: string) =>
  z.iso
    .date({ error: `${label}: enter a date as YYYY-MM-DD`, abort: true })
    .refine((value) => value >= "1970-01-01" && value <= "9999-12-30", `${label}: pick a day between 1970 and 9999`);

const filterFields = {
  actor: optional(id("Pick a person from the list")),
  action: optional(z.enum([...AUDIT_ACTIONS, ...AUDIT_FAMILIES], { error: "Pick an action from the list" })),
  entity: optional(id("An entity id has only letters, digits, “-” and “_”")),
  system: optional(id("Pick a system from the list")),
  from: optional(day("From")),
  to: optional(day("To")),
};

const inOrder = (query: { from?: string; to?: string }) => !query.from || !query.to || query.from <= query.to;
const outOfOrder = { path: ["to"], message: "To: pick a day on or after From" };

/** What the log is filtered by (downloads: every matching event). Days are UTC, both ends included. */
export const auditFiltersSchema = z.object(filterFields).refine(inOrder, outOfOrder);

export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/** GET /api/v1/audit/events: the filters, and the file's format. */
export const auditDownloadQuerySchema = z
  .object({ ...filterFields, format: z.enum(["jsonl", "csv"]).default("jsonl").describe("jsonl (one JSON event per line) or csv") })
  .strict()
  .refine(inOrder, outOfOrder);

/** The filters and the page: the events numbered below `before` (keyset paging, newest first). */
export const auditQuerySchema = z
  .object({
    ...filterFields,
    before: optional(
      z
        .string({ error: "This page of the log does not exist; start from the newest" })
        .regex(/^[1-9][0-9]{0,17}$/, "This page of the log does not exist; start from the newest")
        .transform((value) => BigInt(value)),
    ),
  })
  .refine(inOrder, outOfOrder);

export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** The filters as query parameters, for links that keep them (older events, downloads). */
export function auditFilterParams(filters: AuditFilters): URLSearchParams {
  return new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== ""));
}
