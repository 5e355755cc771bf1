// `npm run bench:search`: search latency on a corpus of 2,000 generated systems
// (about 50,000 entries) in a throw-away embedded PostgreSQL, against a naive
// ILIKE '%term%' scan of the same data. Prints p50 and p95 per engine and their ratio.
//
//   BENCH_SYSTEMS=2000 BENCH_ROUNDS=15 npm run bench:search
//   BENCH_DATABASE_URL=postgres://… npm run bench:search   (an empty database of yours)
import { performance } from "node:perf_hooks";
import pg from "pg";
import { createPrismaClient } from "../lib/db/client";
import { generateRunbooks } from "../lib/demo/generate";
import { searchWith } from "../lib/search/engine";
import { demoSet, joinSets } from "../lib/demo/set";
import type { RunbookSet } from "../lib/demo/set";
import { benchDatabase, bulkLoad } from "./lib/bench-database";
import { percentile } from "./lib/bench-portal";

const SYSTEMS = Number(process.env.BENCH_SYSTEMS ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 15);
/** The ILIKE scan takes seconds per query at 20,000 systems: past 5,000 it runs 3 rounds unless told (it is the baseline, not the subject). */
const NAIVE_ROUNDS = Number(process.env.BENCH_NAIVE_ROUNDS ?? (SYSTEMS > 5000 ? 3 : ROUNDS));
const say = (text: string) => process.stdout.write(`${text}\n`);

/** Alert names that exist in the generated corpus (the same for every run). */
const generatedAlerts = (corpus: RunbookSet) =>
  [3, 777, 1500, 1999].map((i) => (corpus.systems[Math.min(i, corpus.systems.length - 1)]!.failureModes as { alertNames: string[] }[])[i % 7]!.alertNames[0]!);

/** The fixed query mix: what on-call people type, by kind. */
const queries = (corpus: RunbookSet): { kind: string; q: string }[] => [
  ...["InvoiceParserTimeout", "AdsPullRateLimited", ...generatedAlerts(corpus)].map((q) => ({ kind: "alert name", q })),
  ...["Task timed out after 900.00 seconds", "ConditionalCheckFailedException", "HTTP 429", "SSLHandshakeException", "OutOfMemoryError", "connection refused"].map((q) => ({ kind: "log string", q })),
  ...["retail-invoices-prod", "pricing-worker-1.prod.example.com", "deploy/billing-api-4", "#fraud-cache-2-oncall", "kubectl rollout undo", "+1 555 1234"].map((q) => ({ kind: "identifier", q })),
  ...["lamda timout", "replcation lag", "certficate expiry", "throtling", "conection refused", "priya ramen"].map((q) => ({ kind: "typo", q })),
  ...["timeout", "database", "queue backlog", "restart the deployment", "invoice pars", "escalat"].map((q) => ({ kind: "words", q })),
];

const NAIVE = `
  SELECT * FROM (
    SELECT 'SYSTEM' AS type, id, name AS title FROM "System" WHERE "deletedAt" IS NULL
       AND concat_ws(' ', name, slug, purpose, schedule, inputs, outputs, components::text, "onCall", links::text, boundaries, "deploymentNotes") ILIKE $1
    UNION ALL SELECT 'DEPENDENCY', id, name FROM "Dependency" WHERE "deletedAt" IS NULL
       AND concat_ws(' ', name, "usedFor", "failureModes", impact, detection, mitigation) ILIKE $1
    UNION ALL SELECT 'FAILURE_MODE', id, title FROM "FailureMode" WHERE "deletedAt" IS NULL
       AND concat_ws(' ', title, array_to_string("alertNames", ' '), detection, causes, "customerImpact", array_to_string("immediateActions", ' '), escalation) ILIKE $1
    UNION ALL SELECT 'PROCEDURE', id, title FROM "RemediationProcedure" WHERE "deletedAt" IS NULL
       AND concat_ws(' ', title, assumptions, steps::text, verification, rollback, "approvalRequired") ILIKE $1
    UNION ALL SELECT 'ESCALATION_LEVEL', id, name FROM "EscalationLevel" WHERE "deletedAt" IS NULL
       AND concat_ws(' ', name, "when", responsibilities) ILIKE $1
    UNION ALL SELECT 'CONTACT', id, name FROM "Contact" WHERE "deletedAt" IS NULL
       AND concat_ws(' ', name, role, email, phone, chat, "pagerUrl", notes) ILIKE $1
  ) hits LIMIT 20`;

