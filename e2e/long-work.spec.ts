import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { zipSync } from "fflate";
import pg from "pg";
import { bigSystemFiles } from "./big-system";
import { expect, test } from "./fixtures";
import { E2E } from "./env";
import { freshDatabase, healthy, startInstance, type Instance } from "./instance";

// A large import as `npm start` runs it: confirmed on /import, it runs as a job, followed on
// its own page (with and without JavaScript) to its result. Then a portal killed in the
// middle of one (kill -9: no goodbye): nothing of it is written, and after the restart the
// job runs again and finishes.

const PORT = E2E.port + 11;
const DATABASE = "long_work";
/** The audit chain's lock (prisma/migrations/…_audit_events): an import writes its events last, so holding it holds the import just before it commits. */
const AUDIT_CHAIN_LOCK = 727565640;
const PASSWORD = "a long enough password";

test("a large import runs as a job with its progress on a page; killed mid-job, it writes nothing, and finishes after the restart", async ({ browser }) => {
  test.setTimeout(300_000);
  const url = await freshDatabase(DATABASE);
  // A killed portal's jobs go back to the queue after 5 s without its heartbeat (60 s by default).
  const env = { DATABASE_URL: url, NEXTAUTH_SECRET: randomBytes(32).toString("base64url"), RUNBOOK_WORKER_TIMEOUT_SECONDS: "5" };
  let portal: Instance = startInstance(PORT, env);
  const sql = new pg.Client({ connectionString: url });
  const holder = new pg.Client({ connectionString: url });
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const scriptless = await browser.newContext({ storageState: { cookies: [], origins: [] }, javaScriptEnabled: false });
  try {
    await healthy(portal);
    await sql.connect();
    await holder.connect();
    await sql.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('long-editor', 'lee@example.com', 'Lee Long', $1, 'EDITOR', now())`, [await hash(PASSWORD)]);
    const systems = async () => (await sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "System"`)).rows[0]!.n;
    const demo = await systems();

    const page = await context.newPage();
    await page.goto(`${portal.base}/login`);
    await page.getByLabel("Email").fill("lee@example.com");
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

    /** Uploads `count` big generated systems (about 90 entries each), confirms the preview, and returns the task page's address. */
    const importSystems = async (count: number, batch: string) => {
      const files = Array.from({ length: count }, (_, i) => bigSystemFiles(`${batch}${i}`).files)
        .flat()
        .map((file) => ({ name: file.name, bytes: Buffer.from(file.content) }));
      await page.goto(`${portal.base}/import`);
      await page.getByLabel("Runbook files").setInputFiles([{ name: "estate.zip", mimeType: "application/zip", buffer: Buffer.from(zipSync(Object.fromEntries(files.map((f) => [f.name, f.bytes])))) }]);
      await page.getByRole("button", { name: "Upload and preview" }).click();
      await expect(page.getByRole("heading", { level: 1, name: "Import preview" })).toBeVisible({ timeout: 60_000 });
      await page.getByRole("button", { name: /^Import \d+ changes$/ }).click();
      await expect(page).toHaveURL(/\/tasks\/c[a-z0-9]+$/, { timeout: 30_000 });
      return page.url();
    };

    // 1. Started, followed and finished: its page refreshes itself to the result.
    const first = await importSystems(12, "first");
    await expect(page.getByRole("heading", { level: 1, name: "Import" })).toBeVisible();
    await expect(page.getByRole("heading", { level: 2, name: "Done" })).toBeVisible({ timeout: 60_000 });
    await expect(page.getByRole("status")).toContainText(/^Imported: [\d,]+ created, 0 updated, 0 deleted, 0 unchanged\./);
    const written = (await page.getByText("Entries written").locator("xpath=following-sibling::dd").textContent())!;
    expect(written).toMatch(/^([\d,]+) of \1$/);
    expect(await systems()).toBe(demo + 12);

    // 2. The next one is held just before it commits (every entry written, in its transaction)…
    await holder.query("SELECT pg_advisory_lock($1)", [AUDIT_CHAIN_LOCK]);
    const second = await importSystems(8, "second");
    const id = second.split("/").pop()!;
    const progress = async () => (await sql.query<{ state: string; progress: { step: string; written?: number; total?: number } }>(`SELECT state, progress FROM "LongTask" WHERE id = $1`, [id])).rows[0]!;
    await expect.poll(async () => (await progress()).progress.step, { timeout: 60_000 }).toBe("indexing");
    const { progress: held } = await progress();
    expect(held.written).toBe(held.total);
    // …and its page, without JavaScript, shows how far it is, with a link to look again.
    const plain = await scriptless.newPage();
    await plain.context().addCookies(await context.cookies());
    await plain.goto(second);
    await expect(plain.getByRole("heading", { level: 2, name: "Running" })).toBeVisible();
    await expect(plain.getByText("Making the entries searchable, then committing.")).toBeVisible();
    await expect(plain.getByText("Entries written").locator("xpath=following-sibling::dd")).toHaveText(`${held.written!.toLocaleString("en")} of ${held.total!.toLocaleString("en")}`);
    await plain.getByRole("link", { name: "Refresh" }).click();
    await expect(plain).toHaveURL(second);
    await expect(plain.getByRole("heading", { level: 2, name: "Running" })).toBeVisible();

    // 3. kill -9 the portal and its web server mid-job; let go of the lock: its transaction never commits.
    execFileSync("pkill", ["-KILL", "-P", String(portal.child.pid)]);
    portal.child.kill("SIGKILL");
    await portal.stop();
    await holder.query("SELECT pg_advisory_unlock($1)", [AUDIT_CHAIN_LOCK]);
    await expect.poll(async () => (await sql.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() AND pid <> $2`, [DATABASE, (holder as unknown as { processID: number }).processID])).rows[0].n, { timeout: 30_000 }).toBe(0);
    expect(await systems()).toBe(demo + 12);
    expect((await progress()).state).toBe("RUNNING");

    // 4. Restarted, the portal hands the dead runner's job back and runs it again, to the end.
    portal = startInstance(PORT, env);
    await healthy(portal);
    await expect.poll(async () => (await progress()).state, { timeout: 90_000 }).toBe("DONE");
    expect(await systems()).toBe(demo + 20);
    expect(portal.output()).toContain("handed back the jobs of");
    // Still signed in: the session lives in the database, not in the process.
    await page.goto(second);
    await expect(page.getByRole("heading", { level: 2, name: "Done" })).toBeVisible();
    await expect(page.getByRole("status")).toContainText(/^Imported: [\d,]+ created/);
    // What it wrote is found by search.
    const title = (await sql.query<{ title: string }>(`SELECT f.title FROM "FailureMode" f JOIN "System" s ON s.id = f."systemId" ORDER BY s."createdAt" DESC, f.title LIMIT 1`)).rows[0]!.title;
    await page.goto(`${portal.base}/search?q=${encodeURIComponent(title)}`);
    await expect(page.getByRole("link", { name: title }).first()).toBeVisible();
    // The first import's page still shows its result.
    await page.goto(first);
    await expect(page.getByRole("heading", { level: 2, name: "Done" })).toBeVisible();
  } finally {
    await context.close();
    await scriptless.close();
    await holder.end().catch(() => {});
    await sql.end().catch(() => {});
    await portal.stop();
  }
});
