import type { Tx } from "@/lib/entries/snapshot";

/**
 * Inserts rows into `table` in one statement per set of columns (JSON in, PostgreSQL's
 * own conversion of each value to its column's type); columns left out take their defaults.
 * For writes of many rows, where Prisma's per-row parameters cost more than the insert.
 */
export async function insertRows(tx: Tx, table: string, rows: Record<string, unknown>[]) {
  const groups = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const columns = Object.keys(row).filter((key) => row[key] !== undefined);
    const signature = columns.join(",");
    if (!groups.has(signature)) groups.set(signature, []);
    groups.get(signature)!.push(row);
  }
  for (const [signature, group] of groups) {
    const names = signature.split(",").map((column) => `"${column}"`).join(", ");
    await tx.$executeRawUnsafe(`INSERT INTO "${table}" (${names}) SELECT ${names} FROM jsonb_populate_recordset(NULL::"${table}", $1::jsonb)`, JSON.stringify(group));
  }
}
