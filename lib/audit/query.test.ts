import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import type { AuditFilters } from "@/lib/validation/audit";

// Reading the audit log: each filter, keyset pages that neither overlap nor leave a gap,
// admins only, filters from the address checked with messages; and the downloads (CSV
// escaped and defused, JSON lines), streamed over every matching event.

const database = await ownDatabase("runbook_audit_query");
const { db } = await import("@/lib/db");
const { ForbiddenError } = await import("@/lib/auth/roles");
const { AUDIT_PAGE_SIZE, auditEventBatches, listAuditEvents } = await import("./query");
const { csvCell, csvLines, downloadAuditEvents } = await import("./download");
const { auditQuerySchema } = await import("@/lib/validation/audit");
const { verifyAuditChain } = await import("./verify");

afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const admin = { id: "admin-1", name: "Ann Admin", role: "ADMIN" as const };
const editor = { id: "editor-1", name: "Erin Editor", role: "EDITOR" as const };

// The seeded log: event i (1…300) every two hours from 1 March 2025, by u0/u1/u2 in turn,
// five actions in turn, about entity e0…e6, every other one in system s1. One more, "late",
// started half an hour before 7 March but written after the event at 00:00 that day, as
// an event of a long transaction is.
const START = Date.parse("2025-03-01T00:00:00Z");
const ACTIONS = ["entry.updated", "change.requested", "change.approved", "signin.succeeded", "token.used"];
type Seeded = { i: number; at: Date; actorId: string; action: string; entityId: string; systemId: string | null };
const seeded: Seeded[] = Array.from({ length: 300 }, (_, n) => {
  const i = n + 1;
  return { i, at: new Date(START + i * 2 * 3_600_000), actorId: `u${i % 3}`, action: ACTIONS[i % 5]!, entityId: `e${i % 7}`, systemId: i % 2 === 0 ? "s1" : null };
});
const late: Seeded = { i: 1000, at: new Date("2025-03-06T23:30:00Z"), actorId: "u0", action: "entry.updated", entityId: "e0", systemId: "s1" };

async function insert(events: Seeded[]) {
  await db.$executeRawUnsafe(
    `INSERT INTO "AuditEvent" ("at", "actorId", "actorName", "action", "entityId", "systemId", "ip", "userAgent", "detail")
     SELECT (e->>'at')::timestamptz AT TIME ZONE 'UTC', e->>'actorId', 'Person ' || (e->>'actorId'), e->>'action', e->>'entityId', e->>'systemId', '192.0.2.1', 'seed', jsonb_build_object('i', (e->>'i')::int)
     FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n`,
    JSON.stringify(events),
  );
}

beforeAll(async () => {
  const i72 = seeded.findIndex((e) => e.i === 72);
  await insert([...seeded.slice(0, i72 + 1), late, ...seeded.slice(i72 + 1)]);
});

/** Every page of the filtered log, in order, as the seeded numbers; fails on an overlap or a page too long. */
async function allPages(filters: AuditFilters) {
  const seen: number[] = [];
  let before: bigint | undefined;
  for (;;) {
    const page = await listAuditEvents(admin, filters, { before });
    expect(page.events.length).toBeLessThanOrEqual(AUDIT_PAGE_SIZE);
    seen.push(...page.events.map((event) => (event.detail as { i: number }).i));
    if (!page.older) return seen;
    expect(page.events.length).toBe(AUDIT_PAGE_SIZE);
    before = page.older;
  }
}

/** The seeded events `keep` selects, newest first as the log lists them ("late" was written after event 72). */
function expected(keep: (event: Seeded) => boolean) {
  const order = [...seeded.slice(0, 72), late, ...seeded.slice(72)];
  return order.filter(keep).map((event) => event.i).reverse();
}

const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

test("keyset pages cover the whole log, newest first, without overlap or gap", async () => {
  const all = await allPages({});
  expect(all).toEqual(expected(() => true));
  expect(all).toHaveLength(301);
  expect(new Set(all).size).toBe(301);
});

test("each filter, alone and together", async () => {
  expect(await allPages({ actor: "u1" })).toEqual(expected((e) => e.actorId === "u1"));
  expect(await allPages({ action: "change.approved" })).toEqual(expected((e) => e.action === "change.approved"));
  expect(await allPages({ action: "change." })).toEqual(expected((e) => e.action.startsWith("change.")));
  expect(await allPages({ entity: "e3" })).toEqual(expected((e) => e.entityId === "e3"));
  expect(await allPages({ system: "s1" })).toEqual(expected((e) => e.systemId === "s1"));
  // Days are UTC and both ends are whole days; the late event belongs to 6 March.
  const inRange = (e: Seeded) => e.at.getTime() >= day("2025-03-05") && e.at.getTime() < day("2025-03-07");
  const range = await allPages({ from: "2025-03-05", to: "2025-03-06" });
  expect(range).toEqual(expected(inRange));
  expect(range).toContain(1000);
  expect(await allPages({ to: "2025-03-06" })).toEqual(expected((e) => e.at.getTime() < day("2025-03-07")));
  expect(await allPages({ from: "2025-03-20" })).toEqual(expected((e) => e.at.getTime() >= day("2025-03-20")));
  expect(await allPages({ actor: "u0", action: "entry.", system: "s1", to: "2025-03-10" })).toEqual(
    expected((e) => e.actorId === "u0" && e.action === "entry.updated" && e.systemId === "s1" && e.at.getTime() < day("2025-03-11")),
  );
  expect(await allPages({ actor: "nobody" })).toEqual([]);
});

test("only admins read the log or download it", async () => {
  await expect(listAuditEvents(editor, {})).rejects.toBeInstanceOf(ForbiddenError);
  expect(() => auditEventBatches(editor, {})).toThrow(ForbiddenError);
});

