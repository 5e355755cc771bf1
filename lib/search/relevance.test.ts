import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createPrismaClient, type PrismaClient } from "@/lib/db/client";
import type { EntryType } from "@/lib/entries";
import { generateRunbooks } from "@/lib/demo/generate";
import { ownDatabase } from "@/test/own-database";
import { MARK_END, MARK_START, searchWith } from "./engine";

// Does search put the right entry first? The demo runbooks plus 60 generated systems
// (about 1,500 entries that share words like timeout, throttling, token and queue), in
// a database of their own. Each case is what someone types at 2am and the entry they need.

let client: PrismaClient;
let drop: () => Promise<void>;

beforeAll(async () => {
  const database = await ownDatabase("runbook_search_relevance");
  drop = database.drop;
  client = createPrismaClient(database.url);
  // Imported after DATABASE_URL points at this file's database: lib/db reads it when first loaded.
  const { loadDemo, loadRunbookSet } = await import("@/lib/demo/load");
  await loadDemo();
  await loadRunbookSet(generateRunbooks(60, 7));
}, 120_000);

afterAll(async () => {
  await client?.$disconnect();
  await drop?.();
});

const top = async (q: string, n = 3) => (await searchWith(client, { q, limit: 10 })).hits.slice(0, n).map((h) => `${h.type}: ${h.title}`);

type Case = { q: string; expect: `${EntryType}: ${string}`; why: string };

const CASES: Case[] = [
  // exact alert names, as Alertmanager sends them
  { q: "InvoiceParserTimeout", expect: "FAILURE_MODE: Lambda timeout", why: "alert name" },
  { q: "invoiceparsertimeout", expect: "FAILURE_MODE: Lambda timeout", why: "alert name, any case" },
  { q: "InvoiceParserErrors", expect: "FAILURE_MODE: DynamoDB write errors", why: "alert name" },
  { q: "AdsPullAuthFailed", expect: "FAILURE_MODE: Ads API token expired", why: "alert name" },
  { q: "AdsPullRateLimited", expect: "FAILURE_MODE: Ads API rate limited", why: "alert name" },
  { q: "AdsPullTimeout", expect: "FAILURE_MODE: Ads API timeout", why: "alert name" },
  { q: "CatalogWorker1Throttling", expect: "FAILURE_MODE: Throttling in Catalog worker 1", why: "generated alert name among similar ones" },
  // error strings copied from logs
  { q: "Task timed out after 900.00 seconds", expect: "FAILURE_MODE: Lambda timeout", why: "log line" },
  { q: "ConditionalCheckFailedException", expect: "FAILURE_MODE: DynamoDB write errors", why: "exception name" },
  { q: "HTTP 429", expect: "FAILURE_MODE: Ads API rate limited", why: "status code" },
  { q: "401", expect: "FAILURE_MODE: Ads API token expired", why: "bare status code" },
  { q: "AccessDenied", expect: "DEPENDENCY: AWS S3", why: "error code" },
  { q: "WriteThrottleEvents", expect: "DEPENDENCY: AWS DynamoDB", why: "metric name" },
  // identifiers: buckets, hosts, functions, commands, people
  { q: "retail-invoices-prod", expect: "SYSTEM: Invoice processing pipeline", why: "bucket name" },
  { q: "invoice-parser-retry", expect: "SYSTEM: Invoice processing pipeline", why: "queue name" },
  { q: "pricing-worker-1.prod.example.com", expect: "SYSTEM: Pricing worker 1", why: "hostname" },
  { q: "ApproximateNumberOfMessages", expect: "PROCEDURE: Unblock invoice processing after an outage", why: "command fragment" },
  { q: "python3 pull_meta_ads.py", expect: "PROCEDURE: Re-run the daily pull", why: "command" },
  { q: "dana.whitfield@example.com", expect: "CONTACT: Dana Whitfield", why: "e-mail" },
  { q: "+1 555 0105", expect: "CONTACT: Priya Raman", why: "phone number" },
  { q: "#incidents", expect: "CONTACT: #incidents", why: "channel" },
  // words and half-typed words
  { q: "expired token", expect: "FAILURE_MODE: Ads API token expired", why: "words in another order" },
  { q: "trigger the replay", expect: "PROCEDURE: Unblock invoice processing after an outage", why: "words of a step" },
  { q: "invoice pars", expect: "SYSTEM: Invoice processing pipeline", why: "prefix of the last word" },
  { q: "whole team", expect: "ESCALATION_LEVEL: L3 · Whole team in #incidents", why: "escalation level" },
  // typos
  { q: "lamda timout", expect: "FAILURE_MODE: Lambda timeout", why: "two typos" },
  { q: "ConditionalCheckFaildException", expect: "FAILURE_MODE: DynamoDB write errors", why: "typo in an exception name" },
  { q: "dynamodb wirte errors", expect: "FAILURE_MODE: DynamoDB write errors", why: "swapped letters" },
  { q: "priya ramen", expect: "CONTACT: Priya Raman", why: "misspelled name" },
  { q: "re-run the daly pull", expect: "PROCEDURE: Re-run the daily pull", why: "typo" },
];

describe("relevance: the intended entry is in the top 3", () => {
  test.each(CASES)("$why: “$q”", async ({ q, expect: wanted }) => {
    expect(await top(q)).toContain(wanted);
  });
});

describe("search behaviour", () => {
  test("an exact alert name comes first, and snippets mark the matched words", async () => {
    const { hits } = await searchWith(client, { q: "ConditionalCheckFailedException" });
    expect(`${hits[0]!.type}: ${hits[0]!.title}`).toBe("FAILURE_MODE: DynamoDB write errors");
    expect(hits[0]!.snippet).toContain(`${MARK_START}ConditionalCheckFailedException${MARK_END}`);
    expect(hits[0]!.systemSlug).toBe("invoice-pipeline");
  });

  test("a typo is corrected and says so", async () => {
    const result = await searchWith(client, { q: "lamda timout" });
    expect(result.correctedQuery).toBe("lambda timeout");
  });

  test("filters by type, system and severity", async () => {
    const types = (await searchWith(client, { q: "timeout", types: ["PROCEDURE"], limit: 50 })).hits.map((h) => h.type);
    expect(new Set(types)).toEqual(new Set(["PROCEDURE"]));
    const system = await client.system.findUniqueOrThrow({ where: { slug: "ad-performance-pull" } });
    const inSystem = (await searchWith(client, { q: "api", systemId: system.id, limit: 50 })).hits;
    expect(inSystem.length).toBeGreaterThan(0);
    expect(inSystem.every((h) => h.systemId === system.id)).toBe(true);
    const sev4 = (await searchWith(client, { q: "ads api", severity: "SEV4", limit: 50 })).hits;
    expect(sev4.slice(0, 2).map((h) => h.title).sort()).toEqual(["Ads API rate limited", "Ads API timeout"]);
    expect(sev4.every((h) => h.severity === "SEV4")).toBe(true);
  });
});
