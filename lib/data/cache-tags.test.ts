import { afterAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { ENTITIES } from "@/lib/entries";
import { WATCHED_TABLES } from "./cache-tags";

// The page cache is fresh only if every table a cached page reads records its writes' tags:
// the database's cache triggers are exactly the ones WATCHED_TABLES names, with the tag kind
// and columns it says. A table added there and not to a migration, or the other way, fails here.

const database = await ownDatabase("cache_tags");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

type Trigger = { table: string; name: string; definition: string };

test("the database's cache triggers are exactly those of WATCHED_TABLES, with its tag kinds and columns", async () => {
  const triggers = await db.$queryRaw<Trigger[]>`
    SELECT c.relname AS "table", t.tgname AS name, pg_get_triggerdef(t.oid) AS definition
      FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
     WHERE NOT t.tgisinternal AND p.proname IN ('cache_invalidate', 'cache_invalidate_all')
     ORDER BY 1, 2`;
  const expected = Object.entries(WATCHED_TABLES).flatMap(([table, watched]) =>
    (["delete", "insert", "truncate", "update"] as const)
      .filter((write) => !watched.quiet?.includes(write as "insert" | "delete"))
      .map((write) => ({
        table,
        name: `${table}_cache_${write}`,
        call: write === "truncate" ? "cache_invalidate_all()" : `cache_invalidate('${watched.tag}:', ${watched.columns.map((c) => `'${c}'`).join(", ")})`,
      })),
  );
  const found = triggers.map((t) => ({ table: t.table, name: t.name, call: /FUNCTION (\w+\(.*\))$/.exec(t.definition)?.[1]?.replace(/"/g, "") }));
  expect(found).toEqual(expected.sort((a, b) => a.table.localeCompare(b.table) || a.name.localeCompare(b.name)));
});

test("every runbook type's table is watched: a cached runbook page shows all of them", () => {
  const tables = Object.values(ENTITIES).filter((desc) => desc.segment).map((desc) => desc.table);
  expect(tables.filter((table) => !WATCHED_TABLES[table])).toEqual([]);
});
