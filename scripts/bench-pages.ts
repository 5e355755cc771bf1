// `npm run bench:pages`: the read path under incident load. Starts the production
// server (scripts/serve.ts, the same as `npm start`) on a throw-away embedded
// PostgreSQL holding the demo runbooks plus generated systems, signs in, and loads each
// page with 32 concurrent connections (autocannon), together with a static asset of the
// same server in the same run: each page's throughput is printed as a ratio of the
// asset's, which cancels out how fast (or how busy) the machine is. Also prints what the
// overview sends: its HTML and its first-load JavaScript, gzip-compressed.
//
//   BENCH_SYSTEMS=2000 BENCH_SECONDS=10 BENCH_CONNECTIONS=32 BENCH_LIGHTHOUSE_RUNS=3 npm run bench:pages
//   BENCH_PAGES=dashboard,search (only those pages)  BENCH_LIGHTHOUSE_RUNS=0 (no Lighthouse)
//
// Needs a production build (`npm run build`); one is made when there is none.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { gzipSync } from "node:zlib";
import autocannon from "autocannon";
import * as chromeLauncher from "chrome-launcher";
import lighthouse, { desktopConfig } from "lighthouse";
import pg from "pg";
import { hash } from "@node-rs/argon2";
import { freePort } from "../lib/db/embedded-postgres";
import { generateRunbooks } from "../lib/demo/generate";
import { demoSet, joinSets } from "../lib/demo/set";
import { benchDatabase, bulkLoad } from "./lib/bench-database";
import { percentile, signIn, startPortalProcess, type RunningPortal } from "./lib/bench-portal";
import { projectRoot, runNext } from "./lib/next";

