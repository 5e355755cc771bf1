import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { hash } from "@node-rs/argon2";
import { expect, query, test } from "./fixtures";
import { E2E } from "./env";
import { isAlive } from "../lib/db/embedded-postgres";

// `npm start` itself, as a user and a service manager run it: embedded PostgreSQL with its
// data kept between runs, an existing server when DATABASE_URL is set, signals, a crashed
// database, and HTTPS settings. No shared portal: each test starts its own. The tests of
// this file run one after another (they share a port).

type Portal = { process: ChildProcess; output: () => string; dataDir: string; stop: (signal?: NodeJS.Signals) => Promise<number | null> };

const PORT = E2E.port + 1;
const PG_PORT = E2E.pgPort + 1;
const BASE = `http://127.0.0.1:${PORT}`;

const running = new Set<Portal>();

// One port for all: one test after another, in one worker.
test.describe.configure({ mode: "default" });

// A test that fails halfway must not leave its portal (and its PostgreSQL) holding the ports for the next one.
test.afterEach(async () => {
  for (const portal of running) {
    const stopped = portal.stop("SIGTERM");
    const timer = setTimeout(() => {
      try {
        process.kill(-portal.process.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }, 20_000);
    await stopped;
    clearTimeout(timer);
    const pg = existsSync(join(portal.dataDir, "pg", "postmaster.pid")) ? postmasterPid(portal.dataDir) : 0;
    if (pg && isAlive(pg)) process.kill(pg, "SIGKILL");
  }
  running.clear();
});

async function startPortal(dataDir: string, env: Record<string, string> = {}): Promise<Portal> {
  const child = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(PORT), RUNBOOK_DATA_DIR: dataDir, RUNBOOK_PG_PORT: String(PG_PORT), ...env },
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so that a test can signal all of it, as a terminal's Ctrl-C does.
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once("exit", done));
  const portal: Portal = {
    process: child,
    output: () => output,
    dataDir,
    // SIGTERM to npm's own pid is what systemd, Docker and Kubernetes send; SIGINT to the group is a terminal's Ctrl-C.
    stop: (signal = "SIGTERM") => {
      running.delete(portal);
      if (child.exitCode === null && child.signalCode === null) {
        if (signal === "SIGINT") process.kill(-child.pid!, "SIGINT");
        else child.kill(signal);
      }
      return exited;
    },
  };
  running.add(portal);
  await expect
    .poll(
      async () => {
        if (child.exitCode !== null) throw new Error(`npm start exited early:\n${output}`);
        return fetch(`${BASE}/api/health`).then((r) => r.status, () => 0);
      },
      { timeout: 90_000, intervals: [250] },
    )
    .toBe(200);
  return portal;
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

function embeddedUrl(dataDir: string) {
  const { postgresPassword } = JSON.parse(readFileSync(join(dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
  return `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${PG_PORT}/postgres`;
}

function postmasterPid(dataDir: string) {
  return Number(readFileSync(join(dataDir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
}

/** The postmaster and every server process it forked. */
function postgresProcesses(dataDir: string): number[] {
  const postmaster = postmasterPid(dataDir);
  const children = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // /proc/<pid>/stat: "pid (name) state ppid …"; the name may hold spaces, so read after its closing parenthesis.
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === postmaster;
      } catch {
        return false;
      }
    })
    .map(Number);
  return [postmaster, ...children];
}

function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "runbook-start-"));
  chmodSync(dir, 0o755);
  return dir;
}

/** A database of its own on the end-to-end suite's PostgreSQL, for runs with DATABASE_URL. */
async function externalDatabase(name: string) {
  await query(`DROP DATABASE IF EXISTS ${name}`);
  await query(`CREATE DATABASE ${name}`);
  const { postgresPassword } = JSON.parse(readFileSync(join(E2E.dataDir, "secrets.json"), "utf8")) as { postgresPassword: string };
  return `postgres://postgres:${encodeURIComponent(postgresPassword)}@127.0.0.1:${E2E.pgPort}/${name}`;
}

test("npm start keeps its data between runs, and uses the server in DATABASE_URL when given", async () => {
  test.setTimeout(240_000);
  const dataDir = tempDir();
  try {
    const first = await startPortal(dataDir);
    const embedded = embeddedUrl(dataDir);
    expect(first.output()).toContain("loaded the demo runbooks");
    expect(await sql(embedded, `SELECT slug FROM "System" ORDER BY slug`)).toEqual([{ slug: "ad-performance-pull" }, { slug: "invoice-pipeline" }]);
    await sql(embedded, `UPDATE "System" SET name = 'Invoice pipeline (kept)' WHERE slug = 'invoice-pipeline'`);
    expect(await first.stop("SIGINT"), first.output()).toBe(0);
    expect(first.output()).toContain("PostgreSQL stopped");

    const second = await startPortal(dataDir);
    expect(second.output()).not.toContain("loaded the demo runbooks");
    expect(await sql(embedded, `SELECT name FROM "System" WHERE slug = 'invoice-pipeline'`)).toEqual([{ name: "Invoice pipeline (kept)" }]);
    expect(await sql(embedded, `SELECT count(*)::int AS n FROM "System"`)).toEqual([{ n: 2 }]);
    expect(await second.stop(), second.output()).toBe(0);

    const otherDir = join(dataDir, "external");
    const external = await externalDatabase("start_test");
    const third = await startPortal(otherDir, { DATABASE_URL: external });
    expect(third.output()).toContain("using the PostgreSQL server in DATABASE_URL");
    expect(third.output()).not.toContain("starting the embedded PostgreSQL");
    expect(existsSync(join(otherDir, "pg"))).toBe(false);
    expect(await sql(external, `SELECT count(*)::int AS n FROM "System"`)).toEqual([{ n: 2 }]);
    expect(await third.stop(), third.output()).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("a killed database gives 503 pages and comes back by itself; SIGTERM to npm start stops PostgreSQL cleanly", async ({ browser }) => {
  test.setTimeout(240_000);
  const dataDir = tempDir();
  try {
    const portal = await startPortal(dataDir);
    const context = await browser.newContext({ baseURL: BASE, storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto("/setup");
    await page.getByLabel("Name").fill("Olga Ops");
    await page.getByLabel("Email").fill("olga@example.com");
    await page.getByLabel("Password", { exact: true }).fill("a long enough password");
    await page.getByLabel("Confirm password").fill("a long enough password");
    await page.getByRole("button", { name: "Create admin" }).click();
    await expect(page).toHaveURL(/\/login/);
    await page.getByLabel("Email").fill("olga@example.com");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

    // kill -9 of PostgreSQL while the portal serves: 503 while it is down, never 500, and back within 10 s.
    const killedAt = Date.now();
    process.kill(postmasterPid(dataDir), "SIGKILL");
    const seen: number[] = [];
    await expect
      .poll(
        async () => {
          const status = (await context.request.get("/systems", { maxRedirects: 0 })).status();
          seen.push(status);
          return status;
        },
        { timeout: 15_000, intervals: [100] },
      )
      .toBe(200);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    expect(seen.filter((status) => status >= 500 && status !== 503)).toEqual([]);
    expect(portal.output()).toContain("PostgreSQL stopped unexpectedly (signal SIGKILL)");
    expect(portal.output()).toContain("PostgreSQL is running again");
    await page.goto("/systems/invoice-pipeline");
    await expect(page.getByRole("heading", { level: 1, name: "Invoice processing pipeline" })).toBeVisible();

    // A hung database (every PostgreSQL process stopped): pages turn to the 503 page; the sign-in form says what is wrong.
    const signedOut = await browser.newContext({ baseURL: BASE, storageState: { cookies: [], origins: [] } });
    const visitor = await signedOut.newPage();
    await visitor.goto("/login");
    const frozen = postgresProcesses(dataDir);
    for (const pid of frozen) process.kill(pid, "SIGSTOP");
    try {
      await expect.poll(async () => (await context.request.get("/systems", { maxRedirects: 0, timeout: 5_000 }).catch(() => null))?.status(), { timeout: 15_000 }).toBe(503);
      // The probe of a load balancer or container, signed out: unhealthy.
      expect((await signedOut.request.get("/api/health")).status()).toBe(503);
      await page.goto("/systems");
      await expect(page.getByRole("heading", { name: "Database unavailable, retrying" })).toBeVisible();
      await visitor.getByLabel("Email").fill("olga@example.com");
      await visitor.getByLabel("Password").fill("a long enough password");
      await visitor.getByRole("button", { name: "Sign in" }).click();
      await expect(visitor.getByRole("alert").filter({ hasText: "cannot reach its database" })).toBeVisible();
    } finally {
      for (const pid of frozen) process.kill(pid, "SIGCONT");
    }
    await expect.poll(async () => (await context.request.get("/api/health")).status(), { timeout: 15_000 }).toBe(200);
    await signedOut.close();
    await context.close();

    // SIGTERM to npm's pid alone, as a service manager sends it: PostgreSQL stops cleanly before npm exits.
    const pid = postmasterPid(dataDir);
    expect(await portal.stop("SIGTERM"), portal.output()).toBe(0);
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(dataDir, "pg", "postmaster.pid"))).toBe(false);
    expect(portal.output()).toContain("SIGTERM: finishing the requests in progress");

    const again = await startPortal(dataDir);
    expect(again.output()).not.toContain("not properly shut down");
    expect(await again.stop(), again.output()).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("behind HTTPS, with NEXTAUTH_URL https or a trusted proxy saying so: Secure cookies that open pages, and HSTS", async () => {
  test.setTimeout(180_000);
  const dataDir = tempDir();
  try {
    const database = await externalDatabase("https_test");
    const portal = await startPortal(dataDir, { DATABASE_URL: database, NEXTAUTH_URL: `https://127.0.0.1:${PORT}` });
    const login = await fetch(`${BASE}/login`, { redirect: "manual" });
    expect(login.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(login.headers.get("content-security-policy")).toContain("upgrade-insecure-requests");

    const passwordHash = await hash("a long enough password");
    await sql(database, `INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('https-admin', 'tls@example.com', 'Tia TLS', '${passwordHash}', 'ADMIN', now())`);
    const csrf = await fetch(`${BASE}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().find((c) => c.includes("csrf-token"))!;
    expect(csrfCookie).toMatch(/^__Host-next-auth\.csrf-token=[^;]+;.*Secure/i);
    expect(csrfCookie).toMatch(/HttpOnly/i);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const signIn = await fetch(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Cookie: csrfCookie.split(";")[0]! },
      body: new URLSearchParams({ email: "tls@example.com", password: "a long enough password", csrfToken, json: "true" }),
    });
    expect(signIn.status).toBe(200);
    const session = signIn.headers.getSetCookie().find((c) => c.startsWith("__Secure-next-auth.session-token="))!;
    expect(session).toMatch(/; Secure/i);
    expect(session).toMatch(/; HttpOnly/i);
    const dashboard = await fetch(`${BASE}/`, { headers: { Cookie: session.split(";")[0]! }, redirect: "manual" });
    expect(dashboard.status).toBe(200);
    expect(await dashboard.text()).toContain("Dashboard");
    expect(await portal.stop(), portal.output()).toBe(0);

    // Without NEXTAUTH_URL, behind a trusted TLS proxy: the cookie is __Secure-… because the proxy says HTTPS, and it opens pages.
    const proxied = await startPortal(dataDir, { DATABASE_URL: database, RUNBOOK_TRUSTED_PROXIES: "loopback" });
    const viaProxy = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": `127.0.0.1:${PORT}` };
    const csrf2 = await fetch(`${BASE}/api/auth/csrf`, { headers: viaProxy });
    const { csrfToken: token2 } = (await csrf2.json()) as { csrfToken: string };
    const signIn2 = await fetch(`${BASE}/api/auth/callback/credentials`, {
      method: "POST",
      headers: { ...viaProxy, "Content-Type": "application/x-www-form-urlencoded", Cookie: csrf2.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ") },
      body: new URLSearchParams({ email: "tls@example.com", password: "a long enough password", csrfToken: token2, json: "true" }),
    });
    expect(signIn2.status).toBe(200);
    const session2 = signIn2.headers.getSetCookie().find((c) => c.startsWith("__Secure-next-auth.session-token="))!;
    expect(session2).toMatch(/; Secure/i);
    const page2 = await fetch(`${BASE}/systems`, { headers: { ...viaProxy, Cookie: session2.split(";")[0]! }, redirect: "manual" });
    expect(page2.status).toBe(200);
    expect(page2.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    expect(await proxied.stop(), proxied.output()).toBe(0);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
