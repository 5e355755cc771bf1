import type pg from "pg";

/**
 * Empties every table of the portal, history and audit log included: for tests and
 * benchmarks on a throw-away database, never the portal itself. The tables whose rows are
 * kept refuse TRUNCATE (migration 20261203090000_audit_truncate); as their owner, this
 * connection turns those guards off inside its own transaction only, so no other session
 * ever finds them off, and a failure leaves them on. Dropping the database would do too,
 * but callers hold connections to it (a benchmark's Prisma client) that must stay open.
 */
export async function wipeAllTables(client: pg.ClientBase): Promise<void> {
  const { rows: tables } = await client.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`);
  const { rows: guards } = await client.query<{ tbl: string; tgname: string }>(
    `SELECT c.relname AS tbl, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid WHERE p.proname = 'kept_rows_no_truncate'`,
  );
  const toggle = (state: "DISABLE" | "ENABLE") => guards.map((guard) => `ALTER TABLE "${guard.tbl}" ${state} TRIGGER "${guard.tgname}";`).join("\n");
  await client.query("BEGIN");
  try {
    await client.query(toggle("DISABLE"));
    await client.query(`TRUNCATE ${tables.map((t) => `"${t.tablename}"`).join(", ")} CASCADE`);
    await client.query(toggle("ENABLE"));
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  }
}
