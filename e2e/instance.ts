import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, query } from "./fixtures";
import { E2E } from "./env";

// A portal of a spec's own, started as `npm start` starts it, with settings of its own
// (single sign-on, several instances), on a database of its own in the e2e PostgreSQL.

export type Instance = { base: string; child: ChildProcess; dataDir: string; output: () => string; stop: () => Promise<void> };

export function startInstance(port: number, env: Record<string, string>): Instance {
  const dataDir = mkdtempSync(join(tmpdir(), "runbook-instance-"));
  chmodSync(dataDir, 0o755);
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", join("scripts", "start.ts")], {
    env: { ...process.env, ...env, PORT: String(port), RUNBOOK_DATA_DIR: dataDir },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    child,
    dataDir,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function healthy(instance: Instance) {
  await expect
    .poll(
      async () => {
        if (instance.child.exitCode !== null) throw new Error(`the portal exited early:\n${instance.output()}`);
        return fetch(`${instance.base}/api/health`).then((r) => r.status, () => 0);
      },
      { timeout: 120_000, intervals: [250] },
    )
    .toBe(200);
}

/** A fresh database in the e2e PostgreSQL, and its URL. */
export async function freshDatabase(name: string): Promise<string> {
  await query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await query(`CREATE DATABASE ${name}`);
  const { postgresPassword } = JSON.parse(readFileSync(join(E2E.dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
  return `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${E2E.pgPort}/${name}`;
}
