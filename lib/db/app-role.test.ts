import { afterAll, expect, test } from "vitest";
import { join } from "node:path";
import pg from "pg";
import { ownDatabase } from "@/test/own-database";
import { migrate } from "./migrate";

// The portal connecting as a role of its own, set up as README ("A database role that
// cannot rewrite history") says: the tables' owner migrates, the portal's role starts,
// saves and audits, but cannot empty, rewrite or delete the audit log and history, nor
// turn off the triggers that guard them.

const database = await ownDatabase("runbook_app_role");
const role = `runbooks_app_${Math.random().toString(36).slice(2, 8)}`;

/** README's statements, for this test's role name. */
const GRANTS = `
GRANT USAGE ON SCHEMA public TO runbooks_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO runbooks_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO runbooks_app;
REVOKE UPDATE, DELETE, TRUNCATE ON "AuditEvent", "Revision" FROM runbooks_app;
REVOKE DELETE, TRUNCATE ON "ChangeRequest", "Run", "RunStep" FROM runbooks_app;
`.replaceAll("runbooks_app", role);

const owner = new pg.Client({ connectionString: database.url });
await owner.connect();
await owner.query(`CREATE ROLE ${role} LOGIN PASSWORD 'app-secret'`);
await owner.query(GRANTS);
await owner.end();
const appUrl = database.url.replace(/\/\/[^@]*@/, `//${role}:app-secret@`);
process.env.DATABASE_URL = appUrl;
const { db } = await import("@/lib/db");
const { saveEntry } = await import("@/lib/entries/save");
const { ENTITIES } = await import("@/lib/entries");

const app = new pg.Client({ connectionString: appUrl });
await app.connect();

afterAll(async () => {
  await app.end();
  await db.$disconnect();
  await database.drop();
  // Roles belong to the whole server; its grants went with the database.
  const server = new pg.Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL });
  await server.connect();
  await server.query(`DROP ROLE IF EXISTS ${role}`);
  await server.end();
});

test("the portal's role starts on a database its owner migrated, and saves with history and audit", async () => {
  expect(await migrate(appUrl, join(process.cwd(), "prisma", "migrations"))).toMatchObject({ applied: [] });
  const editor = { id: null, name: "Erin Editor", role: "EDITOR" as const };
  await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "own-role", name: "Own role", tier: "TIER_2" }), { changeNote: "test", incidentRef: null });
  expect(await db.revision.count()).toBe(1);
  expect(await db.auditEvent.count()).toBe(1);
});

test("the portal's role cannot empty, rewrite or delete the audit log and history, nor turn their guards off", async () => {
  for (const sql of [`TRUNCATE "AuditEvent"`, `TRUNCATE "Revision"`, `TRUNCATE "ChangeRequest" CASCADE`, `TRUNCATE "Run" CASCADE`, `UPDATE "AuditEvent" SET "actorName" = 'x'`, `DELETE FROM "Revision"`, `DELETE FROM "ChangeRequest"`]) {
    await expect(app.query(sql), sql).rejects.toThrow(/permission denied/);
  }
  await expect(app.query(`ALTER TABLE "AuditEvent" DISABLE TRIGGER "AuditEvent_no_truncate"`)).rejects.toThrow(/must be owner/);
  // What the portal does need: deciding a change request updates it.
  await app.query(`UPDATE "ChangeRequest" SET "status" = "status" WHERE false`);
  expect(await db.auditEvent.count()).toBe(1);
});
