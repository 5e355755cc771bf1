import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";

// GET /api/health, the load balancer's and container's probe: the real route on a real
// database — current, behind by a migration, and gone.

const { url, drop } = await ownDatabase("health");
const { GET } = await import("@/app/api/health/route");
const { db } = await import("@/lib/db");

afterAll(async () => {
  await db.$disconnect().catch(() => {});
  await drop();
});

async function probe() {
  const response = await GET();
  return { status: response.status, body: await response.text(), cache: response.headers.get("cache-control") };
}

test("200 with every migration applied, 503 when one is missing or the database is gone, and nothing more said", async () => {
  expect(await probe()).toEqual({ status: 200, body: '{"status":"ok"}', cache: "no-store" });

  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  // This version ships a migration the database has not had: a new version started on an old database.
  await sql.query(`UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = (SELECT max(migration_name) FROM "_prisma_migrations")`);
  expect(await probe()).toEqual({ status: 503, body: '{"status":"unavailable"}', cache: "no-store" });
  await sql.query(`UPDATE "_prisma_migrations" SET rolled_back_at = NULL`);
  expect((await probe()).status).toBe(200);
  await sql.end();

  await drop();
  expect(await probe()).toEqual({ status: 503, body: '{"status":"unavailable"}', cache: "no-store" });
});
