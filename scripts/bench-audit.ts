// npm run bench:audit — what the audit log adds to a save.
//
//   save       an edit of a procedure through the one save path (compare-and-set, its
//              revision, search index and cache triggers, and its audit event);
//   audit      the audit event alone, in a transaction of its own (the lock that keeps
//              the chain in commit order, the number, the hash);
//   baseline   an empty transaction, measured in the same run.
//
// The audit event's share of a save is audit − baseline (target: under 2 ms).
//
// Then /audit's reads on a large log (BENCH_AUDIT_EVENTS, default 300,000 events over two
// years, 300 people, 600 systems): the first page and a page 20 deep, for each filter.
import { performance } from "node:perf_hooks";
import { benchDatabase } from "./lib/bench-database";

const ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 500);
const TARGET_MS = 2;
const say = (text: string) => process.stdout.write(`${text}\n`);

async function main() {
  const database = await benchDatabase(say);
  process.env.DATABASE_URL = database.url;
  try {
    const { db } = await import("../lib/db");
    const { PORTAL_ACTOR } = await import("../lib/auth/roles");
    const { saveEntry } = await import("../lib/entries/save");
    const { ENTITIES } = await import("../lib/entries");
    const { auditEvents } = await import("../lib/audit/events");
    const slug = `bench-audit-${Date.now()}`;
    const system = await saveEntry(PORTAL_ACTOR, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug, name: "Audit bench", tier: "TIER_3" }), { changeNote: "bench", incidentRef: null });
    const procedure = await saveEntry(PORTAL_ACTOR, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Bench" }), { changeNote: "bench", incidentRef: null });

    const time = async (work: (i: number) => Promise<unknown>) => {
      for (let i = 0; i < 20; i++) await work(-1 - i); // warm up
      const started = performance.now();
      for (let i = 0; i < ROUNDS; i++) await work(i);
      return (performance.now() - started) / ROUNDS;
    };
    let version = procedure.version;
    const save = await time(async (i) => {
      const row = await saveEntry(PORTAL_ACTOR, "PROCEDURE", { id: procedure.id }, ENTITIES.PROCEDURE.schema.parse({ title: `Bench ${i}` }), { changeNote: "bench", incidentRef: null, expectedVersion: version });
      version = row.version;
    });
    const audit = await time((i) => db.$transaction((tx) => auditEvents(tx, PORTAL_ACTOR, [{ action: "entry.updated", entityType: "PROCEDURE", entityId: procedure.id, detail: { version: i } }])));
    const baseline = await time(() => db.$transaction((tx) => tx.$executeRaw`SELECT 1`));
    const added = audit - baseline;
    say(`\n${ROUNDS} rounds each (ms per operation)`);
    say(`  baseline (empty transaction)  ${baseline.toFixed(2)}`);
    say(`  audit event alone             ${audit.toFixed(2)}  (${(audit / baseline).toFixed(2)}× baseline)`);
    say(`  save with its audit event     ${save.toFixed(2)}  (${(save / baseline).toFixed(2)}× baseline)`);
    say(`\nthe audit event adds ${added.toFixed(2)} ms to a save (${((added / save) * 100).toFixed(0)}% of it; target: under ${TARGET_MS} ms: ${added < TARGET_MS ? "met" : "NOT met"})`);
    await readsOnALargeLog(db, baseline);
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 300_000);

/** Pages of /audit (lib/audit/query.ts) on a log of EVENTS events, per filter, against the empty transaction. */
async function readsOnALargeLog(db: typeof import("../lib/db").db, baseline: number) {
  const { listAuditEvents } = await import("../lib/audit/query");
  const { AUDIT_ACTIONS } = await import("../lib/audit/events");
  const admin = { id: null, name: "bench", role: "ADMIN" as const };
  say(`\nfilling the log with ${EVENTS.toLocaleString("en")} events (numbered and chained by the database as usual)…`);
  const started = performance.now();
  // In one statement: the chain trigger numbers and hashes each row in order.
  await db.$executeRawUnsafe(
    `INSERT INTO "AuditEvent" ("at", "actorId", "actorName", "action", "entityType", "entityId", "systemId", "ip", "userAgent", "detail")
     SELECT now() - make_interval(secs => ($1 - i) * (730 * 86400.0 / $1)), 'bench-actor-' || (i % 300), 'Person ' || (i % 300),
            ($2::text[])[1 + (i % array_length($2::text[], 1))], 'PROCEDURE', 'bench-entity-' || (i % 60000), 'bench-system-' || (i % 600),
            '10.0.' || (i % 250) || '.1', 'bench', jsonb_build_object('version', i)
     FROM generate_series(1, $1) AS i ORDER BY i`,
    EVENTS,
    [...AUDIT_ACTIONS],
  );
  await db.$executeRawUnsafe(`ANALYZE "AuditEvent"`);
  say(`  ${((performance.now() - started) / 1000).toFixed(1)} s`);
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86400_000).toISOString().slice(0, 10);
  const filters: [string, Parameters<typeof listAuditEvents>[1]][] = [
    ["no filter", {}],
    ["one person", { actor: "bench-actor-17" }],
    ["one action", { action: "user.created" }],
    ["a family (change.*)", { action: "change." }],
    ["one system", { system: "bench-system-42" }],
    ["one entity", { entity: "bench-entity-4242" }],
    ["a week a year ago", { from: day(372), to: day(365) }],
    ["a person, a year ago", { actor: "bench-actor-17", to: day(365) }],
  ];
  const rounds = 30;
  say(`\n/audit pages of 50 (ms, ${rounds} rounds; first page / 20 pages deep; × the empty transaction)`);
  for (const [label, filter] of filters) {
    const page = async (depth: number) => {
      let before: bigint | undefined;
      for (let i = 0; i < depth; i++) before = (await listAuditEvents(admin, filter, { before })).older ?? undefined;
      await listAuditEvents(admin, filter, { before }); // warm up
      const t = performance.now();
      for (let i = 0; i < rounds; i++) await listAuditEvents(admin, filter, { before });
      return (performance.now() - t) / rounds;
    };
    const first = await page(0);
    const deep = await page(19);
    say(`  ${label.padEnd(24)} ${first.toFixed(2).padStart(6)} / ${deep.toFixed(2).padStart(6)}   (${(first / baseline).toFixed(1)}× / ${(deep / baseline).toFixed(1)}×)`);
  }
}

await main();
