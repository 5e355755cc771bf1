// `npm run bench:runbooks`: runbooks as code at scale. Loads 2,000 generated systems
// (about 50,000 entries) plus the demo into a throw-away embedded PostgreSQL, then times
// what `npm run export` and `npm run import` do, in process:
//   export          the whole portal as runbook-portal/v1 YAML;
//   import (new)    the files into an emptied database: read, check, plan, apply with history;
//   re-export       again, compared byte for byte with the first export;
//   import (same)   the same files once more: planned as unchanged, nothing written;
//   offline bundle  the static HTML site of every runbook;
//   Markdown        1,000 Markdown alert runbooks (the OpenShift sample, copied under new
//                   alert names into 15 folders) into an emptied portal.
// The baseline in the same run is a plain read of every entry (one query per table).
//
//   BENCH_SYSTEMS=2000 npm run bench:runbooks
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { generateRunbooks } from "../lib/demo/generate";
import { demoSet, joinSets } from "../lib/demo/set";
import { benchDatabase, bulkLoad } from "./lib/bench-database";
import { wipeAllTables } from "../lib/db/wipe";

const SYSTEMS = Number(process.env.BENCH_SYSTEMS ?? 2000);
const TARGET_SECONDS = 30;
const MARKDOWN_RUNBOOKS = Number(process.env.BENCH_MARKDOWN ?? 1000);
const MARKDOWN_TARGET_SECONDS = 20;

/** `count` Markdown runbooks: the OpenShift sample's runbooks again and again, each copy under a new alert name and folder. */
function markdownRunbooks(count: number) {
  const root = join(process.cwd(), "test", "fixtures", "openshift-corpus", "openshift-runbooks", "alerts");
  const originals: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".md") && !/README/i.test(name)) originals.push({ name: relative(root, path), text: readFileSync(path, "utf8") });
    }
  };
  walk(root);
  const runbooks = originals.filter((file) => /^## /m.test(file.text));
  return Array.from({ length: count }, (_, i) => {
    const file = runbooks[i % runbooks.length]!;
    const alert = file.name.split("/").pop()!.replace(/\.md$/, "");
    const copy = Math.floor(i / runbooks.length);
    return { name: `team-${copy}/${alert}Copy${copy}.md`, bytes: Buffer.from(file.text.replace(new RegExp(`^# ${alert}`, "m"), `# ${alert}Copy${copy}`)) };
  });
}
const say = (text: string) => process.stdout.write(`${text}\n`);

async function timed<T>(label: string, work: () => Promise<T>, figures: [string, number][]): Promise<T> {
  const started = performance.now();
  const result = await work();
  figures.push([label, (performance.now() - started) / 1000]);
  say(`  ${label}: ${figures.at(-1)![1].toFixed(1)} s`);
  return result;
}

