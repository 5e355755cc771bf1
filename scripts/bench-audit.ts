// npm run bench:audit — what the audit log adds to a save.
//
//   save       an edit of a procedure through the one save path (compare-and-set, its
//              revision, search index and cache triggers, and its audit event);
//   audit      the audit event alone, in a transaction of its own (the lock that keeps
//              the chain in commit order, the number, the hash);
//   baseline   an empty transaction, measured in the same run.
//
// The audit event's share of a save is audit − baseline (target: under 2 ms).
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
    const { saveEntry } = await import("../lib/data/entries");
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
    await db.$disconnect();
  } finally {
    await database.stop();
  }
}

await main();