test("filters from the address: blanks are no filter, bad values say what is wrong", () => {
  expect(auditQuerySchema.parse({ actor: "", action: "change.", from: "2025-03-01", to: "2025-03-01", before: "51", page: "x" })).toEqual({ action: "change.", from: "2025-03-01", to: "2025-03-01", before: 51n });
  expect(auditQuerySchema.parse({ actor: ["u1", "u2"] })).toEqual({ actor: "u1" });
  const problems = (query: Record<string, string>) => auditQuerySchema.safeParse(query).error?.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`);
  expect(problems({ action: "entry.hacked" })).toEqual(["action: Pick an action from the list"]);
  expect(problems({ action: "settings." })).toEqual(["action: Pick an action from the list"]);
  expect(problems({ from: "2025-02-30" })).toEqual(["from: From: enter a date as YYYY-MM-DD"]);
  expect(problems({ to: "0001-01-01" })).toEqual(["to: To: pick a day between 1970 and 9999"]);
  expect(problems({ from: "2025-03-02", to: "2025-03-01" })).toEqual(["to: To: pick a day on or after From"]);
  expect(problems({ entity: "x' OR 1=1" })).toEqual(["entity: An entity id has only letters, digits, “-” and “_”"]);
  expect(problems({ before: "-1" })).toEqual(["before: This page of the log does not exist; start from the newest"]);
  expect(problems({ before: "99999999999999999999" })).toHaveLength(1);
});

test("CSV cells: quoted when they must be, and never run as a formula", () => {
  expect(csvCell("plain")).toBe("plain");
  expect(csvCell(null)).toBe("");
  expect(csvCell(42)).toBe("42");
  expect(csvCell('say "hi", then go')).toBe('"say ""hi"", then go"');
  expect(csvCell("two\nlines")).toBe('"two\nlines"');
  expect(csvCell("=HYPERLINK(\"http://evil\")")).toBe("\"'=HYPERLINK(\"\"http://evil\"\")\"");
  expect(["+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"].map(csvCell)).toEqual(["'+1+1", "'-1+1", "'@SUM(A1)", "'\t=1", "\"'\r=1\""]);
  expect(csvCell({ note: "a,b" })).toBe('"{""note"":""a,b""}"');
  const line = csvLines([
    { seq: 7n, at: new Date("2025-03-01T10:00:00Z"), actorId: null, actorName: "@admin", action: "signin.failed", entityType: null, entityId: null, systemId: null, revisionId: null, ip: "192.0.2.1", userAgent: "Agent, v2", detail: { email: "=cmd|' /C calc'!A0", reason: "wrong" }, prevHash: "a", hash: "b" },
  ]);
  expect(line).toBe(`7,2025-03-01T10:00:00.000Z,,'@admin,signin.failed,,,,,192.0.2.1,"Agent, v2","{""email"":""=cmd|' /C calc'!A0"",""reason"":""wrong""}",a,b\r\n`);
});

test("downloads: every matching event in CSV or JSON lines, named by date, each noted in the log; bad filters are a 400", async () => {
  const csv = await downloadAuditEvents(admin, new URLSearchParams({ actor: "u1", before: "5" }), "csv");
  expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
  expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-events-\d{4}-\d{2}-\d{2}\.csv"$/);
  const rows = (await csv.text()).split("\r\n").filter(Boolean);
  expect(rows[0]).toBe("seq,at,actorId,actorName,action,entityType,entityId,systemId,revisionId,ip,userAgent,detail,prevHash,hash");
  // The page a link was on does not limit a download.
  expect(rows.slice(1).map((row) => Number(/"i"":(\d+)/.exec(row)![1]))).toEqual(expected((e) => e.actorId === "u1"));

  const jsonl = await downloadAuditEvents(admin, new URLSearchParams({ action: "change.", to: "2025-03-06" }), "jsonl");
  expect(jsonl.headers.get("content-disposition")).toMatch(/\.jsonl"$/);
  const lines = (await jsonl.text()).trimEnd().split("\n").map((line) => JSON.parse(line) as { seq: number; at: string; action: string; detail: { i: number } });
  expect(lines.map((line) => line.detail.i)).toEqual(expected((e) => e.action.startsWith("change.") && e.at.getTime() < day("2025-03-07")));
  expect(lines[0]).toMatchObject({ seq: expect.any(Number), at: expect.stringMatching(/^2025-03-0\dT/) });

  const noted = await db.auditEvent.findMany({ where: { action: "export.downloaded" }, orderBy: { seq: "asc" } });
  expect(noted.map((event) => event.detail)).toEqual([
    { format: "audit.csv", filters: { actor: "u1" } },
    { format: "audit.jsonl", filters: { action: "change.", to: "2025-03-06" } },
  ]);
  expect(noted[0]).toMatchObject({ actorId: admin.id, actorName: admin.name });

  const bad = await downloadAuditEvents(admin, new URLSearchParams({ from: "yesterday" }), "csv");
  expect(bad.status).toBe(400);
  expect(await bad.json()).toEqual({ error: "From: enter a date as YYYY-MM-DD" });
});

test("a download streams past one batch: every event once, in order", async () => {
  await insert(Array.from({ length: 5_100 }, (_, n) => ({ i: 2000 + n, at: new Date(), actorId: "bulk", action: "token.used", entityId: "t", systemId: null })));
  const seqs: bigint[] = [];
  for await (const batch of auditEventBatches(admin, {})) seqs.push(...batch.map((event) => event.seq));
  const total = await db.auditEvent.count();
  expect(seqs).toHaveLength(total);
  expect(seqs.every((seq, index) => index === 0 || seq < seqs[index - 1]!)).toBe(true);
  expect(await verifyAuditChain(database.url)).toMatchObject({ breaks: [] });
});
