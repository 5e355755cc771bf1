-- CreateTable
CREATE TABLE "CacheInvalidation" (
    "seq" BIGSERIAL NOT NULL,
    "xid" xid8 NOT NULL DEFAULT pg_current_xact_id(),
    "tags" TEXT[],
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CacheInvalidation_pkey" PRIMARY KEY ("seq")
);

-- CreateIndex
CREATE INDEX "CacheInvalidation_xid_idx" ON "CacheInvalidation"("xid");

-- CreateIndex
CREATE INDEX "CacheInvalidation_at_idx" ON "CacheInvalidation"("at");

-- Every statement that writes what a cached page shows, or who is signed in, records
-- the tags it made stale, in its own transaction: a page, an import, the API, a restore,
-- a review mark, a seed or a hand-written UPDATE alike. One row per statement, however
-- many rows it wrote. Arguments: the tag prefix, then the columns holding the ids.
CREATE FUNCTION "cache_invalidate"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  found TEXT[] := '{}';
  more TEXT[];
  i INT;
BEGIN
  FOR i IN 1 .. TG_NARGS - 1 LOOP
    IF TG_OP <> 'DELETE' THEN
      EXECUTE format('SELECT array_agg(DISTINCT %L || %I) FROM new_rows WHERE %I IS NOT NULL', TG_ARGV[0], TG_ARGV[i], TG_ARGV[i]) INTO more;
      found := found || coalesce(more, '{}');
    END IF;
    IF TG_OP <> 'INSERT' THEN
      EXECUTE format('SELECT array_agg(DISTINCT %L || %I) FROM old_rows WHERE %I IS NOT NULL', TG_ARGV[0], TG_ARGV[i], TG_ARGV[i]) INTO more;
      found := found || coalesce(more, '{}');
    END IF;
  END LOOP;
  IF cardinality(found) > 0 THEN
    INSERT INTO "CacheInvalidation" ("tags") SELECT array_agg(DISTINCT tag) FROM unnest(found) AS tag;
  END IF;
  RETURN NULL;
END $$;

-- TRUNCATE says nothing of its rows: everything is stale.
CREATE FUNCTION "cache_invalidate_all"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "CacheInvalidation" ("tags") VALUES ('{*}');
  RETURN NULL;
END $$;

DO $$
DECLARE
  target RECORD;
BEGIN
  FOR target IN SELECT * FROM (VALUES
    ('System', 'system:', 'id', NULL),
    ('Dependency', 'system:', 'systemId', 'dependsOnSystemId'),
    ('FailureMode', 'system:', 'systemId', NULL),
    ('RemediationProcedure', 'system:', 'systemId', NULL),
    ('EscalationLevel', 'system:', 'systemId', NULL),
    ('Contact', 'contact:', 'id', NULL),
    ('User', 'user:', 'id', NULL),
    ('Session', 'session:', 'id', NULL)
  ) AS t(tbl, prefix, col1, col2) LOOP
    -- A new session makes nothing stale: nothing cached can name it yet.
    IF target.tbl <> 'Session' THEN
      EXECUTE format('CREATE TRIGGER %I AFTER INSERT ON %I REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate"(%L, %L%s)',
        target.tbl || '_cache_insert', target.tbl, target.prefix, target.col1, coalesce(', ' || quote_literal(target.col2), ''));
    END IF;
    EXECUTE format('CREATE TRIGGER %I AFTER UPDATE ON %I REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate"(%L, %L%s)',
      target.tbl || '_cache_update', target.tbl, target.prefix, target.col1, coalesce(', ' || quote_literal(target.col2), ''));
    EXECUTE format('CREATE TRIGGER %I AFTER DELETE ON %I REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate"(%L, %L%s)',
      target.tbl || '_cache_delete', target.tbl, target.prefix, target.col1, coalesce(', ' || quote_literal(target.col2), ''));
    EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION "cache_invalidate_all"()', target.tbl || '_cache_truncate', target.tbl);
  END LOOP;
END $$;
