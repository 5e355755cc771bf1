// Shared by the benchmarks that drive a running portal: start one as a child process and
// wait until it is healthy, sign in through next-auth's credentials endpoint, and the
// percentile rule every benchmark prints.
import { spawn } from "node:child_process";
import { join } from "node:path";
import { projectRoot } from "./next";

export type RunningPortal = { base: string; stop: () => Promise<void> };

/** Runs scripts/<script> (start.ts, or serve.ts alone) with `env` (PORT in it) until /api/health answers 200. */
export async function startPortalProcess(script: "start.ts" | "serve.ts", env: Record<string, string>): Promise<RunningPortal> {
  // BENCH_CPU_PROFILE=<dir>: the server writes a V8 CPU profile there when it stops (see scripts/profile-summary.ts).
  const profile = process.env.BENCH_CPU_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`] : [];
  const child = spawn(process.execPath, [...profile, ...(script === "start.ts" ? ["--conditions=react-server"] : []), "--import", "tsx", join("scripts", script)], {
    cwd: projectRoot(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once("exit", () => done()));
  const base = `http://127.0.0.1:${env.PORT}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`the portal did not start:\n${output}`);
    if ((await fetch(`${base}/api/health`).then((r) => r.status, () => 0)) === 200) break;
    if (i > 600) throw new Error(`the portal did not answer within 5 minutes:\n${output}`);
    await new Promise((done) => setTimeout(done, 500));
  }
  return {
    base,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

/** The cookies a response sets, as a Cookie header. */
export function cookieOf(response: Response) {
  return response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0]!)
    .join("; ");
}

/** One sign-in through next-auth's credentials endpoint; the status, and the session cookie when it worked. */
export async function signIn(base: string, email: string, password: string, headers: Record<string, string> = {}) {
  const csrf = await fetch(`${base}/api/auth/csrf`, { headers });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { ...headers, "Content-Type": "application/x-www-form-urlencoded", Cookie: cookieOf(csrf) },
    body: new URLSearchParams({ email, password, csrfToken, json: "true" }),
  });
  await response.arrayBuffer();
  return { status: response.status, cookie: cookieOf(response) };
}

/** The nearest-rank percentile; undefined for no values. */
export function percentile(values: number[], p: number): number | undefined {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}
