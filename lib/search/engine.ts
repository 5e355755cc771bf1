import { Prisma, type PrismaClient } from "@/lib/generated/prisma/client";
import type { EntityType, Severity } from "@/lib/generated/prisma/enums";
import type { EntryType } from "@/lib/entries";

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

import { MARK_END, MARK_START } from "./marks";

export { MARK_END, MARK_START };

const MAX_QUERY = 200;
const FEW = 3;

/** The words of a query, lower-cased, letters and digits only (safe inside to_tsquery). */
export function queryWords(q: string): string[] {
  return (q.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, 12);
}

/** The last word of a query is a prefix: it stands for itself and the words it begins. */
const PREFIX_WORDS = 16;

/** All words must match, or (when that finds too little) any of them. */
type Mode = "all" | "any";

type Row = Omit<SearchHit, "type" | "id" | "score"> & { entityType: EntityType; entityId: string; score: number };

/**
 * Titles and alert names (the small `head`) are matched and ranked first; the rest of
 * the text only when they give too little. Ranking is the cost of a search, so each
 * stage ranks at most this many candidates: a word that occurs in thousands of entries
 * ranks a sample of them, a word that matters (an alert, an error, a host) all of them.
 */
const CANDIDATES = { head: 600, body: 200 } as const;

/**
 * Finding every match of a common word is the other cost (the GIN index reads posting
 * lists of tens of thousands of entries before any is ranked: 30-60 ms at 20,000
 * systems). Entries lie in nested, fixed samples of the whole, each with its own small
 * indexes ("sample" >= 1: 1 entry in 8, >= 2: 1 in 64, >= 3: 1 in 512; see the
 * search_samples migration). A stage first looks in the deepest sample that still holds
 * SAMPLE_SIZE entries: when that has a page of matches they are the candidates, when it
 * does not the words are rare enough to read all their matches. Below 4,000 entries
 * there is no sample.
 */
const SAMPLE_SIZE = 500;
const SAMPLE_LEVELS = 3;

/** The sample level for the number of entries (the planner's count), read at most once a minute. */
const levels = new WeakMap<PrismaClient, { at: number; level: Promise<number> }>();
function sampleLevel(client: PrismaClient): Promise<number> {
  const known = levels.get(client);
  if (known && Date.now() - known.at < 60_000) return known.level;
  const level = client.$queryRaw<{ entries: number }[]>`
    SELECT greatest(reltuples, 0)::float8 AS entries FROM pg_class WHERE oid = '"SearchEntry"'::regclass`.then(
    ([row]) => Math.max(0, Math.min(SAMPLE_LEVELS, Math.floor(Math.log((row?.entries ?? 0) / SAMPLE_SIZE) / Math.log(8)))),
  );
  levels.set(client, { at: Date.now(), level });
  level.catch(() => levels.delete(client));
  return level;
}

