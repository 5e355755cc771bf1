// `npm run bench:login`: what a flood of wrong passwords does to everyone else. Starts the
// production portal (`npm start`'s own start script) on a throw-away embedded database,
// signs a viewer in, and measures that viewer's page loads (a system overview) three
// ways in one run:
//   quiet        nobody else is there (the baseline);
//   one address  20 clients post wrong passwords as fast as they can from one address;
//   spread       the same 20 clients, each request from a different address (a botnet,
//                simulated through a trusted proxy header), so per-address limits rarely
//                bite and passwords really are checked.
// Prints the viewer's p50/p95 per scenario, its ratio to the quiet baseline, and how the
// attackers were answered (401 wrong password, 429 throttled, 503 busy).
//
//   BENCH_SECONDS=15 npm run bench:login
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { hash } from "@node-rs/argon2";
import { freePort } from "../lib/db/embedded-postgres";
import { cookieOf, percentile, signIn, startPortalProcess, type RunningPortal } from "./lib/bench-portal";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const ATTACKERS = 20;
const say = (text: string) => process.stdout.write(`${text}\n`);

type Portal = RunningPortal & { dataDir: string };

async function startPortal(): Promise<Portal> {
  const dataDir = mkdtempSync(join(tmpdir(), "runbook-bench-login-"));
  chmodSync(dataDir, 0o755);
  const portal = await startPortalProcess("start.ts", {
    PORT: String(await freePort()),
    RUNBOOK_DATA_DIR: dataDir,
    RUNBOOK_PG_PORT: String(await freePort()),
    RUNBOOK_TRUSTED_PROXIES: "loopback",
  });
  return {
    ...portal,
    dataDir,
    stop: async () => {
      await portal.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** One sign-in attempt, from `address` when given (through the trusted-proxy header). */
const attempt = (base: string, email: string, password: string, address?: string) => signIn(base, email, password, address ? { "X-Forwarded-For": address } : {});

/** The viewer loads the overview again and again for `seconds`; returns each load's time in ms. */
async function viewerLoads(base: string, cookie: string, seconds: number) {
  const times: number[] = [];
  const until = performance.now() + seconds * 1000;
  while (performance.now() < until) {
    const started = performance.now();
    const response = await fetch(`${base}/systems/invoice-pipeline`, { headers: { Cookie: cookie } });
    const body = await response.text();
    if (response.status !== 200 || !body.includes("Invoice processing pipeline")) throw new Error(`the viewer's page failed (${response.status})`);
    times.push(performance.now() - started);
  }
  return times;
}

/** One wrong password, with a CSRF token and cookie fetched once and reused, as a scripted attacker does. */
async function guess(base: string, csrf: { token: string; cookie: string }, email: string, n: number, address?: string) {
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { ...(address ? { "X-Forwarded-For": address } : {}), "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf.cookie },
    body: new URLSearchParams({ email, password: `guess ${n}`, csrfToken: csrf.token, json: "true" }),
  });
  await response.arrayBuffer();
  return response.status;
}

/**
 * 20 clients, each posting wrong passwords back to back. "one address": all from the same
 * place. "spread": every request from a new address and for a new account (a botnet
 * spraying passwords), so neither limit applies and every attempt costs a password check.
 */
async function flood(base: string, spread: boolean, stop: () => boolean) {
  const statuses = new Map<number, number>();
  let n = 0;
  await Promise.all(
    Array.from({ length: ATTACKERS }, async () => {
      const first = await fetch(`${base}/api/auth/csrf`);
      const csrf = { token: ((await first.json()) as { csrfToken: string }).csrfToken, cookie: cookieOf(first) };
      while (!stop()) {
        n++;
        const address = spread ? `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}` : undefined;
        const status = await guess(base, csrf, spread ? `sprayed-${n}@example.com` : "target@example.com", n, address).catch(() => 0);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

async function scenario(base: string, cookie: string, kind: "quiet" | "one address" | "spread") {
  if (kind === "quiet") return { times: await viewerLoads(base, cookie, SECONDS), statuses: new Map<number, number>() };
  let done = false;
  const attack = flood(base, kind === "spread", () => done);
  // Let the flood reach full speed before measuring.
  await new Promise((wait) => setTimeout(wait, 1_000));
  const times = await viewerLoads(base, cookie, SECONDS);
  done = true;
  return { times, statuses: await attack };
}

async function main() {
  say(`Starting the production portal on a throw-away database…`);
  const portal = await startPortal();
  try {
    const { postgresPassword } = JSON.parse(readFileSync(join(portal.dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
    // postmaster.pid: pid, data folder, start time, port, …
    const pgPort = readFileSync(join(portal.dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[3]!.trim();
    const db = new pg.Client({ connectionString: `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${pgPort}/postgres` });
    await db.connect();
    await db.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('bench-viewer', 'viewer@example.com', 'Vera Viewer', $1, 'VIEWER', now())`, [
      await hash("a long enough password"),
    ]);
    const signIn = await attempt(portal.base, "viewer@example.com", "a long enough password", "192.0.2.1");
    if (signIn.status !== 200) throw new Error(`the viewer could not sign in (${signIn.status})`);
    await viewerLoads(portal.base, signIn.cookie, 2);

    const results: { kind: string; times: number[]; statuses: Map<number, number> }[] = [];
    for (const kind of ["quiet", "one address", "spread"] as const) {
      say(`Measuring: ${kind} (${SECONDS} s)…`);
      results.push({ kind, ...(await scenario(portal.base, signIn.cookie, kind)) });
      await db.query(`DELETE FROM "SignInLimit"`);
    }
    await db.end();

    const quiet = percentile(results[0]!.times, 50)!;
    say("");
    say(`Signed-in viewer loading a system overview while ${ATTACKERS} clients post wrong passwords (${SECONDS} s each):`);
    say("");
    say("| scenario | viewer p50 | viewer p95 | p50 vs quiet | loads | attacker answers |");
    say("|---|---:|---:|---:|---:|---|");
    for (const { kind, times, statuses } of results) {
      const answers = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, count]) => `${count}× ${status || "error"}`).join(", ") || "—";
      say(`| ${kind} | ${percentile(times, 50)!.toFixed(0)} ms | ${percentile(times, 95)!.toFixed(0)} ms | ${(percentile(times, 50)! / quiet).toFixed(2)}× | ${times.length} | ${answers} |`);
    }
    say("");
    say("Target: viewer p50 under 1 s during a flood, with the attackers throttled (429).");
  } finally {
    await portal.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
