import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { encode } from "next-auth/jwt";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { ANY_WRITE_TAG, Invalidations, READ_INVALIDATIONS_SQL, type InvalidationRead } from "./invalidations";
import { PageCache } from "./page-cache";
import { cacheDependsOn, cacheThisPage, runWithRequestContext, type RequestContext } from "@/lib/http/request-context";

// The page cache against a real PostgreSQL: the triggers that record what each write made
// stale, reading them in commit order from several processes, and the cache in front of a
// stand-in for Next.js (a handler that renders from the database, as a page does).

const { url, drop } = await ownDatabase("page_cache");
const { db } = await import("@/lib/db");
const { loadDemo } = await import("@/lib/demo/load");
const { updateEntity, createEntity } = await import("@/lib/entries/write");
const { PORTAL_ACTOR } = await import("@/lib/auth/roles");

const SECRET = "page-cache-test-secret-page-cache-test-secret";
let sql: pg.Client;

async function connect() {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** The tags recorded since `after` (a seq), one list per row. */
async function recordedSince(after: string) {
  const { rows } = await sql.query<{ tags: string[] }>(`SELECT tags FROM "CacheInvalidation" WHERE seq > $1 ORDER BY seq`, [after]);
  return rows.map((r) => [...r.tags].sort());
}

async function lastSeq() {
  const { rows } = await sql.query<{ seq: string }>(`SELECT coalesce(max(seq), 0)::text AS seq FROM "CacheInvalidation"`);
  return rows[0]!.seq;
}

function reader(client: pg.Client) {
  let reads = 0;
  const read = async (horizon: string | null) => {
    reads++;
    return (await client.query<InvalidationRead>(READ_INVALIDATIONS_SQL, [horizon])).rows[0]!;
  };
  return { read, reads: () => reads };
}

let invoice: { id: string; slug: string };
let ads: { id: string };

beforeAll(async () => {
  sql = await connect();
  await loadDemo();
  // Writes that apply at once: the demo's tier-1 system needs approval for changes (lib/approvals).
  await db.system.updateMany({ data: { changesNeedApproval: false } });
  invoice = (await db.system.findUniqueOrThrow({ where: { slug: "invoice-pipeline" }, select: { id: true, slug: true } }))!;
  ads = (await db.system.findUniqueOrThrow({ where: { slug: "ad-performance-pull" }, select: { id: true } }))!;
});

afterAll(async () => {
  await sql.end();
  await db.$disconnect();
  await drop();
});

describe("what a write records", () => {
  test("an edit through the save path names its system, in the same transaction", async () => {
    const fm = await db.failureMode.findFirstOrThrow({ where: { systemId: invoice.id } });
    const before = await lastSeq();
    await updateEntity(PORTAL_ACTOR, "FAILURE_MODE", fm.id, fm.version, { title: `${fm.title} (edited)` }, { changeNote: "test" });
    expect(await recordedSince(before)).toContainEqual([`system:${invoice.id}`]);
  });

  test("a failed write records nothing", async () => {
    const fm = await db.failureMode.findFirstOrThrow({ where: { systemId: invoice.id } });
    const before = await lastSeq();
    await expect(updateEntity(PORTAL_ACTOR, "FAILURE_MODE", fm.id, fm.version - 1, { title: "stale" }, { changeNote: "test" })).rejects.toThrow();
    expect(await recordedSince(before)).toEqual([]);
  });

  test("a dependency names both systems; contacts, users and sessions their own ids; one row per statement", async () => {
    let before = await lastSeq();
    await createEntity(PORTAL_ACTOR, "DEPENDENCY", { systemId: invoice.id, name: "Ad numbers", kind: "INTERNAL_SYSTEM", dependsOnSystemId: ads.id }, { changeNote: "test" });
    expect((await recordedSince(before)).flat()).toEqual(expect.arrayContaining([`system:${invoice.id}`, `system:${ads.id}`]));

    before = await lastSeq();
    const contact = await db.contact.findFirstOrThrow();
    await sql.query(`UPDATE "Contact" SET phone = '+1 555 0000' WHERE id = $1`, [contact.id]);
    expect(await recordedSince(before)).toEqual([[`contact:${contact.id}`]]);

    before = await lastSeq();
    await sql.query(`INSERT INTO "User" (id, email, name, "passwordHash", "updatedAt") VALUES ('u1', 'u1@example.com', 'U One', 'x', now()), ('u2', 'u2@example.com', 'U Two', 'x', now())`);
    await sql.query(`INSERT INTO "Session" (id, "userId", "expiresAt") VALUES ('s1', 'u1', now() + interval '1 hour')`);
    await sql.query(`UPDATE "Session" SET "endedAt" = now() WHERE id = 's1'`);
    // The two users in one statement, one row; the new session nothing; its end its id.
    expect(await recordedSince(before)).toEqual([["user:u1", "user:u2"], ["session:s1"]]);

    before = await lastSeq();
    await sql.query(`UPDATE "FailureMode" SET causes = causes || ' ' WHERE "systemId" IN ($1, $2)`, [invoice.id, ads.id]);
    expect(await recordedSince(before)).toEqual([[`system:${ads.id}`, `system:${invoice.id}`].sort()]);
  });

  test("TRUNCATE makes everything stale", async () => {
    const scratch = await ownDatabase("page_cache_truncate");
    const client = new pg.Client({ connectionString: scratch.url });
    await client.connect();
    try {
      // Sessions: a table nothing kept hangs off (Contact would cascade to revisions, which refuse TRUNCATE).
      await client.query(`TRUNCATE "Session"`);
      const { rows } = await client.query<{ tags: string[] }>(`SELECT tags FROM "CacheInvalidation"`);
      expect(rows.map((r) => r.tags)).toContainEqual(["*"]);
    } finally {
      await client.end();
      await scratch.drop();
      process.env.DATABASE_URL = url;
    }
  });
});

describe("reading in commit order", () => {
  test("a write that commits after a later one is still read", async () => {
    const watcher = await connect();
    const slow = await connect();
    const quick = await connect();
    try {
      const invalidations = new Invalidations(reader(watcher).read);
      await invalidations.sync();
      const since = invalidations.current;

      // The slow transaction writes first (its row gets the lower sequence number) and commits last.
      await slow.query("BEGIN");
      await slow.query(`UPDATE "System" SET purpose = purpose || ' ' WHERE id = $1`, [invoice.id]);
      await quick.query(`UPDATE "System" SET purpose = purpose || ' ' WHERE id = $1`, [ads.id]);
      await invalidations.sync();
      expect(invalidations.isStale([`system:${ads.id}`], since)).toBe(true);
      expect(invalidations.isStale([`system:${invoice.id}`], since)).toBe(false);

      await slow.query("COMMIT");
      const afterQuick = invalidations.current;
      await invalidations.sync();
      expect(invalidations.isStale([`system:${invoice.id}`], since)).toBe(true);
      // Read once, counted once: the quick write is not stamped again.
      expect(invalidations.isStale([`system:${ads.id}`], afterQuick)).toBe(false);
      expect(invalidations.isStale(["contact:unrelated"], since)).toBe(false);
    } finally {
      await slow.query("ROLLBACK").catch(() => {});
      await Promise.all([watcher.end(), slow.end(), quick.end()]);
    }
  });

  test("a page that lists across the portal is stale after any write to runbook data, not after a session's", async () => {
    const watcher = await connect();
    try {
      const invalidations = new Invalidations(reader(watcher).read);
      await invalidations.sync();
      const since = invalidations.current;
      await sql.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('any-write-user', 'any@example.com', 'Any', 'x', 'VIEWER', now())`);
      await sql.query(`INSERT INTO "Session" (id, "userId", "expiresAt") VALUES ('any-write-session', 'any-write-user', now() + interval '1 hour')`);
      await invalidations.sync();
      expect(invalidations.isStale([ANY_WRITE_TAG], since)).toBe(true);
      const calm = invalidations.current;
      await sql.query(`UPDATE "Session" SET "expiresAt" = now() + interval '2 hours' WHERE id = 'any-write-session'`);
      await invalidations.sync();
      expect(invalidations.isStale([ANY_WRITE_TAG], calm)).toBe(false);
      await sql.query(`UPDATE "System" SET purpose = purpose || ' ' WHERE id = $1`, [ads.id]);
      await invalidations.sync();
      expect(invalidations.isStale([ANY_WRITE_TAG], calm)).toBe(true);
    } finally {
      await watcher.end();
    }
  });

  test("writes committed before a process's first read never make what it caches afterwards stale, though a transaction elsewhere keeps the horizon behind them", async () => {
    const watcher = await connect();
    const elsewhere = new pg.Client({ connectionString: process.env.TEST_POSTGRES_ADMIN_URL });
    await elsewhere.connect();
    try {
      // A transaction in another database of the server, as other tests' or other tools' are: the oldest running one holds every snapshot's horizon back.
      await elsewhere.query("BEGIN");
      await elsewhere.query("SELECT pg_current_xact_id()");
      await sql.query(`UPDATE "System" SET purpose = purpose || ' ' WHERE id = $1`, [invoice.id]);
      const invalidations = new Invalidations(reader(watcher).read);
      await invalidations.sync();
      const since = invalidations.current;
      await invalidations.sync();
      expect(invalidations.isStale([`system:${invoice.id}`], since)).toBe(false);
      // A write after the first read still counts.
      await sql.query(`UPDATE "System" SET purpose = purpose || ' ' WHERE id = $1`, [invoice.id]);
      await invalidations.sync();
      expect(invalidations.isStale([`system:${invoice.id}`], since)).toBe(true);
    } finally {
      await elsewhere.query("ROLLBACK").catch(() => {});
      await Promise.all([watcher.end(), elsewhere.end()]);
    }
  });

  test("requests arriving during a read share the next one", async () => {
    const watcher = await connect();
    try {
      const counted = reader(watcher);
      const invalidations = new Invalidations(counted.read);
      await Promise.all(Array.from({ length: 20 }, () => invalidations.sync()));
      expect(counted.reads()).toBe(2);
    } finally {
      await watcher.end();
    }
  });

  test("a process that has not read for an hour forgets what it cached", async () => {
    const watcher = await connect();
    let now = 1_000_000;
    try {
      const invalidations = new Invalidations(reader(watcher).read, () => now);
      await invalidations.sync();
      const since = invalidations.current;
      now += 61 * 60 * 1000;
      await invalidations.sync();
      expect(invalidations.isStale(["system:anything"], since)).toBe(true);
    } finally {
      await watcher.end();
    }
  });
});

describe("the cache in front of the pages", () => {
  let server: Server;
  let base: string;
  let cache: PageCache;
  let rendered = 0;
  const cookies: Record<string, string> = {};

  beforeAll(async () => {
    cache = new PageCache({ url, secret: SECRET, maxBytes: 1024 * 1024, ttlMs: 60_000 });
    // Stands in for Next.js: renders the system's name and the user's role with the request's nonce, and opts in.
    server = createServer((request, response) => {
      const context: RequestContext = { actionStarted: false };
      void cache.serve(request, response, context, false).then(async (answered) => {
        if (answered) return;
        await runWithRequestContext(context, async () => {
          rendered++;
          const nonce = `n${rendered}nonce`;
          const slug = request.url!.split("/")[2]!.split("?")[0]!;
          const { rows } = await sql.query<{ id: string; name: string }>(`SELECT id, name FROM "System" WHERE slug = $1`, [slug]);
          const role = String(request.headers["x-test-role"] ?? "");
          cacheThisPage();
          cacheDependsOn([`system:${rows[0]!.id}`]);
          response.setHeader("Content-Security-Policy", `script-src 'nonce-${nonce}'`);
          response.setHeader("Content-Type", "text/html; charset=utf-8");
          response.write(`<h1>${rows[0]!.name}</h1>`);
          response.end(`<p>${role}</p><script nonce="${nonce}">1</script>`);
        });
      });
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await sql.query(`INSERT INTO "User" (id, email, name, "passwordHash", role, "updatedAt") VALUES ('ed', 'ed@example.com', 'Ed Editor', 'x', 'EDITOR', now()), ('vi', 'vi@example.com', 'Vi Viewer', 'x', 'VIEWER', now())`);
    for (const user of ["ed", "vi"]) {
      await sql.query(`INSERT INTO "Session" (id, "userId", "expiresAt") VALUES ($1, $2, now() + interval '1 hour')`, [`sess-${user}`, user]);
      cookies[user] = `next-auth.session-token=${await encode({ token: { sid: `sess-${user}` }, secret: SECRET })}`;
    }
  });

  afterAll(async () => {
    await new Promise((done) => server.close(done));
    await cache.close();
  });

  const load = async (user: string, path = `/systems/${invoice.slug}`) => {
    const response = await fetch(`${base}${path}`, { headers: { cookie: cookies[user]!, "x-test-role": user } });
    return { status: response.status, cache: response.headers.get("x-cache"), csp: response.headers.get("content-security-policy") ?? "", body: await response.text() };
  };

  test("a page is rendered once, then answered from the cache with a fresh nonce each time", async () => {
    const first = await load("ed");
    expect(first.cache).toBe("MISS");
    const count = rendered;
    const second = await load("ed");
    const third = await load("ed");
    expect([second.cache, third.cache]).toEqual(["HIT", "HIT"]);
    expect(rendered).toBe(count);
    const nonceOf = (page: typeof second) => /nonce="([^"]+)"/.exec(page.body)![1]!;
    expect(nonceOf(second)).not.toBe(nonceOf(third));
    expect(second.csp).toContain(`'nonce-${nonceOf(second)}'`);
    expect(second.body.replace(nonceOf(second), "N")).toBe(first.body.replace(/n\d+nonce/, "N"));
  });

  test("one user's view is never another's", async () => {
    await load("ed");
    const viewer = await load("vi");
    expect(viewer.cache).toBe("MISS");
    expect(viewer.body).toContain("<p>vi</p>");
    expect((await load("ed")).body).toContain("<p>ed</p>");
  });

  test("a committed write is on the very next request, from any connection", async () => {
    await load("ed");
    expect((await load("ed")).cache).toBe("HIT");
    // Another process's write: straight to the database.
    await sql.query(`UPDATE "System" SET name = 'Invoices, renamed' WHERE id = $1`, [invoice.id]);
    const next = await load("ed");
    expect(next.cache).toBe("MISS");
    expect(next.body).toContain("Invoices, renamed");
    expect((await load("ed")).cache).toBe("HIT");
    // A write to another system leaves this page cached.
    await sql.query(`UPDATE "System" SET purpose = purpose || ' ' WHERE id = $1`, [ads.id]);
    expect((await load("ed")).cache).toBe("HIT");
  });

  test("/alerts/<name> is answered before any page renders: the session checked, one query, the redirect", async () => {
    await sql.query(`INSERT INTO "FailureMode" (id, "systemId", key, title, "alertNames", "updatedAt") VALUES ('fm-fast', $1, 'fast', 'Fast', ARRAY['CacheTestAlert'], now())`, [invoice.id]);
    const before = rendered;
    const redirect = async (name: string) => {
      const response = await fetch(`${base}/alerts/${name}`, { headers: { cookie: cookies.ed! }, redirect: "manual" });
      return { status: response.status, location: response.headers.get("location") };
    };
    expect(await redirect("cachetestalert")).toEqual({ status: 307, location: "/failure-modes/fm-fast" });
    expect(await redirect("No%20Such")).toEqual({ status: 307, location: "/alerts?name=No%20Such" });
    // A failure mode deleted: on the very next request.
    await sql.query(`UPDATE "FailureMode" SET "deletedAt" = now() WHERE id = 'fm-fast'`);
    expect(await redirect("CacheTestAlert")).toEqual({ status: 307, location: "/alerts?name=CacheTestAlert" });
    expect(rendered).toBe(before);
  });

  test("an ended session, a disabled account or a changed role is not answered from the cache", async () => {
    await load("vi");
    expect((await load("vi")).cache).toBe("HIT");
    await sql.query(`UPDATE "User" SET role = 'EDITOR' WHERE id = 'vi'`);
    expect((await load("vi")).cache).toBe("MISS"); // an editor's page now: another key
    await sql.query(`UPDATE "Session" SET "endedAt" = now() WHERE id = 'sess-vi'`);
    const ended = await load("vi");
    expect(ended.cache).toBeNull(); // not for the cache to answer: Next.js (here the stand-in) does, and sends them to sign in
    await load("ed");
    await sql.query(`UPDATE "User" SET disabled = true WHERE id = 'ed'`);
    expect((await load("ed")).cache).toBeNull();
  });

  test("no session cookie, a forged one, or a client-side navigation never reach the cache", async () => {
    const forged = `next-auth.session-token=${await encode({ token: { sid: "sess-ed" }, secret: "another secret entirely, not the portal's" })}`;
    const asked: Record<string, string>[] = [{}, { cookie: forged }, { cookie: cookies.ed!, rsc: "1" }];
    for (const headers of asked) {
      const response = await fetch(`${base}/systems/${invoice.slug}`, { headers });
      expect(response.headers.get("x-cache")).toBeNull();
      await response.arrayBuffer();
    }
  });
});