async function run(client: PrismaClient, q: string, params: SearchParams, mode: Mode = "all"): Promise<SearchHit[]> {
  const text = q.slice(0, MAX_QUERY);
  const words = queryWords(text);
  if (mode === "any" && words.length < 2) return [];
  const lower = text.trim().toLowerCase();
  const limit = Math.min(Math.max(params.limit ?? 20, 1), 500);
  const cap = mode === "all" ? CANDIDATES.head : CANDIDATES.body;
  const en = Prisma.sql`websearch_to_tsquery('english', ${mode === "all" ? text : words.join(" or ")})`;
  // English stems, or the unstemmed words with the last one standing for itself and the
  // words of the lexicon it begins ("pars" -> pars | parse | parser | ...): both live in
  // each vector. (A prefix in the GIN index itself would read the postings of every
  // word it begins: 15 ms for "refused:*" at 20,000 systems.)
  const last = words.at(-1);
  const simple =
    last === undefined
      ? null
      : Prisma.sql`to_tsquery('simple', ${words.slice(0, -1).map((word) => `${word} ${mode === "all" ? "&" : "|"} `).join("")} || '(' ||
          (SELECT string_agg(w, ' | ') FROM (SELECT ${last}::text AS w UNION
             (SELECT word FROM "SearchWord" WHERE word ^@ ${last}::text ORDER BY length(word), word LIMIT ${PREFIX_WORDS})) x) || ')')`;
  const match = simple === null ? en : Prisma.sql`(${en} || ${simple})`;
  const live = Prisma.sql`NOT e.deleted AND NOT e."systemDeleted"
    ${params.types?.length ? Prisma.sql`AND e."entityType"::text IN (${Prisma.join(params.types)})` : Prisma.empty}
    ${params.systemId ? Prisma.sql`AND e."systemId" = ${params.systemId}` : Prisma.empty}
    ${params.severity ? Prisma.sql`AND e.severity::text = ${params.severity}` : Prisma.empty}`;
  const keyed = Prisma.sql`e.keys @> ARRAY[${lower}::text]`;
  const headColumns = Prisma.sql`e."entityType", e."entityId", e."systemId", e.severity, e.kind, e.title, e.keys, e.head`;
  // A constant, so that the planner uses the sample's own (partial) index.
  const level = await sampleLevel(client);
  const inSample = level > 0 ? Prisma.raw(`e.sample >= ${level}`) : Prisma.raw("false");
  // A stage's candidates, when `gate` holds: `<name>_sample` from the sample, and
  // `<name>_all` from every entry only when the sample holds less than a page.
  const stage = (name: "head" | "body", vector: Prisma.Sql, columns: Prisma.Sql, most: number, gate: Prisma.Sql, unless: Prisma.Sql) => {
    const [sample, all] = [Prisma.raw(`${name}_sample`), Prisma.raw(`${name}_all`)];
    return {
      ctes: Prisma.sql`${sample} AS MATERIALIZED (
        SELECT ${columns} FROM "SearchEntry" e
         WHERE ${gate} AND ${inSample} AND ${live} AND ${vector} @@ (SELECT match FROM q) AND NOT (${unless}) LIMIT ${most}
      ), ${all} AS MATERIALIZED (
        SELECT ${columns} FROM "SearchEntry" e
         WHERE ${gate} AND (SELECT count(*) FROM ${sample}) < ${limit}
           AND ${live} AND ${vector} @@ (SELECT match FROM q) AND NOT (${unless}) LIMIT ${most}
      )`,
      rows: Prisma.sql`SELECT * FROM ${sample} WHERE (SELECT count(*) FROM ${sample}) >= ${limit} UNION ALL SELECT * FROM ${all}`,
    };
  };
  const head = stage("head", Prisma.sql`e.head`, headColumns, cap, Prisma.sql`true`, keyed);
  const body = stage(
    "body",
    Prisma.sql`e.document`,
    Prisma.sql`e."entityType", e."entityId", e."systemId", e.severity, e.kind, e.title, e.document`,
    CANDIDATES.body,
    Prisma.sql`(SELECT count(*) FROM head) < ${limit}`,
    Prisma.sql`e.head @@ (SELECT match FROM q) OR ${keyed}`,
  );
  // One statement: stage 1 (exact identifiers, then titles and alert names) and, only
  // when that gives fewer than `limit`, stage 2 (the words only in the long text); each
  // stage from its sample when that holds a page of matches, else from all matches.
  const rows = await client.$queryRaw<Row[]>`
    WITH q AS MATERIALIZED (SELECT ${match} AS match), keyed AS MATERIALIZED (
      SELECT ${headColumns} FROM "SearchEntry" e WHERE ${live} AND ${keyed} LIMIT ${cap}
    ), ${head.ctes}, head AS MATERIALIZED (
      SELECT c."entityType", c."entityId", c."systemId", c.severity, c.kind, c.title,
             ((CASE WHEN c.keys @> ARRAY[${lower}::text] THEN 2 ELSE 0 END) + 1 + ts_rank(c.head, (SELECT match FROM q)))::float8 AS score
        FROM (SELECT * FROM keyed UNION ALL ${head.rows}) c
       ORDER BY score DESC, c.title
       LIMIT ${limit}
    ), ${body.ctes}, body AS (
      SELECT c."entityType", c."entityId", c."systemId", c.severity, c.kind, c.title,
             (0.5 * ts_rank(c.document, (SELECT match FROM q)))::float8 AS score
        FROM (${body.rows}) c
       ORDER BY score DESC, c.title
       LIMIT ${limit}
    ), ranked AS (
      SELECT * FROM head UNION ALL SELECT * FROM body ORDER BY score DESC, title LIMIT ${limit}
    )
    SELECT h."entityType", h."entityId", h."systemId", h.severity, h.kind, h.title, h.score,
           s.slug AS "systemSlug", s.name AS "systemName",
           ts_headline('english', t.body, (SELECT match FROM q),
             'StartSel=${Prisma.raw(MARK_START)}, StopSel=${Prisma.raw(MARK_END)}, MaxFragments=2, MaxWords=18, MinWords=6, FragmentDelimiter=" … "') AS snippet
      FROM ranked h
      JOIN "SearchEntry" t ON t."entityType" = h."entityType" AND t."entityId" = h."entityId"
      LEFT JOIN "System" s ON s.id = h."systemId"
     ORDER BY h.score DESC, h.title`;
  return rows.map(({ entityType, entityId, ...row }) => ({ ...row, type: entityType as EntryType, id: entityId }));
}

