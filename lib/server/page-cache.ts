import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { brotliDecompressSync, gunzipSync, gzipSync, inflateSync } from "node:zlib";
import { LRUCache } from "lru-cache";
import { decode } from "next-auth/jwt";
import pg from "pg";
import { Invalidations, PRUNE_SQL, READ_INVALIDATIONS_SQL, type InvalidationRead } from "./invalidations";
import { secureSessionCookie, sessionCookieName } from "../auth/session-cookie";
import { liveSessionUser, SESSION_USER_SQL, type SessionUserRow } from "../auth/session-user";
import { positiveSetting } from "../settings";
import { contentSecurityPolicy } from "@/lib/http/security-headers";
import { wantsMarkdown } from "@/lib/http/markdown-wanted";
import { ALERT_MATCH_SQL, alertNameFromPath } from "@/lib/data/alert-match-sql";
import type { RequestContext } from "@/lib/http/request-context";

// The read path under incident load: the runbook pages people open by the dozen when an
// alert fires (a system's overview, a failure mode, a procedure), kept rendered in the
// portal's server process (scripts/serve.ts) and answered without running Next.js.
//
// - Which pages: a page opts in while it renders (`cacheThisPage` in request-context.ts),
//   naming the tags of everything it shows ("system:<id>", "contact:<id>", …). Only a
//   whole, successful page (200, no cookie set) is kept.
// - For whom: a page varies by the signed-in user's role (edit buttons), name (the
//   header) and id (the viewer its offline copy belongs to, public/sw.js), and by the
//   address it was asked for; those are its key. Nothing else of the user is on these pages. The session is checked on every request, as Next.js would:
//   its cookie decoded, the session and user read (cached, and dropped by any write to
//   either, so a sign-out, disabled account or role change counts on the next request).
// - Fresh on the very next request, from any process: before answering, the process
//   catches up with the writes committed so far (invalidations.ts, one indexed query
//   shared by the requests arriving meanwhile); a page any of whose tags a write named
//   since it was rendered is rendered again.
// - Each answer gets a fresh CSP nonce: the one the page was rendered with is replaced.
// - Pages are also dropped after RUNBOOK_PAGE_CACHE_SECONDS (review due dates move with the
//   clock) and when the cache outgrows RUNBOOK_PAGE_CACHE_MB.

