import pg from "pg";

// Checks the audit log's hash chain (prisma/migrations/*_audit_events): each event's hash
// must be the hash of its own fields and the previous event's hash must be what it names.
// An edited event fails the first; a removed one the second (on the event after it).

export type ChainBreak = { seq: string; problem: "edited" | "link" };

export type ChainHead = { seq: string; at: string; hash: string };

export async function verifyAuditChain(url: string, onProgress?: (checked: number) => void): Promise<{ events: number; breaks: ChainBreak[]; head: ChainHead | null }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // In pages by sequence number, so millions of events never sit in memory at once.
    let after = "-1";
    let previous: string | null = null;
    let events = 0;
    const breaks: ChainBreak[] = [];
    let head: ChainHead | null = null;
    for (;;) {
      const { rows } = await client.query<{ seq: string; at: string; prevHash: string; hash: string; expected: string }>(
        `SELECT e."seq"::text AS seq, to_char(e."at", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS at, e."prevHash", e."hash", "audit_event_hash"(e) AS expected
         FROM "AuditEvent" e WHERE e."seq" > $1::bigint ORDER BY e."seq" LIMIT 10000`,
        [after],
      );
      if (rows.length === 0) break;
      for (const row of rows) {
        if (row.hash !== row.expected) breaks.push({ seq: row.seq, problem: "edited" });
        if (row.prevHash !== (previous ?? "")) breaks.push({ seq: row.seq, problem: "link" });
        previous = row.hash;
        after = row.seq;
        head = { seq: row.seq, at: row.at, hash: row.hash };
      }
      events += rows.length;
      onProgress?.(events);
    }
    return { events, breaks, head };
  } finally {
    await client.end();
  }
}
