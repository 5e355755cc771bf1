import pg from "pg";

// Checks the audit log's hash chain (prisma/migrations/*_audit_events): each event's hash
// must be the hash of its own fields and the previous event's hash must be what it names.
// An edited event fails the first; a removed one the second (on the event after it).
// Neither shows events cut off the end, or a chain rewritten whole from some point on:
// for those, a hash kept elsewhere (`expect`) must still be the hash of one of its events.

export type ChainBreak = { seq: string; problem: "edited" | "link" };

export type ChainHead = { seq: string; at: string; hash: string };

/** The event whose hash was expected, and how many events came after it. */
export type ChainAnchor = { seq: string; at: string; after: number };

export type ChainCheck = {
  events: number;
  breaks: ChainBreak[];
  head: ChainHead | null;
  /** with `expect`: the event that has that hash, or null when none has (the chain was cut or rewritten) */
  expected?: ChainAnchor | null;
};

export async function verifyAuditChain(url: string, options: { expect?: string; onProgress?: (checked: number) => void } = {}): Promise<ChainCheck> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // In pages by sequence number, so millions of events never sit in memory at once.
    let after = "-1";
    let previous: string | null = null;
    let events = 0;
    const breaks: ChainBreak[] = [];
    let head: ChainHead | null = null;
    let anchor: { seq: string; at: string; position: number } | null = null;
    for (;;) {
      const { rows } = await client.query<{ seq: string; at: string; prevHash: string; hash: string; expected: string }>(
        `SELECT e."seq"::text AS seq, to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, e."prevHash", e."hash", "audit_event_hash"(e) AS expected
         FROM "AuditEvent" e WHERE e."seq" > $1::bigint ORDER BY e."seq" LIMIT 10000`,
        [after],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        events++;
        if (row.hash !== row.expected) breaks.push({ seq: row.seq, problem: "edited" });
        if (row.prevHash !== (previous ?? "")) breaks.push({ seq: row.seq, problem: "link" });
        if (options.expect !== undefined && row.hash === options.expect) anchor = { seq: row.seq, at: row.at, position: events };
        previous = row.hash;
        after = row.seq;
        head = { seq: row.seq, at: row.at, hash: row.hash };
      }
      options.onProgress?.(events);
    }
    const check: ChainCheck = { events, breaks, head };
    if (options.expect !== undefined) check.expected = anchor && { seq: anchor.seq, at: anchor.at, after: events - anchor.position };
    return check;
  } finally {
    await client.end();
  }
}
