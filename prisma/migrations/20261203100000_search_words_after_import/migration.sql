-- Hand-written: search_upsert as before (20261122150000_search), except that a transaction
-- may leave the spelling lexicon for later.
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
                                  "deleted", "systemDeleted", "head", "document", "updatedAt")
  VALUES (p_type, p_id, p_system, p_severity, p_kind, p_title, concat_ws(E'\n', a, b, c, d),
          ARRAY(SELECT DISTINCT k FROM unnest(p_keys) k WHERE k IS NOT NULL AND k <> ''),
          p_deleted, coalesce(system_deleted, false), head, doc, now())
  ON CONFLICT ("entityType", "entityId") DO UPDATE SET
    "systemId" = EXCLUDED."systemId", "severity" = EXCLUDED."severity", "kind" = EXCLUDED."kind",
    "title" = EXCLUDED."title", "body" = EXCLUDED."body", "keys" = EXCLUDED."keys",
    "deleted" = EXCLUDED."deleted", "systemDeleted" = EXCLUDED."systemDeleted",
    "head" = EXCLUDED."head", "document" = EXCLUDED."document", "updatedAt" = now();
  -- A long import sets runbook.search_words_later: it adds its words after it commits
  -- (lib/search/words.ts), so a save that uses a word the import brought in does not wait
  -- for the import on the lexicon's unique index.
  IF coalesce(current_setting('runbook.search_words_later', true), '') <> 'on' THEN
    INSERT INTO "SearchWord" (word)
      SELECT w FROM unnest(tsvector_to_array(to_tsvector('simple', concat_ws(' ', a, b, c, d)))) AS w
      WHERE length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alpha:]]+$'
    ON CONFLICT DO NOTHING;
  END IF;
END;
$$;
