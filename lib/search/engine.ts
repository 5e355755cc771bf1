import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { EntityType, Severity } from "@/lib/generated/prisma/enums";
import type { EntryType } from "@/lib/entries/types";

// Search over every runbook entry (the SearchEntry rows the database triggers keep):
// English full text with weights, prefix matching of the last word on unstemmed text,
// exact identifiers (alert names, slugs, e-mail) first, and spelling correction from
// the word lexicon when little is found. Takes the client so scripts can use it too.

export type SearchParams = {
  q: string;
  types?: EntryType[];
  systemId?: string;
  severity?: Severity;
  limit?: number;
};

export type SearchHit = {
  type: EntryType;
  id: string;
  title: string;
  systemId: string | null;
  systemSlug: string | null;
  systemName: string | null;
  severity: Severity | null;
  kind: string | null;
  score: number;
  /** text around the matches; matched words between ⟦ and ⟧ */
  snippet: string;
};

export type SearchResult = { hits: SearchHit[]; correctedQuery: string | null };

export const MARK_START = "⟦";
export const MARK_END = "⟧";

const MAX_QUERY = 200;
const FEW = 3;

/** The words of a query, lower-cased, letters and digits only (safe inside to_tsquery). */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/** "lambda tim" -> "lambda & tim:*": every word (or any, with "|"), the last one as a prefix. */
export function prefixQuery(words: string[], operator: "&" | "|" = "&"): string | null {
  if (words.length === 0) return null;
  return words.map((word, index) => (index === words.length - 1 ? `${word}:*` : word)).join(` ${operator} `);
}

/** All words must match, or (when that finds too little) any of them. */
type Mode = "all" | "any";

type Row = Omit<SearchHit, "type" | "id" | "score"> & { entityType: EntityType; entityId: string; score: number };

async function run(client: PrismaClient, q: string, params: SearchParams, mode: Mode = "all"): Promise<SearchHit[]> {
  const text = q.slice(0, MAX_QUERY);
  const words = queryWords(text);
  if (mode === "any" && words.length < 2) return [];
  const prefix = prefixQuery(words, mode === "all" ? "&" : "|");
  const lower = text.trim().toLowerCase();
  const limit = Math.min(Math.max(params.limit ?? 20, 1), 500);
  const en = Prisma.sql`websearch_to_tsquery('english', ${mode === "all" ? text : words.join(" or ")})`;
  const pre = prefix === null ? Prisma.sql`NULL::tsquery` : Prisma.sql`to_tsquery('simple', ${prefix})`;
  const filters = [
    params.types?.length ? Prisma.sql`AND e."entityType"::text IN (${Prisma.join(params.types)})` : Prisma.empty,
    params.systemId ? Prisma.sql`AND e."systemId" = ${params.systemId}` : Prisma.empty,
    params.severity ? Prisma.sql`AND e.severity::text = ${params.severity}` : Prisma.empty,
  ];
  const rows = await client.$queryRaw<Row[]>`
    WITH hits AS (
      SELECT e."entityType", e."entityId", e."systemId", e.severity, e.kind, e.title, e.body,
             (CASE WHEN e.keys @> ARRAY[${lower}::text] THEN 1.0 ELSE 0 END
              + ts_rank_cd(e.document, ${en})
              + 0.5 * coalesce(ts_rank_cd(e."simpleDocument", ${pre}), 0))::float8 AS score
        FROM "SearchEntry" e
       WHERE NOT e.deleted AND NOT e."systemDeleted"
         AND (e.document @@ ${en} OR e."simpleDocument" @@ ${pre} OR e.keys @> ARRAY[${lower}::text])
         ${Prisma.join(filters, " ")}
       ORDER BY score DESC, e.title
       LIMIT ${limit}
    )
    SELECT h."entityType", h."entityId", h."systemId", h.severity, h.kind, h.title, h.score,
           s.slug AS "systemSlug", s.name AS "systemName",
           ts_headline('english', h.body, coalesce(${en} || ${pre}, ${en}),
             'StartSel=${Prisma.raw(MARK_START)}, StopSel=${Prisma.raw(MARK_END)}, MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "') AS snippet
      FROM hits h LEFT JOIN "System" s ON s.id = h."systemId"
     ORDER BY h.score DESC, h.title`;
  return rows.map(({ entityType, entityId, ...row }) => ({ ...row, type: entityType as EntryType, id: entityId }));
}

/** Words of `q` the lexicon does not know, each replaced by the closest word it does. */
async function correct(client: PrismaClient, q: string): Promise<string | null> {
  const words = queryWords(q).filter((w) => w.length >= 3);
  if (words.length === 0) return null;
  const fixes = await client.$queryRaw<{ w: string; known: boolean; fix: string | null }[]>`
    SELECT q.w,
           EXISTS (SELECT 1 FROM "SearchWord" WHERE word = q.w) AS known,
           (SELECT word FROM "SearchWord" WHERE word % q.w ORDER BY similarity(word, q.w) DESC, word LIMIT 1) AS fix
      FROM unnest(${words}::text[]) AS q(w)`;
  let changed = false;
  const corrected = queryWords(q).map((word) => {
    const found = fixes.find((f) => f.w === word);
    if (!found || found.known || !found.fix) return word;
    changed = true;
    return found.fix;
  });
  return changed ? corrected.join(" ") : null;
}

/**
 * All words first. When that finds fewer than three entries: the words corrected from
 * the lexicon, then any of the words. Earlier results keep their place.
 */
export async function searchWith(client: PrismaClient, params: SearchParams): Promise<SearchResult> {
  const q = params.q.trim();
  if (!q) return { hits: [], correctedQuery: null };
  const limit = params.limit ?? 20;
  let hits = await run(client, q, params);
  const add = (more: SearchHit[]) => {
    const fresh = more.filter((hit) => !hits.some((h) => h.type === hit.type && h.id === hit.id));
    hits = [...hits, ...fresh].slice(0, limit);
    return fresh.length;
  };
  if (hits.length >= FEW) return { hits, correctedQuery: null };
  const corrected = await correct(client, q);
  const correctedFound = corrected ? add(await run(client, corrected, params)) : 0;
  if (hits.length < FEW) add(await run(client, corrected ?? q, params, "any"));
  return { hits, correctedQuery: corrected && (correctedFound || hits.length) ? corrected : null };
}
