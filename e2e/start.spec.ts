import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { expect, query, test } from "./fixtures";
import { E2E } from "./env";

// `npm start` itself, as a user runs it: embedded PostgreSQL with its data kept between
// runs, and an existing server when DATABASE_URL is set. No browser needed.

type Portal = { process: ChildProcess; output: () => string; stop: () => Promise<number | null> };

const PORT = E2E.port + 1;
const PG_PORT = E2E.pgPort + 1;

async function startPortal(dataDir: string, env: Record<string, string> = {}): Promise<Portal> {
  const child = spawn(join("node_modules", ".bin", "tsx"), ["--conditions=react-server", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(PORT), RUNBOOK_DATA_DIR: dataDir, RUNBOOK_PG_PORT: String(PG_PORT), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that stopping it is Ctrl-C in a terminal: every process of the group gets SIGINT.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once("exit", done));
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        return fetch(`http://127.0.0.1:${PORT}/login`).then((r) => r.status, () => 0);
      },
      { timeout: 90_000, intervals: [250] },
    )
    .toBe(200);
  return {
    process: child,
    output: () => output,
    stop: () => {
      process.kill(-child.pid!, "SIGINT");
      return exited;
    },
  };
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

test("npm start keeps its data between runs, and uses the server in DATABASE_URL when given", async () => {
  test.setTimeout(240_000);
  const dataDir = mkdtempSync(join(tmpdir(), "runbook-start-"));
  chmodSync(dataDir, 0o755);
  try {
    const first = await startPortal(dataDir);
    const { postgresPassword } = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
    const embedded = `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${PG_PORT}/postgres`;
    expect(first.output()).toContain("loaded the demo runbooks");
    expect(await sql(embedded, `SELECT slug FROM "System" ORDER BY slug`)).toEqual([{ slug: "ad-performance-pull" }, { slug: "invoice-pipeline" }]);
    await sql(embedded, `UPDATE "System" SET name = 'Invoice pipeline (kept)' WHERE slug = 'invoice-pipeline'`);
    expect(await first.stop()).toBe(0);
    expect(first.output()).toContain("stopping PostgreSQL");

    const second = await startPortal(dataDir);
    expect(second.output()).not.toContain("loaded the demo runbooks");
    expect(await sql(embedded, `SELECT name FROM "System" WHERE slug = 'invoice-pipeline'`)).toEqual([{ name: "Invoice pipeline (kept)" }]);
    expect(await sql(embedded, `SELECT count(*)::int AS n FROM "System"`)).toEqual([{ n: 2 }]);
    expect(await second.stop()).toBe(0);

    // An existing server: the end-to-end suite's own PostgreSQL, in a database of its own.
    await query(`DROP DATABASE IF EXISTS start_test`);
    await query(`CREATE DATABASE start_test`);
    const { postgresPassword: e2ePassword } = JSON.parse(readFileSync(join(E2E.dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
    const external = `postgres://postgres:${encodeURIComponent(e2ePassword)}@127.0.0.1:${E2E.pgPort}/start_test`;
    const otherDir = join(dataDir, "external");
    const third = await startPortal(otherDir, { DATABASE_URL: external });
    expect(third.output()).toContain("using the PostgreSQL server in DATABASE_URL");
    expect(third.output()).not.toContain("starting the embedded PostgreSQL");
    expect(existsSync(join(otherDir, "pg"))).toBe(false);
    expect(await sql(external, `SELECT count(*)::int AS n FROM "System"`)).toEqual([{ n: 2 }]);
    expect(await third.stop()).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
