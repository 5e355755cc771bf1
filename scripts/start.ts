// `npm start`: database (embedded unless DATABASE_URL is set) → migrations → demo
// runbooks on an empty database → production build if there is none → serve
// (scripts/serve.ts). It then supervises: an embedded PostgreSQL that dies is started
// again (with back-off), and SIGTERM or SIGINT, to this process or its whole group,
// stops the web server first and PostgreSQL last, cleanly.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, runNext } from "./lib/next";
import { isAlive, reachableDataDir, runningPostmaster, startEmbeddedPostgres, stopPostmaster, type RunningPostgres } from "../lib/db/embedded-postgres";
import { migrate } from "../lib/db/migrate";

const root = projectRoot();
const dataDir = process.env.RUNBOOK_DATA_DIR || join(root, ".data");
const port = Number(process.env.PORT || 3000);
const say = (message: string) => process.stdout.write(`[runbook-portal] ${message}\n`);

type Secrets = { authSecret: string; postgresPassword: string };

function loadSecrets(): Secrets {
  const file = join(dataDir, "secrets.json");
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as Secrets;
  const secrets = { authSecret: randomBytes(32).toString("base64url"), postgresPassword: randomBytes(18).toString("base64url") };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

let postgres: RunningPostgres | undefined;
let server: ChildProcess | undefined;
let exiting = false;
let jobs: { stop: () => Promise<void> } | undefined;

/** The web server first (it finishes its requests), PostgreSQL last. */
async function shutdown(code: number) {
  if (exiting) return;
  exiting = true;
  if (server && server.exitCode === null && server.signalCode === null) {
    const stopped = new Promise((done) => server!.once("exit", done));
    server.kill("SIGTERM");
    // The web server takes up to 10 s for requests in flight and 5 s to close; it is killed only past that.
    const force = setTimeout(() => server?.kill("SIGKILL"), 25_000);
    await stopped;
    clearTimeout(force);
  }
  // Jobs in progress finish (or are handed back to the queue) before the database stops.
  await jobs?.stop().catch(() => {});
  if (postgres) {
    say("stopping PostgreSQL");
    await postgres.stop();
    say("PostgreSQL stopped");
  }
  rmSync(join(dataDir, "portal.pid"), { force: true });
  process.exit(code);
}

/**
 * A PostgreSQL left running on our data by an earlier `npm start` that was killed outright
 * (its own pid file names a process that is gone) is stopped cleanly before starting ours.
 * One that belongs to a portal still running is left alone: starting then fails with a clear message.
 */
async function stopOrphanedPostgres(pgDir: string) {
  const pid = runningPostmaster(pgDir);
  if (!pid) return;
  const owner = Number(existsSync(join(dataDir, "portal.pid")) ? readFileSync(join(dataDir, "portal.pid"), "utf8") : NaN);
  if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) return;
  say(`an earlier run was killed and left PostgreSQL (pid ${pid}) running; stopping it cleanly first`);
  if (!(await stopPostmaster(pid))) throw new Error(`PostgreSQL (pid ${pid}) did not stop; stop it by hand and start again`);
}

type PostgresOptions = Parameters<typeof startEmbeddedPostgres>[0];

/**
 * Starts the embedded PostgreSQL again whenever it dies without being asked to: after
 * 0.5 s, then twice as long after each failed start, at most 30 s; a server that stayed
 * up for a minute resets the back-off. Web requests meanwhile get the 503 page.
 */
function supervise(options: PostgresOptions, running: RunningPostgres) {
  let delay = 500;
  const watch = (current: RunningPostgres, startedAt: number) => {
    void current.exited.then(async ({ code, signal }) => {
      if (exiting) return;
      if (Date.now() - startedAt > 60_000) delay = 500;
      say(`PostgreSQL stopped unexpectedly (${signal ? `signal ${signal}` : `exit code ${code}`}); starting it again in ${delay / 1000} s`);
      for (;;) {
        await new Promise((done) => setTimeout(done, delay));
        if (exiting) return;
        delay = Math.min(delay * 2, 30_000);
        try {
          postgres = await startEmbeddedPostgres(options);
          // A shutdown that began while this start was under way has already passed PostgreSQL by.
          if (exiting) return void (await postgres.stop());
          say("PostgreSQL is running again");
          watch(postgres, Date.now());
          return;
        } catch (error) {
          say(`PostgreSQL did not start (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); trying again in ${delay / 1000} s`);
        }
      }
    });
  };
  watch(running, Date.now());
}

/** PostgreSQL's own warnings and errors go to the portal's log; routine lines do not. */
function postgresLog(line: string) {
  // The job queue's first look for its own tables on a new database (graphile-worker then creates them): expected, not trouble.
  if (line.includes('relation "graphile_worker.migrations" does not exist')) return;
  if (/\b(WARNING|ERROR|FATAL|PANIC)\b|not properly shut down|crash|recovery|interrupted/.test(line)) say(`postgres: ${line.trim()}`);
}

