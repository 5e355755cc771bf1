import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";

// Proves that the database our SQL migrations build is the one schema.prisma
// describes: every model and column, its type and nullability, every enum, every
// unique constraint and implicit many-to-many table. (Prisma's own `migrate diff`
// needs a downloaded engine, so the schema is read here.)

type Field = { name: string; type: string; optional: boolean; list: boolean; unique: boolean; id: boolean; relation: boolean };
type Model = { name: string; fields: Field[]; uniques: string[][]; compositeId: string[] };

const SCALARS: Record<string, string> = {
  String: "text",
  Int: "integer",
  Boolean: "boolean",
  DateTime: "timestamp without time zone",
  Json: "jsonb",
  Bytes: "bytea",
  Float: "double precision",
  BigInt: "bigint",
};

function parseSchema(source: string) {
  const text = source.replace(/\/\/.*$/gm, "");
  const enums = new Map<string, string[]>();
  for (const [, name, body] of text.matchAll(/enum\s+(\w+)\s*{([^}]*)}/g)) {
    enums.set(name!, body!.split(/\s+/).filter(Boolean));
  }
  const models: Model[] = [];
  const modelNames = new Set([...text.matchAll(/model\s+(\w+)\s*{/g)].map((m) => m[1]!));
  // A model's body ends at the "}" that starts a line (a default may hold braces: @default("{}")).
  for (const [, name, body] of text.matchAll(/model\s+(\w+)\s*{([\s\S]*?)\n}/g)) {
    const model: Model = { name: name!, fields: [], uniques: [], compositeId: [] };
    for (const raw of body!.split("\n")) {
      const line = raw.trim();
      if (!line) continue;
      const unique = line.match(/^@@unique\(\[([^\]]+)\]/);
      if (unique) model.uniques.push(unique[1]!.split(",").map((s) => s.trim()));
      const compositeId = line.match(/^@@id\(\[([^\]]+)\]/);
      if (compositeId) model.compositeId = compositeId[1]!.split(",").map((s) => s.trim());
      if (line.startsWith("@@")) continue;
      const [fieldName, rawType = ""] = line.split(/\s+/);
      const type = rawType.replace(/[?[\]]/g, "");
      model.fields.push({
        name: fieldName!,
        type,
        optional: rawType.endsWith("?"),
        list: rawType.endsWith("[]"),
        unique: /@unique\b/.test(line),
        id: /@id\b/.test(line),
        relation: modelNames.has(type),
      });
    }
    models.push(model);
  }
  return { enums, models };
}

const schema = parseSchema(readFileSync(join(process.cwd(), "prisma", "schema.prisma"), "utf8"));
let client: pg.Client;

beforeAll(async () => {
  client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
});
afterAll(() => client.end());

async function columnsOf(table: string) {
  const { rows } = await client.query<{ column_name: string; data_type: string; udt_name: string; is_nullable: string }>(
    `SELECT column_name, data_type, udt_name, is_nullable FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1`,
    [table],
  );
  return new Map(rows.map((r) => [r.column_name, r]));
}

async function uniqueIndexesOf(table: string) {
  const { rows } = await client.query<{ columns: string[]; primary: boolean }>(
    `SELECT array_agg(a.attname ORDER BY k.ord)::text[] AS columns, i.indisprimary AS primary
       FROM pg_index i
       JOIN pg_class t ON t.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = 'public'
       CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
      WHERE t.relname = $1 AND i.indisunique
        -- partial unique indexes (hand-written rules such as "one waiting change per entry") are not schema constraints
        AND i.indpred IS NULL
      GROUP BY i.indexrelid, i.indisprimary`,
    [table],
  );
  return rows;
}

describe("the migrated database matches schema.prisma", () => {
  test("the schema parses into every model and enum", () => {
    expect(schema.models.map((m) => m.name)).toEqual(
      expect.arrayContaining(["User", "Contact", "System", "Dependency", "FailureMode", "RemediationProcedure", "EscalationLevel", "Revision"]),
    );
    expect(schema.enums.get("Severity")).toEqual(["SEV1", "SEV2", "SEV3", "SEV4", "UNKNOWN"]);
  });

  test("every enum exists with the same values in the same order", async () => {
    for (const [name, values] of schema.enums) {
      const { rows } = await client.query<{ label: string }>(
        `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid WHERE t.typname = $1 ORDER BY e.enumsortorder`,
        [name],
      );
      expect(rows.map((r) => r.label), name).toEqual(values);
    }
  });

  for (const model of schema.models) {
    test(`${model.name}: columns, types, nullability and unique constraints`, async () => {
      const columns = await columnsOf(model.name);
      const scalarFields = model.fields.filter((f) => !f.relation);
      expect([...columns.keys()].sort(), "columns").toEqual(scalarFields.map((f) => f.name).sort());

      for (const field of scalarFields) {
        const column = columns.get(field.name)!;
        if (field.list) {
          expect(column.data_type, field.name).toBe("ARRAY");
          expect(column.udt_name, field.name).toBe(`_${SCALARS[field.type] === "text" ? "text" : field.type.toLowerCase()}`);
        } else if (field.type.startsWith("Unsupported(")) {
          // Types Prisma cannot read, such as tsvector: the column has exactly that type.
          expect(column.udt_name, field.name).toBe(field.type.match(/^Unsupported\("(\w+)"\)$/)![1]);
        } else if (schema.enums.has(field.type)) {
          expect([column.data_type, column.udt_name], field.name).toEqual(["USER-DEFINED", field.type]);
        } else {
          expect(column.data_type, field.name).toBe(SCALARS[field.type]);
        }
        // Prisma creates scalar lists as nullable columns.
        const nullable = field.optional || field.list;
        expect(column.is_nullable, `${field.name} nullability`).toBe(nullable ? "YES" : "NO");
      }

      const uniques = (await uniqueIndexesOf(model.name)).map((u) => ({ columns: [...u.columns].sort(), primary: u.primary }));
      const expected = [
        { columns: [...model.fields.filter((f) => f.id).map((f) => f.name), ...model.compositeId].sort(), primary: true },
        ...model.fields.filter((f) => f.unique).map((f) => ({ columns: [f.name], primary: false })),
        ...model.uniques.map((cols) => ({ columns: [...cols].sort(), primary: false })),
      ];
      expect(uniques.sort((a, b) => a.columns.join().localeCompare(b.columns.join()))).toEqual(
        expected.sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
      );
    });
  }

  test("implicit many-to-many tables exist for list relations on both sides", async () => {
    const pairs = new Set<string>();
    for (const model of schema.models) {
      for (const field of model.fields.filter((f) => f.relation && f.list)) {
        const other = schema.models.find((m) => m.name === field.type)!;
        const back = other.fields.find((f) => f.type === model.name && f.list);
        if (back) pairs.add(`_${[model.name, other.name].sort().join("To")}`);
      }
    }
    expect(pairs.size).toBeGreaterThan(0);
    for (const table of pairs) {
      const columns = await columnsOf(table);
      expect([...columns.keys()].sort(), table).toEqual(["A", "B"]);
    }
  });

  test("no table exists that the schema does not describe", async () => {
    const { rows } = await client.query<{ table_name: string }>(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    const known = new Set([...schema.models.map((m) => m.name), "_prisma_migrations"]);
    const extra = rows.map((r) => r.table_name).filter((t) => !known.has(t) && !t.startsWith("_") );
    expect(extra).toEqual([]);
  });
});
