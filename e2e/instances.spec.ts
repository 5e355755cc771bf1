import { randomBytes } from "node:crypto";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { hash } from "@node-rs/argon2";
import pg from "pg";
import { expect, query, test } from "./fixtures";
import { E2E } from "./env";
import { freshDatabase, healthy, startInstance, type Instance } from "./instance";

// Several app processes serving one database, as behind a load balancer: started
// together, they migrate and load the demo once; a session from one works on the other;
// and an edit through either — a page, the API, an import, a restore — is on the very next
// request of both, cached pages included.

const PORTS = [E2E.port + 3, E2E.port + 4];
const DATABASE = "two_instances";

test("two portals on one database: migrated and filled once, one session for both, every edit on the next request of each", async ({ browser }) => {
  test.setTimeout(240_000);
  const url = await freshDatabase(DATABASE);
  const env = { DATABASE_URL: url, NEXTAUTH_SECRET: randomBytes(32).toString("base64url") };
  const instances = PORTS.map((port) => startInstance(port, env));
  const [a, b] = instances;
  const sql = new pg.Client({ connectionString: url });
  try {
    await Promise.all([healthy(a!), healthy(b!)]);
    await sql.connect();

    // Started together: each migration applied once, the demo loaded once.
    const shipped = readdirSync(join("prisma", "migrations"), { withFileTypes: true }).filter((entry) => entry.isDirectory()).length;
    const { rows: applied } = await sql.query<{ name: string; times: number }>(`SELECT migration_name AS name, count(*)::int AS times FROM "_prisma_migrations" GROUP BY 1`);
    expect(applied).toHaveLength(shipped);
    expect(applied.every((row) => row.times === 1)).toBe(true);
    expect([a!, b!].filter((i) => /applied \d+ migration/.test(i.output()))).toHaveLength(1);
    expect([a!, b!].filter((i) => i.output().includes("loaded the demo runbooks"))).toHaveLength(1);
    expect((await sql.query(`SELECT slug FROM "System" ORDER BY slug`)).rows).toEqual([{ slug: "ad-performance-pull" }, { slug: "invoice-pipeline" }]);

    // Signed in on one, signed in on both.
    await sql.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('two-editor', 'two@example.com', 'Tove Two', $1, 'EDITOR', now())`, [await hash("a long enough password")]);
    const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
    const page = await context.newPage();
    await page.goto(`${a!.base}/login`);
    await page.getByLabel("Email").fill("two@example.com");
    await page.getByLabel("Password").fill("a long enough password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page.getByRole("heading", { name: "Dashboard" })).toBeVisible();

    // Writes that apply at once: the demo's tier-1 system needs approval for changes (approvals.spec covers that path).
    await sql.query(`UPDATE "System" SET "changesNeedApproval" = false WHERE slug = 'invoice-pipeline'`);
    const overview = "/systems/invoice-pipeline";
    const load = async (instance: Instance) => {
      const response = await context.request.get(`${instance.base}${overview}`, { maxRedirects: 0 });
      expect(response.status()).toBe(200);
      return { cache: response.headers()["x-cache"], body: await response.text() };
    };
    /** Both portals hold the overview in their caches. */
    const warm = async () => {
      for (const instance of [a!, b!]) {
        await load(instance);
        expect((await load(instance)).cache).toBe("HIT");
      }
    };
    /** The next request to each portal shows `text`. */
    const shownByBoth = async (text: string) => {
      for (const instance of [a!, b!]) expect((await load(instance)).body, instance.base).toContain(text);
    };
    const version = async () => (await sql.query<{ version: number }>(`SELECT version FROM "System" WHERE slug = 'invoice-pipeline'`)).rows[0]!.version;

    // 1. The edit page, on A.
    await warm();
    await page.goto(`${a!.base}${overview}/edit`);
    await page.getByLabel("Purpose").fill("Turns supplier invoices into ledger entries (edited on A).");
    await page.getByLabel("Change note").fill("Edited through the page");
    await page.getByRole("button", { name: "Save" }).click();
    await expect(page.getByRole("status")).toContainText("Saved as version");
    await shownByBoth("(edited on A)");

    // 2. The API, on B (a cookie write from the portal's own origin).
    await warm();
    const patched = await context.request.patch(`${b!.base}/api/v1/systems/invoice-pipeline`, {
      data: { purpose: "Turns supplier invoices into ledger entries (patched through B).", changeNote: "Through the API" },
      headers: { Origin: b!.base, "If-Match": `"${await version()}"` },
    });
    expect(patched.status()).toBe(200);
    await shownByBoth("(patched through B)");

    // 3. An import, on A.
    await warm();
    const exported = await (await context.request.get(`${a!.base}/api/v1/systems/invoice-pipeline/export`)).text();
    const imported = await context.request.post(`${a!.base}/api/v1/import`, {
      data: { files: [{ name: "invoice-pipeline.yaml", content: exported.replace("(patched through B)", "(imported through A)") }], apply: true },
      headers: { Origin: a!.base },
    });
    expect(imported.status()).toBe(200);
    await shownByBoth("(imported through A)");

    // 4. A restore, on B.
    await warm();
    const restored = await context.request.post(`${b!.base}/api/v1/systems/invoice-pipeline/restore`, {
      data: { version: 2 },
      headers: { Origin: b!.base, "If-Match": `"${await version()}"` },
    });
    expect(restored.status()).toBe(200);
    await shownByBoth("(edited on A)");

    await context.close();
  } finally {
    await sql.end().catch(() => {});
    await Promise.all(instances.map((instance) => instance.stop()));
    await query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
  }
});
