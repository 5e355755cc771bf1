-- Search at hundreds of thousands of entries. A word in tens of thousands of them
-- ("timeout", "kubectl rollout") makes a GIN index read posting lists of tens of
-- thousands of entries before a few hundred are ranked: 30-60 ms at 20,000 systems.
-- So entries fall into nested, fixed samples of the whole by a hash of their id:
-- "sample" >= 1 for 1 entry in 8, >= 2 for 1 in 64, >= 3 for 1 in 512, each with its
-- own small indexes. A search first ranks the matches in a sample of about a thousand
-- entries; only when that finds too few does it read every match, which is then a
-- short list.

CREATE FUNCTION search_sample(id text) RETURNS integer LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT count(*)::integer FROM generate_series(1, 3) AS level WHERE hashtext(id) & ((1 << (3 * level)) - 1) = 0
$$;

-- AlterTable: computed by the database from the id, for the rows there are and every new one.
ALTER TABLE "SearchEntry" ADD COLUMN "sample" INTEGER NOT NULL GENERATED ALWAYS AS (search_sample("entityId")) STORED;

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
