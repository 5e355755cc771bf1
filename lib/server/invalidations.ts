// What every app process serving one database learns of the writes the others (and it)
// committed: the tags that database triggers record in "CacheInvalidation" in the same
// transaction as each write (prisma/migrations/*_cache_invalidation).
//
// Reading in commit order. Rows are read by the writing transaction's id, from a horizon:
// the oldest transaction still running when the last read was made. A transaction that
// commits later than a read has an id at or above that read's horizon (it was running,
// or had not begun), so the next read finds its rows, whatever order transactions
// committed in: a sequence number would skip a long import that committed after a quick
// edit that began later. Rows at or above the horizon are read again until the horizon
// passes them; `seen` keeps them from counting twice.
//
// Stamps. Each row read moves a local counter on and stamps its tags with it. Anything
// cached remembers the counter from before it read the database; it is fresh while none
// of its tags (nor "*") carries a later stamp. That one rule covers a write that lands
// while a page is being rendered, too.

export type InvalidationRow = { seq: string; xid: string; tags: string[] | null };
export type InvalidationRead = { horizon: string; rows: InvalidationRow[] };
/** One read of the table from `horizon` (null, the first read: from the horizon it finds). */
export type ReadInvalidations = (horizon: string | null) => Promise<InvalidationRead>;

export const READ_INVALIDATIONS_SQL = `
  SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon,
         coalesce((SELECT json_agg(json_build_object('seq', seq::text, 'xid', xid::text, 'tags', tags))
                   FROM "CacheInvalidation" WHERE xid >= coalesce($1::text::xid8, pg_snapshot_xmin(pg_current_snapshot()))), '[]'::json) AS rows`;

/** Rows are dropped after a day (`prune`); a process that has not read for an hour forgets everything it cached. */
const FORGET_AFTER_MS = 60 * 60 * 1000;
export const PRUNE_SQL = `DELETE FROM "CacheInvalidation" WHERE "at" < now() - interval '1 day'`;
/**
 * Stamped by every write to runbook data (anything but sessions): what a page that lists
 * across the whole portal (a list, search, the dashboard) depends on.
 */
export const ANY_WRITE_TAG = "any-write";

/** Past this many stamped tags, the stamps are folded into one "*" (everything older is stale). */
const MAX_STAMPS = 100_000;

export class Invalidations {
  private counter = 0;
  private readonly stamps = new Map<string, number>();
  private readonly seen = new Map<string, bigint>();
  private horizon: string | null = null;
  private lastRead = 0;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly read: ReadInvalidations,
    private readonly now: () => number = Date.now,
  ) {}

  /** The counter now: what anything read from the database from this moment on is stamped with. */
  get current(): number {
    return this.counter;
  }

  /** Whether something read at `since` and depending on `tags` has been made stale since. */
  isStale(tags: readonly string[], since: number): boolean {
    if ((this.stamps.get("*") ?? 0) > since) return true;
    for (const tag of tags) if ((this.stamps.get(tag) ?? 0) > since) return true;
    return false;
  }

  /**
   * Catches up with every write committed before this call began. Calls made while a read
   * is under way share the next read (one started after them), so a burst of requests
   * costs two reads, not one each.
   */
  sync(): Promise<void> {
    if (!this.inFlight) {
      this.inFlight = this.readOnce().finally(() => {
        this.inFlight = null;
      });
      return this.inFlight;
    }
    this.queued ??= this.inFlight
      .catch(() => {})
      .then(() => {
        this.queued = null;
        return this.sync();
      });
    return this.queued;
  }

  /** Marks everything cached so far as stale. */
  forgetAll() {
    this.stamps.clear();
    this.stamps.set("*", ++this.counter);
  }

  private async readOnce() {
    const started = this.now();
    const result = await this.read(this.horizon);
    if (this.lastRead && started - this.lastRead > FORGET_AFTER_MS) this.forgetAll();
    // A horizon that went back: another database (restored, or replaced) — nothing cached can be trusted.
    if (this.horizon !== null && BigInt(result.horizon) < BigInt(this.horizon)) this.forgetAll();
    // The first read finds rows committed before it that later reads would find again (the
    // horizon is the oldest transaction running anywhere on the server, which may be older
    // than they are): nothing was cached before them, so they are only marked seen.
    const first = this.horizon === null;
    for (const row of result.rows) {
      if (this.seen.has(row.seq)) continue;
      this.seen.set(row.seq, BigInt(row.xid));
      if (first) continue;
      this.counter++;
      for (const tag of row.tags ?? []) this.stamps.set(tag, this.counter);
      if ((row.tags ?? []).some((tag) => !tag.startsWith("session:"))) this.stamps.set(ANY_WRITE_TAG, this.counter);
    }
    const horizon = BigInt(result.horizon);
    for (const [seq, xid] of this.seen) if (xid < horizon) this.seen.delete(seq);
    if (this.stamps.size > MAX_STAMPS) this.forgetAll();
    this.horizon = result.horizon;
    this.lastRead = started;
  }
}
