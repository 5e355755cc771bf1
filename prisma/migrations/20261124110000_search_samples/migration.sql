-- Search at hundreds of thousands of entries. A word in tens of thousands of them
-- ("timeout", "kubectl rollout") makes a GIN index read posting lists of tens of
-- thousands of entries before a few hundred are ranked: 30-60 ms at 20,000 systems.
-- So entries fall into nested, fixed samples of the whole by a hash of their id:
-- "sample" >= 1 for 1 entry in 8, >= 2 for 1 in 64, >= 3 for 1 in 512, each with its
-- own small indexes. A search first ranks the matches in a sample of about a thousand
-- entries; only when that finds too few does it read every match, which is then a
-- short list.

-- AlterTable
ALTER TABLE "SearchEntry" ADD COLUMN "sample" INTEGER NOT NULL DEFAULT 0;

CREATE FUNCTION search_sample(id text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT count(*)::integer FROM generate_series(1, 3) AS level WHERE hashtext(id) & ((1 << (3 * level)) - 1) = 0
$$;

CREATE OR REPLACE FUNCTION search_upsert(
  p_type "EntityType", p_id text, p_system text, p_severity "Severity", p_kind text, p_title text,
  a text, b text, c text, d text, p_keys text[], p_deleted boolean
) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  head tsvector;
  doc tsvector;
  system_deleted boolean := false;
BEGIN
  a := search_plain(a); b := search_plain(b); c := search_plain(c); d := search_plain(d);
  -- English stems for words, unstemmed words for prefixes and identifiers, in one vector.
  head := setweight(to_tsvector('english', a) || to_tsvector('simple', a), 'A');
  doc := head
      || setweight(to_tsvector('english', b) || to_tsvector('simple', b), 'B')
      || setweight(to_tsvector('english', c) || to_tsvector('simple', c), 'C')
      || setweight(to_tsvector('english', d) || to_tsvector('simple', d), 'D');
  IF p_type <> 'SYSTEM' AND p_system IS NOT NULL THEN
    SELECT s."deletedAt" IS NOT NULL INTO system_deleted FROM "System" s WHERE s.id = p_system;
  END IF;
  INSERT INTO "SearchEntry" AS e ("entityType", "entityId", "systemId", "severity", "kind", "title", "body", "keys",
                                  "deleted", "systemDeleted", "head", "document", "sample", "updatedAt")
  VALUES (p_type, p_id, p_system, p_severity, p_kind, p_title, concat_ws(E'\n', a, b, c, d),
          ARRAY(SELECT DISTINCT k FROM unnest(p_keys) k WHERE k IS NOT NULL AND k <> ''),
          p_deleted, coalesce(system_deleted, false), head, doc, search_sample(p_id), now())
  ON CONFLICT ("entityType", "entityId") DO UPDATE SET
    "systemId" = EXCLUDED."systemId", "severity" = EXCLUDED."severity", "kind" = EXCLUDED."kind",
    "title" = EXCLUDED."title", "body" = EXCLUDED."body", "keys" = EXCLUDED."keys",
    "deleted" = EXCLUDED."deleted", "systemDeleted" = EXCLUDED."systemDeleted",
    "head" = EXCLUDED."head", "document" = EXCLUDED."document", "updatedAt" = now();
  INSERT INTO "SearchWord" (word)
    SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', concat_ws(' ', a, b, c, d)))) AS w
    WHERE length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alpha:]]+$'
  ON CONFLICT DO NOTHING;
END;
$$;

-- Entries written before this migration (1 in 8 is in a sample).
UPDATE "SearchEntry" SET "sample" = search_sample("entityId") WHERE hashtext("entityId") & 7 = 0;

-- The samples' own indexes: together a seventh of the size of the whole's.
CREATE INDEX "SearchEntry_head_sample1_idx" ON "SearchEntry" USING gin ("head") WITH (fastupdate = off) WHERE NOT "deleted" AND NOT "systemDeleted" AND "sample" >= 1;
CREATE INDEX "SearchEntry_head_sample2_idx" ON "SearchEntry" USING gin ("head") WITH (fastupdate = off) WHERE NOT "deleted" AND NOT "systemDeleted" AND "sample" >= 2;
CREATE INDEX "SearchEntry_head_sample3_idx" ON "SearchEntry" USING gin ("head") WITH (fastupdate = off) WHERE NOT "deleted" AND NOT "systemDeleted" AND "sample" >= 3;
CREATE INDEX "SearchEntry_document_sample1_idx" ON "SearchEntry" USING gin ("document") WITH (fastupdate = off) WHERE NOT "deleted" AND NOT "systemDeleted" AND "sample" >= 1;
CREATE INDEX "SearchEntry_document_sample2_idx" ON "SearchEntry" USING gin ("document") WITH (fastupdate = off) WHERE NOT "deleted" AND NOT "systemDeleted" AND "sample" >= 2;
CREATE INDEX "SearchEntry_document_sample3_idx" ON "SearchEntry" USING gin ("document") WITH (fastupdate = off) WHERE NOT "deleted" AND NOT "systemDeleted" AND "sample" >= 3;

-- The last word of a query is a prefix ("invoice pars"): it is looked up in the word
-- lexicon (SP-GiST answers "starts with" at once) and searched as the words it begins,
-- rather than as a prefix in the GIN index, which reads every posting of every word it
-- begins (15 ms for "refused:*" at 20,000 systems).
CREATE INDEX "SearchWord_word_prefix_idx" ON "SearchWord" USING spgist ("word");