async function main() {
  // A mistake in the sign-in settings stops the portal here, with its sentence, not at the first sign-in.
  const { readAuthConfig } = await import("../lib/auth/sso-config");
  try {
    const { sso, passwordSignIn } = readAuthConfig();
    const { digestSettings } = await import("../lib/notify/schedule");
    digestSettings();
    (await import("../lib/jobs/settings")).workerTimeoutSeconds();
    if (sso) say(`single sign-on through ${sso.issuer} ("${sso.name}"); password sign-in: ${passwordSignIn}`);
    else if (passwordSignIn === "off") say("RUNBOOK_PASSWORD_SIGN_IN=off and no RUNBOOK_OIDC_ISSUER: nobody can sign in");
  } catch (error) {
    say((error as Error).message);
    process.exit(1);
  }
  if (process.env.RUNBOOK_FRESH === "1") rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const secrets = loadSecrets();

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    say("using the PostgreSQL server in DATABASE_URL");
  } else {
    const { dir, moved } = reachableDataDir(join(dataDir, "pg"));
    if (moved) say(`PostgreSQL runs as the "postgres" user, which cannot reach ${dataDir}; its data is kept in ${dir}`);
    await stopOrphanedPostgres(dir);
    writeFileSync(join(dataDir, "portal.pid"), String(process.pid));
    say(`starting the embedded PostgreSQL (data in ${dir})`);
    const options: PostgresOptions = {
      dataDir: dir,
      password: secrets.postgresPassword,
      port: process.env.RUNBOOK_PG_PORT ? Number(process.env.RUNBOOK_PG_PORT) : undefined,
      log: postgresLog,
    };
    postgres = await startEmbeddedPostgres(options);
    // Restarts use the same port: the web server's DATABASE_URL must stay right.
    supervise({ ...options, port: postgres.port }, postgres);
    databaseUrl = postgres.url();
  }
  process.env.DATABASE_URL = databaseUrl;

  const result = await migrate(databaseUrl, join(root, "prisma", "migrations"), say);
  say(result.applied.length ? `applied ${result.applied.length} migration(s)` : "database schema is up to date");
  const { migrateJobQueue } = await import("../lib/jobs/queue");
  await migrateJobQueue(databaseUrl);

  // Imported late: lib/db reads DATABASE_URL when it is first loaded.
  const { loadDemoIfEmpty } = await import("../lib/demo/load");
  if (await loadDemoIfEmpty()) say("loaded the demo runbooks (demo/runbooks)");

  // The jobs of this process sign links in mail (unsubscribe) with the same secret as the web server.
  process.env.NEXTAUTH_SECRET ||= secrets.authSecret;
  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET,
    // Behind a proxy or on another host name, set NEXTAUTH_URL; otherwise trust the Host header.
    ...(process.env.NEXTAUTH_URL ? {} : { AUTH_TRUST_HOST: "true" }),
    NEXT_TELEMETRY_DISABLED: "1",
  };

  if (!existsSync(join(root, ".next", "BUILD_ID"))) {
    say("no production build yet: building (a few minutes, once)");
    const code = await new Promise<number>((done) => runNext(["build"], env).once("exit", (c) => done(c ?? 1)));
    if (code !== 0) throw new Error("the build failed (see above)");
  }

  // The jobs (mail, reminders) run in this process, beside the web server (lib/jobs); started
  // first, so that a portal that answers is one whose jobs run, and a stop finds them started.
  const { startJobRunner } = await import("../lib/jobs/runner");
  jobs = await startJobRunner(databaseUrl);
  if (exiting) return;

  server = spawn(process.execPath, ["--import", "tsx", join("scripts", "serve.ts")], {
    cwd: root,
    env: { ...env, NODE_ENV: "production", PORT: String(port) },
    // The IPC channel closes when this process dies, however it dies: the web server then stops too.
    stdio: ["inherit", "inherit", "inherit", "ipc"],
  });
  server.once("exit", (code, signal) => {
    if (!exiting) say(`the web server stopped (${signal ? `signal ${signal}` : `exit code ${code}`})`);
    void shutdown(code ?? 1);
  });
  say(`Runbook Portal is starting on http://localhost:${port}`);
  say(`first time here? open http://localhost:${port}/setup to create the admin account; Ctrl-C stops the portal`);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
// A promise nobody awaited failing (a database connection cut while stopping, say): said, and
// while running, a clean stop instead of a crash that would leave PostgreSQL behind.
process.on("unhandledRejection", (reason) => {
  say(`unexpected error: ${reason instanceof Error ? reason.message : String(reason)}`);
  if (!exiting) void shutdown(1);
});
main().catch(async (error: unknown) => {
  process.stderr.write(`[runbook-portal] could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
