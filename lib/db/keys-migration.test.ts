import { cpSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, expect, test } from "vitest";
import { migrate } from "./migrate";

// The migration that gave existing entries their keys, run over data written before it.

const adminUrl = process.env.TEST_POSTGRES_ADMIN_URL!;
const name = `keys_${Math.random().toString(36).slice(2, 10)}`;

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

test("existing contacts and children get keys from their names, unique where they must be", async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = adminUrl.replace(/\/postgres$/, `/${name}`);
  const all = join(process.cwd(), "prisma", "migrations");
  const before = mkdtempSync(join(tmpdir(), "migrations-before-keys-"));
  for (const entry of readdirSync(all)) if (entry < "20261123120000" || entry.endsWith(".toml")) cpSync(join(all, entry), join(before, entry), { recursive: true });
  await migrate(url, before);
  rmSync(before, { recursive: true, force: true });

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO "System" (id, slug, name, "updatedAt") VALUES ('s1', 'one', 'One', now()), ('s2', 'two', 'Two', now())`);
    await client.query(`INSERT INTO "Contact" (id, name, kind, "updatedAt", "createdAt") VALUES
      ('c1', 'Dana Whitfield', 'PERSON', now(), now() - interval '2 day'), ('c2', 'Dana  Whitfield!', 'PERSON', now(), now() - interval '1 day'), ('c3', '#ops', 'CHANNEL', now(), now())`);
    await client.query(`INSERT INTO "FailureMode" (id, "systemId", title, severity, "updatedAt", "createdAt") VALUES
      ('f1', 's1', 'Lambda timeout', 'SEV2', now(), now() - interval '3 day'), ('f2', 's1', 'Lambda TIMEOUT', 'SEV2', now(), now() - interval '2 day'),
      ('f3', 's2', 'Lambda timeout', 'SEV2', now(), now()), ('f4', 's1', 'Ünïcödé 🔥', 'SEV3', now(), now()), ('f5', 's1', '🔥', 'SEV3', now(), now())`);
    await migrate(url, all);
    const keys = async (table: string) => (await client.query(`SELECT id, key FROM "${table}" ORDER BY id`)).rows;
    expect(await keys("Contact")).toEqual([
      { id: "c1", key: "dana-whitfield" },
      { id: "c2", key: "dana-whitfield-2" },
      { id: "c3", key: "ops" },
    ]);
    expect(await keys("FailureMode")).toEqual([
      { id: "f1", key: "lambda-timeout" },
      { id: "f2", key: "lambda-timeout-2" },
      { id: "f3", key: "lambda-timeout" },
      { id: "f4", key: "unicode" },
      { id: "f5", key: "failure-mode" },
    ]);
  } finally {
    await client.end();
  }
});