/** Addresses whose pages may opt in: anything else goes straight to Next.js. */
const CANDIDATE = /^\/(?:(?:systems|failure-modes|procedures)\/[^/?#]+|incidents\/[^/?#]+|systems|failure-modes|procedures|escalation-levels|dependencies|contacts|readiness|runs|search)?(?:\?|$)/;

/** /alerts/<name>: the redirect answered before Next.js (alertRedirect). */
const ALERT = /^\/alerts\/([^/?#]+)$/;

/** Headers of a kept page not replayed: set afresh for each answer, or meaningless once the body is whole. */
const NOT_REPLAYED = new Set(["content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "date", "content-security-policy", "set-cookie", "x-cache"]);

type Cached<T> = { value: T; since: number; tags: string[]; storedAt: number };
type Page = { headers: [string, string | string[]][]; parts: string[]; bytes: number };

export type PageCacheOptions = {
  url: string;
  secret: string;
  /** the largest share of memory pages may take */
  maxBytes?: number;
  ttlMs?: number;
  log?: (message: string) => void;
};

/** The cache's size and lifetime from the environment (0 MB turns it off). */
export function pageCacheSettings() {
  return {
    maxBytes: positiveSetting("RUNBOOK_PAGE_CACHE_MB", 64, { integer: false, zero: true }) * 1024 * 1024,
    ttlMs: positiveSetting("RUNBOOK_PAGE_CACHE_SECONDS", 300, { zero: true }) * 1000,
  };
}

function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(";")) {
    const at = part.indexOf("=");
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

function decompress(body: Buffer, encoding: string | undefined): Buffer {
  if (!encoding || encoding === "identity") return body;
  if (encoding === "gzip") return gunzipSync(body);
  if (encoding === "br") return brotliDecompressSync(body);
  if (encoding === "deflate") return inflateSync(body);
  throw new Error(`unknown content encoding ${encoding}`);
}

export class PageCache {
  readonly invalidations: Invalidations;
  private readonly pool: pg.Pool;
  private readonly pages: LRUCache<string, Cached<Page>>;
  private readonly sessions = new LRUCache<string, Cached<SessionUserRow>>({ max: 10_000 });
  private readonly tokens = new LRUCache<string, { sid: string; exp: number }>({ max: 10_000 });
  /** /alerts/<name> answers (one failure mode's address), by lower-case name. */
  private readonly alerts = new LRUCache<string, Cached<string>>({ max: 10_000 });
  private readonly ttlMs: number;
  private lastPrune = 0;

  constructor(private readonly options: PageCacheOptions) {
    this.pool = new pg.Pool({ connectionString: options.url, max: 4, idleTimeoutMillis: 30_000 });
    this.pool.on("error", () => {}); // a dropped idle connection; the next query opens another
    this.invalidations = new Invalidations((horizon) => this.readInvalidations(horizon));
    this.ttlMs = options.ttlMs ?? 300_000;
    this.pages = new LRUCache({ maxSize: Math.max(1, options.maxBytes ?? 64 * 1024 * 1024), sizeCalculation: (entry) => Math.max(1, entry.value.bytes) });
  }

  get enabled() {
    return (this.options.maxBytes ?? 1) > 0;
  }

  async close() {
    await this.pool.end().catch(() => {});
  }

  private async readInvalidations(horizon: string | null): Promise<InvalidationRead> {
    const { rows } = await this.pool.query<InvalidationRead>(READ_INVALIDATIONS_SQL, [horizon]);
    if (Date.now() - this.lastPrune > 10 * 60 * 1000) {
      this.lastPrune = Date.now();
      void this.pool.query(PRUNE_SQL).catch(() => {});
    }
    return rows[0]!;
  }

  /**
   * The user of the session a request's cookie names, or null (not signed in, ended, expired,
   * disabled): the same rule and query as every page's (lib/auth/session-user.ts), through
   * this process's own pool, as this runs outside Next.js.
   */
  private async sessionUser(request: IncomingMessage): Promise<SessionUserRow | null> {
    const token = readCookie(request.headers.cookie, sessionCookieName(secureSessionCookie(request.headers["x-forwarded-proto"])));
    if (!token) return null;
    let claims = this.tokens.get(token);
    if (!claims) {
      const decoded = await decode({ token, secret: this.options.secret }).catch(() => null);
      if (!decoded || typeof decoded.sid !== "string" || typeof decoded.exp !== "number") return null;
      claims = { sid: decoded.sid, exp: decoded.exp * 1000 };
      this.tokens.set(token, claims);
    }
    if (claims.exp <= Date.now()) return null;
    const cached = this.sessions.get(claims.sid);
    if (cached && !this.invalidations.isStale(cached.tags, cached.since)) return liveSessionUser(cached.value);
    const since = this.invalidations.current;
    const { rows } = await this.pool.query<SessionUserRow>(SESSION_USER_SQL, [claims.sid]);
    const user = rows[0];
    // Only a live session is kept: one that is not (ended, disabled, unknown) is asked again, and Next.js answers it meanwhile.
    if (!user) return null;
    this.sessions.set(claims.sid, { value: user, since, tags: [`session:${claims.sid}`, `user:${user.id}`], storedAt: Date.now() });
    return liveSessionUser(user);
  }

  /**
   * Answers `request` from the cache when it can (true). Otherwise readies `context` so
   * that the page, rendered by Next.js, is kept if it opts in, and returns false.
   */
  async serve(request: IncomingMessage, response: ServerResponse, context: RequestContext, https: boolean): Promise<boolean> {
    if (request.method === "GET" && ALERT.test(request.url ?? "")) return this.alertRedirect(request, response);
    if (!this.enabled || request.method !== "GET" || !CANDIDATE.test(request.url ?? "")) return false;
    // Next.js's client-side navigations and prefetches ask for another kind of answer at the same address.
    if (request.headers.rsc || request.headers["next-router-state-tree"] || request.headers["next-router-prefetch"] || request.headers["next-action"] || /[?&]_rsc=/.test(request.url!)) return false;
    // The same address asked for as Markdown (lib/http/markdown-wanted.ts) is another answer, never a kept page.
    if (wantsMarkdown(request.headers.accept, new URL(request.url!, "http://x").searchParams.get("format"))) return false;
    let user: SessionUserRow | null;
    try {
      await this.invalidations.sync();
      user = await this.sessionUser(request);
    } catch {
      return false; // the database is in trouble: Next.js answers, with its own checks
    }
    if (!user) return false;
    // The user's id too: each page names its viewer for the offline copies of public/sw.js.
    const key = `${request.headers.host ?? ""}\u0000${request.url}\u0000${user.id}\u0000${user.role}\u0000${user.name}`;
    const cached = this.pages.get(key);
    if (cached && !this.invalidations.isStale(cached.tags, cached.since) && Date.now() - cached.storedAt < this.ttlMs) {
      this.replay(request, response, cached.value, https);
      return true;
    }
    const since = this.invalidations.current;
    context.pageCache = { optedIn: false, tags: [] };
    response.setHeader("X-Cache", "MISS");
    this.capture(response, (page, tags) => {
      if (this.invalidations.isStale(tags, since)) return;
      this.pages.set(key, { value: page, since, tags, storedAt: Date.now() });
    }, context);
    return false;
  }

  /**
   * /alerts/<name>, the link in every alert, answered here: the session checked as for a
   * kept page, one indexed query, a redirect; no page machinery. Anything unusual (no
   * session, a database in trouble, a name the route would refuse) goes on to Next.js's
   * route (app/alerts/[name]/route.ts), which answers the same.
   */
  private async alertRedirect(request: IncomingMessage, response: ServerResponse): Promise<boolean> {
    // Asked for as Markdown (curl on a jump host): the runbook itself, from app/markdown.
    if (wantsMarkdown(request.headers.accept, null)) return false;
    let name: string | null;
    try {
      name = alertNameFromPath(decodeURIComponent(ALERT.exec(request.url!)![1]!));
    } catch {
      return false;
    }
    if (!name) return false;
    let location: string;
    try {
      await this.invalidations.sync();
      if (!(await this.sessionUser(request))) return false;
      // Kept until anything at all is written: a failure mode of any system may start or stop listing the name.
      const key = name.toLowerCase();
      const kept = this.alerts.get(key);
      if (kept && kept.since === this.invalidations.current) location = kept.value;
      else {
        const since = this.invalidations.current;
        const ids = (await this.pool.query<{ id: string }>(ALERT_MATCH_SQL, [name])).rows.map((row) => row.id);
        location = ids.length === 1 ? `/failure-modes/${ids[0]}` : `/alerts?name=${encodeURIComponent(name)}`;
        this.alerts.set(key, { value: location, since, tags: [], storedAt: Date.now() });
      }
    } catch {
      return false;
    }
    response.statusCode = 307;
    response.setHeader("Location", location);
    response.setHeader("Cache-Control", "private, no-store");
    response.end();
    return true;
  }

  private replay(request: IncomingMessage, response: ServerResponse, page: Page, https: boolean) {
    const nonce = randomBytes(16).toString("base64");
    for (const [name, value] of page.headers) response.setHeader(name, value);
    response.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, https));
    response.setHeader("X-Cache", "HIT");
    let body = Buffer.from(page.parts.join(nonce));
    if (/\bgzip\b/.test(String(request.headers["accept-encoding"] ?? ""))) {
      body = gzipSync(body, { level: 4 });
      response.setHeader("Content-Encoding", "gzip");
    }
    response.setHeader("Content-Length", body.length);
    response.statusCode = 200;
    response.end(body);
  }

  /** Collects what Next.js sends; once it is all sent, keeps it if the page opted in and nothing made it unfit. */
  private capture(response: ServerResponse, keep: (page: Page, tags: string[]) => void, context: RequestContext) {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    const limit = 8 * 1024 * 1024;
    const take = (chunk: unknown, encoding?: unknown) => {
      if (overflow || chunk === undefined || chunk === null || typeof chunk === "function") return;
      const buffer = Buffer.isBuffer(chunk) ? chunk : typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);
      size += buffer.length;
      if (size > limit) overflow = true;
      else chunks.push(buffer);
    };
    const write = response.write.bind(response) as (...args: unknown[]) => boolean;
    const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
    response.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
      take(chunk, encoding);
      return write(chunk, encoding, callback);
    }) as typeof response.write;
    response.end = ((chunk?: unknown, encoding?: unknown, callback?: unknown) => {
      take(chunk, encoding);
      const ended = end(chunk, encoding, callback);
      store();
      return ended;
    }) as typeof response.end;
    // Kept as the last chunk is handed over, not on "finish": a client that reads the page and
    // asks again at once must find it (on a busy machine "finish" can come after that request).
    let stored = false;
    const store = () => {
      if (stored) return;
      stored = true;
      const tags = context.pageCache?.optedIn ? [...new Set(context.pageCache.tags)] : null;
      if (!tags || overflow || response.destroyed || response.statusCode !== 200 || response.hasHeader("set-cookie")) return;
      const policy = String(response.getHeader("content-security-policy") ?? "");
      const nonce = /'nonce-([^']+)'/.exec(policy)?.[1];
      if (!nonce) return;
      let html: string;
      try {
        html = decompress(Buffer.concat(chunks), response.getHeader("content-encoding") as string | undefined).toString("utf8");
      } catch {
        return;
      }
      const headers = Object.entries(response.getHeaders())
        .filter(([name]) => !NOT_REPLAYED.has(name))
        .map(([name, value]) => [name, Array.isArray(value) ? value : String(value)] as [string, string | string[]]);
      keep({ headers, parts: html.split(nonce), bytes: html.length * 2 }, [...new Set(tags)]);
    };
  }
}
