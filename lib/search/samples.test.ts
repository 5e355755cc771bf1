import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import { ownDatabase } from "@/test/own-database";
import { bulkLoad } from "../../scripts/lib/bench-database";
import { generateRunbooks } from "@/lib/demo/generate";
import { searchWith } from "./engine";

// Search past 4,000 entries looks for a common word in a fixed sample of the entries
// first (1 in 8 here), and reads every match only when the sample holds too few.
// 200 generated systems: about 5,000 entries, loaded in bulk like the benchmark's.

let sql: pg.Client;
let client: PrismaClient;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await ownDatabase("runbook_search_samples");
  drop = database.drop;
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
  const corpus = generateRunbooks(200, 11);
  await bulkLoad(sql, corpus);
  await sql.query(`ANALYZE "SearchEntry"`);
  client = createPrismaClient(database.url);
}, 120_000);

afterAll(async () => {
  await client?.$disconnect();
  await sql?.end();
  await drop?.();
});

const sampleOf = async (ids: string[]) =>
  new Map((await sql.query<{ entityId: string; sample: number }>(`SELECT "entityId", sample FROM "SearchEntry" WHERE "entityId" = ANY($1)`, [ids])).rows.map((r) => [r.entityId, r.sample]));

describe("search samples", () => {
  test("every entry has its place in the nested samples, 1 in 8 at the first level", async () => {
    const { rows: [counts] } = await sql.query<{ all: number; one: number; two: number; wrong: number }>(`
      SELECT count(*)::int AS all, count(*) FILTER (WHERE sample >= 1)::int AS one, count(*) FILTER (WHERE sample >= 2)::int AS two,
             count(*) FILTER (WHERE sample <> search_sample("entityId"))::int AS wrong FROM "SearchEntry"`);
    expect(counts!.all).toBeGreaterThan(4000);
    expect(counts!.wrong).toBe(0);
    expect(counts!.one / counts!.all).toBeGreaterThan(1 / 12);
    expect(counts!.one / counts!.all).toBeLessThan(1 / 5);
    expect(counts!.two).toBeLessThan(counts!.one / 4);
  });

  test("a word in thousands of entries is ranked from the sample: a full page, every hit a match", async () => {
    const { hits } = await searchWith(client, { q: "timeout", limit: 20 });
    expect(hits).toHaveLength(20);
    const samples = await sampleOf(hits.map((h) => h.id));
    expect([...samples.values()].every((s) => s >= 1)).toBe(true);
    for (const hit of hits) expect(`${hit.title} ${hit.snippet}`.toLowerCase()).toContain("time");
  });

  test("words the sample holds too few of are searched in every entry", async () => {
    // One system's name: its own entries only (about 25), most of them outside the sample.
    const { rows: [system] } = await sql.query<{ id: string; name: string }>(`SELECT id, name FROM "System" WHERE name ~ ' [0-9]+$' ORDER BY id LIMIT 1`);
    const { hits } = await searchWith(client, { q: system!.name, limit: 50 });
    expect(hits.some((h) => h.type === "SYSTEM" && h.id === system!.id)).toBe(true);
    const samples = await sampleOf(hits.map((h) => h.id));
    expect([...samples.values()].filter((s) => s === 0).length).toBeGreaterThan(0);
  });

  test("an alert name outside every sample is found", async () => {
    const { rows: [fm] } = await sql.query<{ id: string; alert: string }>(`
      SELECT f.id, f."alertNames"[1] AS alert FROM "FailureMode" f JOIN "SearchEntry" e ON e."entityId" = f.id
       WHERE e.sample = 0 ORDER BY f.id LIMIT 1`);
    const { hits } = await searchWith(client, { q: fm!.alert });
    expect(hits[0]?.id).toBe(fm!.id);
  });

  test("the last word is a prefix of the words it begins", async () => {
    const { hits } = await searchWith(client, { q: "replication la", limit: 5 });
    expect(hits).toHaveLength(5);
    for (const hit of hits) expect(`${hit.title} ${hit.snippet}`.toLowerCase()).toMatch(/replica[a-z]* la[a-z]*/);
  });
});