const ms = (value: number | undefined) => (value === undefined ? "—" : `${value.toFixed(2)} ms`).padStart(10);

async function main() {
  const database = await benchDatabase(say);
  const { url } = database;
  try {
    const client = new pg.Client({ connectionString: url });
    client.on("error", () => {}); // the server stopping at the end is expected
    await client.connect();
    const started = performance.now();
    const corpus = generateRunbooks(SYSTEMS, 42);
    const QUERIES = queries(corpus);
    if (database.fresh) {
      await bulkLoad(client, joinSets(demoSet(), corpus));
      await client.query("ANALYZE");
    } else {
      say("BENCH_DATABASE_URL already holds a corpus: measuring it as it is");
    }
    const { rows: [counts] } = await client.query<{ entries: number; words: number }>(
      `SELECT (SELECT count(*) FROM "SearchEntry")::int AS entries, (SELECT count(*) FROM "SearchWord")::int AS words`,
    );
    say(`corpus: ${(await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "System"`)).rows[0]!.n} systems, ${counts!.entries} entries, ${counts!.words} distinct words (loaded and indexed in ${((performance.now() - started) / 1000).toFixed(1)} s)`);

    const prisma = createPrismaClient(url);
    const timings = { search: [] as number[], naive: [] as number[] };
    const byKind = new Map<string, { search: number[]; naive: number[] }>();
    for (let round = 0; round <= ROUNDS; round++) {
      for (const { kind, q } of QUERIES) {
        let t = performance.now();
        await searchWith(prisma, { q, limit: 20 });
        const search = performance.now() - t;
        let naive: number | null = null;
        if (round <= NAIVE_ROUNDS) {
          t = performance.now();
          await client.query(NAIVE, [`%${q}%`]);
          naive = performance.now() - t;
        }
        if (round === 0) continue; // warm-up
        const entry = byKind.get(kind) ?? { search: [], naive: [] };
        timings.search.push(search);
        entry.search.push(search);
        if (naive !== null) {
          timings.naive.push(naive);
          entry.naive.push(naive);
        }
        byKind.set(kind, entry);
      }
    }
    await prisma.$disconnect();
    await client.end();

    say(`\n${QUERIES.length} queries × ${ROUNDS} rounds (ILIKE ${Math.min(NAIVE_ROUNDS, ROUNDS)}), server-side latency (query sent to rows back, in process):`);
    say(`${"".padEnd(14)}${"search p50".padStart(12)}${"search p95".padStart(12)}${"ILIKE p50".padStart(12)}${"ILIKE p95".padStart(12)}`);
    for (const [kind, t] of byKind) {
      say(`${kind.padEnd(14)}${ms(percentile(t.search, 50))}  ${ms(percentile(t.search, 95))}  ${ms(percentile(t.naive, 50))}  ${ms(percentile(t.naive, 95))}`);
    }
    const s50 = percentile(timings.search, 50)!, s95 = percentile(timings.search, 95)!;
    const n50 = percentile(timings.naive, 50) ?? NaN, n95 = percentile(timings.naive, 95) ?? NaN;
    say(`${"all".padEnd(14)}${ms(s50)}  ${ms(s95)}  ${ms(percentile(timings.naive, 50))}  ${ms(percentile(timings.naive, 95))}`);
    const baseline = timings.naive.length ? `ILIKE is ${(n50 / s50).toFixed(1)}× slower at p50 and ${(n95 / s95).toFixed(1)}× slower at p95 (target ≥ 10×: ${n95 / s95 >= 10 ? "met" : "NOT met"})` : "no ILIKE baseline (BENCH_NAIVE_ROUNDS=0)";
    say(`\nsearch p95 ${s95.toFixed(2)} ms (target ≤ 20 ms: ${s95 <= 20 ? "met" : "NOT met"}); ${baseline}`);
  } finally {
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
