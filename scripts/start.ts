// `npm start`: database (embedded unless DATABASE_URL is set) → migrations → demo
// runbooks on an empty database → production build if there is none → serve.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { projectRoot, runNext } from "./lib/next";
import { reachableDataDir, startEmbeddedPostgres, type RunningPostgres } from "../lib/db/embedded-postgres";
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

async function shutdown(code: number) {
  if (exiting) return;
  exiting = true;
  if (server && server.exitCode === null) {
    const stopped = new Promise((done) => server!.once("exit", done));
    server.kill("SIGTERM");
    await stopped;
  }
  if (postgres) {
    say("stopping PostgreSQL");
    await postgres.stop();
  }
  process.exit(code);
}

async function main() {
  if (process.env.RUNBOOK_FRESH === "1") rmSync(dataDir, { recursive: true, force: true });
  mkdirSync(dataDir, { recursive: true, mode: 0o755 });
  const secrets = loadSecrets();

  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    say("using the PostgreSQL server in DATABASE_URL");
  } else {
    const { dir, moved } = reachableDataDir(join(dataDir, "pg"));
    if (moved) say(`PostgreSQL runs as the "postgres" user, which cannot reach ${dataDir}; its data is kept in ${dir}`);
    say(`starting the embedded PostgreSQL (data in ${dir})`);
    postgres = await startEmbeddedPostgres({ dataDir: dir, password: secrets.postgresPassword, port: process.env.RUNBOOK_PG_PORT ? Number(process.env.RUNBOOK_PG_PORT) : undefined });
    databaseUrl = postgres.url();
  }
  process.env.DATABASE_URL = databaseUrl;

  const result = await migrate(databaseUrl, join(root, "prisma", "migrations"), say);
  say(result.applied.length ? `applied ${result.applied.length} migration(s)` : "database schema is up to date");

  // Imported late: lib/db reads DATABASE_URL when it is first loaded.
  const { isDatabaseEmpty, loadRunbooks } = await import("../lib/seed/load");
  if (await isDatabaseEmpty()) {
    const { demoRunbooks } = await import("../lib/seed/demo-runbooks");
    await loadRunbooks(demoRunbooks);
    say(`loaded the demo runbooks (${demoRunbooks.systems.map((s) => s.name).join(", ")})`);
  }

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: process.env.NEXTAUTH_SECRET || secrets.authSecret,
    // Behind a proxy or on another host name, set NEXTAUTH_URL; otherwise trust the Host header.
    ...(process.env.NEXTAUTH_URL ? {} : { AUTH_TRUST_HOST: "true" }),
    NEXT_TELEMETRY_DISABLED: "1",
  };

  if (!existsSync(join(root, ".next", "BUILD_ID"))) {
    say("no production build yet: building (a few minutes, once)");
    const code = await new Promise<number>((done) => runNext(["build"], env).once("exit", (c) => done(c ?? 1)));
    if (code !== 0) throw new Error("the build failed (see above)");
  }

  server = runNext(["start", "-p", String(port)], env);
  server.once("exit", (code) => void shutdown(code ?? 1));
  say(`Runbook Portal is starting on http://localhost:${port}`);
  say(`first time here? open http://localhost:${port}/setup to create the admin account; Ctrl-C stops the portal`);
}

process.on("SIGINT", () => void shutdown(0));
process.on("SIGTERM", () => void shutdown(0));
main().catch(async (error: unknown) => {
  process.stderr.write(`[runbook-portal] could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});