async function main() {
  const database = await benchDatabase(say);
  if (!database.fresh) throw new Error("bench:runbooks empties its database: give it an empty BENCH_DATABASE_URL, or none");
  process.env.DATABASE_URL = database.url;
  const client = new pg.Client({ connectionString: database.url });
  client.on("error", () => {}); // the server stopping at the end is expected
  await client.connect();
  try {
    const corpus = generateRunbooks(SYSTEMS, 42);
    await bulkLoad(client, joinSets(demoSet(), corpus));
    await client.query("ANALYZE");
    const { rows: [counts] } = await client.query<{ systems: number; entries: number }>(
      `SELECT (SELECT count(*) FROM "System")::int AS systems,
              ((SELECT count(*) FROM "System") + (SELECT count(*) FROM "Dependency") + (SELECT count(*) FROM "FailureMode") + (SELECT count(*) FROM "RemediationProcedure")
               + (SELECT count(*) FROM "EscalationLevel") + (SELECT count(*) FROM "Contact"))::int AS entries`,
    );
    say(`corpus: ${counts!.systems} systems, ${counts!.entries} entries\n`);

    // Imported now: lib/db connects to DATABASE_URL on first use.
    const { db } = await import("../lib/db");
    const { exportRunbooks } = await import("../lib/runbooks/export");
    const { offlineBundle } = await import("../lib/runbooks/bundle");
    const { readRunbookFiles } = await import("../lib/runbooks/read");
    const { planImport } = await import("../lib/runbooks/plan");
    const { applyImport } = await import("../lib/runbooks/apply");
    const { addSearchWordsSince } = await import("../lib/search/words");
    const { jobsOf } = await import("../lib/jobs/admin");
    const actor = { id: null, name: "Benchmark", role: "ADMIN" as const };
    const figures: [string, number][] = [];
    const importAll = async (files: { path: string; content: string }[]) => {
      let t = performance.now();
      const read = readRunbookFiles(files.map((file) => ({ name: file.path, bytes: Buffer.from(file.content) })));
      const reading = performance.now() - t;
      t = performance.now();
      const plan = await planImport(read.documents);
      const planning = performance.now() - t;
      const problems = [...read.problems, ...plan.problems];
      if (problems.length) throw new Error(`the export does not import: ${problems[0]!.file} ${problems[0]!.where}: ${problems[0]!.message}`);
      t = performance.now();
      const result = await applyImport(actor, plan, {});
      const applying = performance.now() - t;
      // The spelling words, added by a job once the import has committed: timed apart.
      t = performance.now();
      const [job] = await jobsOf("search:words");
      if (job) await addSearchWordsSince(new Date((job.payload as { since: string }).since));
      await db.$executeRawUnsafe(`DELETE FROM graphile_worker._private_jobs`);
      say(`    read and check ${(reading / 1000).toFixed(1)} s, plan ${(planning / 1000).toFixed(1)} s, apply ${(applying / 1000).toFixed(1)} s; then the spelling words (a job) ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return result;
    };

    await timed("baseline: read every entry", async () => {
      await Promise.all([db.system.findMany(), db.dependency.findMany(), db.failureMode.findMany(), db.remediationProcedure.findMany(), db.escalationLevel.findMany(), db.contact.findMany()]);
    }, figures);
    const first = await timed("export (YAML)", () => exportRunbooks(), figures);
    const megabytes = first.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0) / 1024 / 1024;
    say(`    ${first.length} files, ${megabytes.toFixed(1)} MB`);
    const bundle = await timed("offline bundle (HTML)", () => offlineBundle(), figures);
    say(`    ${bundle.length} files`);

    await wipeAllTables(client);
    const created = await timed("import into an empty portal", () => importAll(first), figures);
    const importSeconds = figures.at(-1)![1];
    say(`    ${created.created} entries created, each with its first version`);
    const second = await timed("re-export", () => exportRunbooks(), figures);
    const identical = second.length === first.length && second.every((file, i) => file.path === first[i]!.path && file.content === first[i]!.content);
    say(`    byte-identical to the first export: ${identical ? "yes" : "NO"}`);
    const again = await timed("import the same files again", () => importAll(first), figures);
    say(`    ${again.unchanged} unchanged, ${again.created + again.updated + again.deleted} written`);
    await wipeAllTables(client);
    const markdown = markdownRunbooks(MARKDOWN_RUNBOOKS);
    const fromMarkdown = await timed(`import ${MARKDOWN_RUNBOOKS.toLocaleString("en")} Markdown runbooks`, () => importAll(markdown.map((file) => ({ path: file.name, content: file.bytes.toString("utf8") }))), figures);
    say(`    ${fromMarkdown.created} entries created`);
    await db.$disconnect();

    const baseline = figures[0]![1];
    say(`\n${"".padEnd(30)}${"seconds".padStart(9)}${"× baseline".padStart(12)}`);
    for (const [label, seconds] of figures) say(`${label.padEnd(30)}${seconds.toFixed(1).padStart(9)}${(seconds / baseline).toFixed(0).padStart(11)}×`);
    const slowest = Math.max(...figures.slice(1, -1).map(([, seconds]) => seconds));
    const markdownSeconds = figures.at(-1)![1];
    say(`\nMarkdown: ${MARKDOWN_RUNBOOKS} runbooks in ${markdownSeconds.toFixed(1)} s (target: under ${MARKDOWN_TARGET_SECONDS} s: ${markdownSeconds < MARKDOWN_TARGET_SECONDS ? "met" : "NOT met"})`);
    say(`import into an empty portal: ${importSeconds.toFixed(1)} s with its spelling words (target: under ${TARGET_SECONDS} s: ${importSeconds < TARGET_SECONDS ? "met" : "NOT met"})`);
    say(`slowest step ${slowest.toFixed(1)} s (target: each under ${TARGET_SECONDS} s for ${SYSTEMS} systems: ${slowest < TARGET_SECONDS ? "met" : "NOT met"}); round trip ${identical ? "byte-identical" : "NOT identical"}`);
    if (!identical || again.created + again.updated + again.deleted > 0) process.exitCode = 1;
  } finally {
    await client.end();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