const SYSTEMS = Number(process.env.BENCH_SYSTEMS ?? 2000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
/** Lighthouse's score moves from run to run on a shared machine: each is run this many times, and the median printed. */
const LIGHTHOUSE_RUNS = Math.max(0, Number(process.env.BENCH_LIGHTHOUSE_RUNS ?? 3));
/** BENCH_PAGES=dashboard,search: only the pages whose names hold these words (and the static asset). */
const ONLY = process.env.BENCH_PAGES ? process.env.BENCH_PAGES.split(",").map((name) => name.trim()).filter(Boolean) : null;
const PASSWORD = "a long enough password";
const say = (text: string) => process.stdout.write(`${text}\n`);

async function ensureBuild() {
  if (existsSync(join(projectRoot(), ".next", "BUILD_ID"))) return;
  say("no production build yet: building (a few minutes, once)");
  const code = await new Promise<number>((done) => runNext(["build"], { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }).once("exit", (c) => done(c ?? 1)));
  if (code !== 0) throw new Error("the build failed (see above)");
}

/** The portal's production server on `url`, as `npm start` runs it. */
async function startServer(url: string): Promise<RunningPortal> {
  return startPortalProcess("serve.ts", {
    DATABASE_URL: url,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    AUTH_TRUST_HOST: "true",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    PORT: String(await freePort()),
  });
}

type Target = { name: string; path: string; expect: string; status?: number };
type Measured = Target & { rps: number; p50: number; p95: number; p975: number; p99: number; errors: number; requests: number };

/** `CONNECTIONS` connections loading `path` for `SECONDS`; every answer's latency kept for exact percentiles. */
async function measure(base: string, cookie: string, target: Target): Promise<Measured> {
  const latencies: number[] = [];
  const result = await new Promise<autocannon.Result>((done, fail) => {
    const instance = autocannon({ url: `${base}${target.path}`, connections: CONNECTIONS, duration: SECONDS, headers: { cookie } }, (error, result) => (error ? fail(error) : done(result)));
    instance.on("response", (_client, _status, _bytes, time) => latencies.push(time));
  });
  const status = String(target.status ?? 200);
  const wrong = Object.entries(result.statusCodeStats ?? {}).reduce((sum, [code, stats]) => sum + (code === status ? 0 : (stats?.count ?? 0)), 0);
  const errors = result.errors + result.timeouts + wrong;
  return {
    ...target,
    rps: result.requests.total / (result.duration || SECONDS),
    p50: percentile(latencies, 50) ?? NaN,
    p95: percentile(latencies, 95) ?? NaN,
    p975: percentile(latencies, 97.5) ?? NaN,
    p99: percentile(latencies, 99) ?? NaN,
    errors,
    requests: result.requests.total,
  };
}

/** Waits until the server answers at once again: requests still queued when the clock stopped are served before the next page is measured. */
async function idle(base: string) {
  for (let quick = 0, tries = 0; quick < 3 && tries < 600; tries++) {
    const started = performance.now();
    await fetch(`${base}/api/health`).then((r) => r.arrayBuffer());
    quick = performance.now() - started < 20 ? quick + 1 : 0;
    if (quick === 0) await new Promise((done) => setTimeout(done, 100));
  }
}

const BROWSER_AGENTS = {
  mobile: "Mozilla/5.0 (Linux; Android 11; moto g power (2022)) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Mobile Safari/537.36",
  desktop: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/136.0.0.0 Safari/537.36",
};

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

/**
 * Lighthouse's performance and accessibility scores for `url`, signed in, with the system
 * Chromium (CHROMIUM_PATH): by Lighthouse's default rules (a mid-range phone on a slow 4G
 * network, simulated), or its desktop rules.
 */
async function lighthouseScores(url: string, cookie: string, desktop: boolean) {
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
  });
  try {
    // An ordinary browser's user agent: Next.js answers Lighthouse's own ("Chrome-Lighthouse", on its list of
    // crawlers) differently (no streaming), and what is measured is what people's phones get.
    const emulatedUserAgent = desktop ? BROWSER_AGENTS.desktop : BROWSER_AGENTS.mobile;
    const flags = { port: chrome.port, onlyCategories: ["performance", "accessibility"], extraHeaders: { Cookie: cookie }, emulatedUserAgent, logLevel: "error" as const, output: "json" as const };
    const result = await lighthouse(url, flags, desktop ? desktopConfig : undefined);
    if (!result) throw new Error("Lighthouse gave no result");
    const score = (name: string) => Math.round((result.lhr.categories[name]?.score ?? 0) * 100);
    const failed = Object.values(result.lhr.audits)
      .filter((audit) => audit.scoreDisplayMode === "binary" && audit.score === 0)
      .map((audit) => audit.id);
    const metric = (id: string) => result.lhr.audits[id]?.displayValue ?? "?";
    const metrics = `first contentful paint ${metric("first-contentful-paint")}, largest ${metric("largest-contentful-paint")}, total blocking time ${metric("total-blocking-time")}, layout shift ${metric("cumulative-layout-shift")}`;
    return { performance: score("performance"), accessibility: score("accessibility"), metrics, failed, runtimeError: result.lhr.runtimeError?.message };
  } finally {
    chrome.kill();
  }
}