/** Words of `q` the lexicon does not know, each replaced by the closest word it does. */
async function correct(client: PrismaClient, q: string): Promise<string | null> {
  // Identifiers (words with digits) are not corrected: the lexicon holds only words of letters.
  const words = [...new Set(queryWords(q).filter((w) => w.length >= 3 && w.length <= 40 && /^\p{L}+$/u.test(w)))];
  if (words.length === 0) return null;
  // For each unknown word, the nearest known word by trigram distance (a GiST index
  // walk), kept when similar enough. Known words skip the walk.
  const fixes = await client.$queryRaw<{ w: string; fix: string }[]>`
    SELECT q.w, n.word AS fix
      FROM unnest(${words}::text[]) AS q(w)
      CROSS JOIN LATERAL (
        SELECT word FROM "SearchWord"
         WHERE NOT EXISTS (SELECT 1 FROM "SearchWord" k WHERE k.word = q.w)
         ORDER BY word <-> q.w LIMIT 1) n
     WHERE similarity(n.word, q.w) >= 0.3`;
  const replacement = new Map(fixes.map((f) => [f.w, f.fix]));
  if (replacement.size === 0) return null;
  return queryWords(q)
    .map((word) => replacement.get(word) ?? word)
    .join(" ");
}

/**
 * All words first. When that finds fewer than three entries, the words the lexicon
 * does not know are searched again corrected; when still nothing is found, any of
 * the words will do. Earlier results keep their place.
 */
export async function searchWith(client: PrismaClient, params: SearchParams): Promise<SearchResult> {
  const q = params.q.trim();
  if (!q) return { hits: [], correctedQuery: null };
  const limit = params.limit ?? 20;
  // The spelling check runs beside the search (a cheap lookup when every word is known),
  // so a typo costs one more search, not two more round trips.
  const [first, corrected] = await Promise.all([run(client, q, params), correct(client, q)]);
  let hits = first;
  const add = (more: SearchHit[]) => {
    const fresh = more.filter((hit) => !hits.some((h) => h.type === hit.type && h.id === hit.id));
    hits = [...hits, ...fresh].slice(0, limit);
    return fresh.length;
  };
  if (hits.length >= FEW) return { hits, correctedQuery: null };
  const correctedFound = corrected ? add(await run(client, corrected, params)) : 0;
  if (hits.length === 0) add(await run(client, corrected ?? q, params, "any"));
  return { hits, correctedQuery: corrected && (correctedFound || hits.length) ? corrected : null };
}