async function main() {
  await ensureBuild();
  const database = await benchDatabase(say);
  let server: RunningPortal | undefined;
  try {
    const client = new pg.Client({ connectionString: database.url });
    client.on("error", () => {}); // the server stopping at the end is expected
    await client.connect();
    if (database.fresh) {
      say(`loading the demo runbooks and ${SYSTEMS} generated systems`);
      const corpus = generateRunbooks(SYSTEMS, 42);
      await bulkLoad(client, joinSets(demoSet(), corpus));
      await client.query("ANALYZE");
    }
    await client.query(`DELETE FROM "User" WHERE id = 'bench-editor'`);
    await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('bench-editor', 'bench-editor@example.com', 'Bea Bench', $1, 'EDITOR', now())`, [await hash(PASSWORD)]);
    const { rows: [fm] } = await client.query<{ id: string; alert: string }>(
      `SELECT f.id, f."alertNames"[1] AS alert FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" WHERE s.slug = 'invoice-pipeline' AND cardinality(f."alertNames") > 0 ORDER BY f.title LIMIT 1`,
    );
    const { rows: [counts] } = await client.query<{ systems: number; entries: number }>(`SELECT (SELECT count(*) FROM "System")::int AS systems, (SELECT count(*) FROM "SearchEntry")::int AS entries`);
    // An incident as alerts open one (the generated corpus has no runs): its page is on-call's timeline.
    await client.query(`DELETE FROM "Alert" WHERE id LIKE 'bench-%'`);
    await client.query(`DELETE FROM "Incident" WHERE ref = 'BENCH-1'`);
    await client.query(`INSERT INTO "Incident" (ref, title, "groupKey") VALUES ('BENCH-1', 'InvoiceParserTimeout: invoices wait', 'bench')`);
    await client.query(
      `INSERT INTO "Alert" (id, fingerprint, "startsAt", name, "nameKey", state, labels, source, "incidentRef", "endsAt")
       SELECT 'bench-' || i, 'bench-' || i, now() - make_interval(mins => 30 - i), 'InvoiceParserTimeout', 'invoiceparsertimeout',
              CASE WHEN i % 2 = 0 THEN 'RESOLVED'::"AlertState" ELSE 'FIRING'::"AlertState" END,
              jsonb_build_object('instance', 'parser-' || i), 'generic', 'BENCH-1', CASE WHEN i % 2 = 0 THEN now() ELSE NULL END
       FROM generate_series(1, 10) i`,
    );
    const incident = { ref: "BENCH-1" };
    await client.end();

    server = await startServer(database.url);
    const { status, cookie } = await signIn(server.base, "bench-editor@example.com", PASSWORD);
    if (status !== 200 || !cookie.includes("session-token")) throw new Error(`could not sign in (${status})`);
    const overview = await fetch(`${server.base}/systems/invoice-pipeline`, { headers: { cookie } });
    const html = await overview.text();
    if (overview.status !== 200 || !html.includes("Invoice processing pipeline")) throw new Error(`the overview did not load (${overview.status})`);
    // What a browser fetches to start the page: every script but the legacy-browser polyfills (noModule), which today's browsers skip.
    const scripts = [...new Set([...html.matchAll(/<script[^>]*>/g)].filter((m) => !/\bnomodule\b/i.test(m[0])).flatMap((m) => /\ssrc="([^"]+)"/.exec(m[0])?.[1] ?? []))];
    if (!scripts.length) throw new Error("the overview names no scripts");
    let javascript = 0;
    for (const src of scripts) javascript += gzipSync(Buffer.from(await (await fetch(`${server.base}${src}`)).arrayBuffer())).length;

    const targets: Target[] = [
      { name: "static asset", path: scripts[0]!, expect: "" },
      { name: "overview", path: "/systems/invoice-pipeline", expect: "Invoice processing pipeline" },
      { name: "failure mode", path: `/failure-modes/${fm!.id}`, expect: "Invoice processing pipeline" },
      { name: "alert (redirect)", path: `/alerts/${encodeURIComponent(fm!.alert)}`, expect: "", status: 307 },
      // What else on-call opens during an incident; the heaviest last: they list every system, and what they leave queued would slow the pages after them.
      ...(incident ? [{ name: "incident", path: `/incidents/${encodeURIComponent(incident.ref)}`, expect: incident.ref }] : []),
      { name: "runs", path: "/runs", expect: "Runs" },
      { name: "dashboard", path: "/", expect: "Dashboard" },
      { name: "readiness", path: "/readiness", expect: "Operational readiness" },
      { name: "search", path: "/search?q=timeout", expect: "timeout" },
      { name: "systems list", path: "/systems", expect: "Systems" },
      { name: "failure-modes list", path: "/failure-modes", expect: "Failure modes" },
      { name: "procedures list", path: "/procedures", expect: "Procedures" },
      { name: "escalation list", path: "/escalation-levels", expect: "Escalation" },
      { name: "dependencies list", path: "/dependencies", expect: "Dependencies" },
      { name: "contacts list", path: "/contacts", expect: "Contacts" },
    ].filter((target) => !ONLY || ONLY.some((name) => target.name === "static asset" || target.name.includes(name)));
    for (const target of targets) {
      // Each page once, checked, before it is measured: a benchmark of error pages measures nothing.
      const response = await fetch(`${server.base}${target.path}`, { headers: { cookie }, redirect: "manual" });
      const body = await response.text();
      if (response.status !== (target.status ?? 200) || !body.includes(target.expect)) throw new Error(`${target.name} (${target.path}) answered ${response.status}`);
    }

    if (LIGHTHOUSE_RUNS) say(`measuring the overview with Lighthouse (${LIGHTHOUSE_RUNS} run${LIGHTHOUSE_RUNS === 1 ? "" : "s"} each)…`);
    for (const desktop of LIGHTHOUSE_RUNS ? [false, true] : []) {
      const performance: number[] = [];
      for (let run = 0; run < LIGHTHOUSE_RUNS; run++) {
        let scores = await lighthouseScores(`${server.base}/systems/invoice-pipeline`, cookie, desktop);
        if (scores.runtimeError) {
          say(`Lighthouse could not record the page (${scores.runtimeError}); once more`);
          scores = await lighthouseScores(`${server.base}/systems/invoice-pipeline`, cookie, desktop);
        }
        performance.push(scores.performance);
        say(`Lighthouse, ${desktop ? "desktop" : "mobile (simulated slow 4G, 4× slower CPU)"}: performance ${scores.performance}, accessibility ${scores.accessibility} (${scores.metrics})${scores.failed.length ? `; failed audits: ${scores.failed.join(", ")}` : ""}${scores.runtimeError ? `; error: ${scores.runtimeError}` : ""}`);
      }
      if (performance.length > 1) say(`Lighthouse, ${desktop ? "desktop" : "mobile"}: performance median ${percentile(performance, 50)}, range ${Math.min(...performance)}–${Math.max(...performance)} over ${performance.length} runs`);
    }
    say(`corpus: ${counts!.systems} systems, ${counts!.entries} entries; ${CONNECTIONS} connections, ${SECONDS} s per page, signed in as an editor`);
    const results: Measured[] = [];
    for (const target of targets) {
      say(`measuring ${target.name}…`);
      results.push(await measure(server.base, cookie, target));
      await idle(server.base);
    }
    const asset = results[0]!;
    say("");
    say("| page | requests/s | p50 | p95 | p97.5 | p99 | errors | vs static asset |");
    say("|---|---:|---:|---:|---:|---:|---:|---:|");
    for (const r of results) {
      say(`| ${r.name} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(0)} ms | ${r.p95.toFixed(0)} ms | ${r.p975.toFixed(0)} ms | ${r.p99.toFixed(0)} ms | ${r.errors} | ${(r.rps / asset.rps).toFixed(3)} |`);
    }
    say("");
    say(`overview HTML: ${kb(Buffer.byteLength(html))} (${kb(gzipSync(html).length)} gzip); first-load JavaScript: ${kb(javascript)} gzip in ${scripts.length} files`);
    say("targets: overview ≥ 0.05 of the static asset's throughput with p95 ≤ 100 ms; first-load JavaScript ≤ 100 kB gzip; Lighthouse performance ≥ 95, accessibility 100");
    say("targets (incident load): the alert redirect ≥ 0.5 of the static asset; search, every list, the dashboard, readiness, runs and an incident ≥ 0.1 with p97.5 ≤ 250 ms; no page under 0.05");
    if (results.some((r) => r.errors)) say("errors are answers other than the page's own status, and requests that took over 10 s");
  } finally {
    await server?.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
