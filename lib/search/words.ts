import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";

// The spelling lexicon (SearchWord) after a long import. Inside the import's transaction
// the lexicon is left alone (runbook.search_words_later; the search rows are written in
// bulk anyway), so nobody else's save waits on the lexicon's unique index for the whole
// import; the import's words are added by a job (search:words) queued in its transaction,
// from the search rows it wrote, once it has committed. Only "did you mean" depends on them.

/** Marks `tx` as leaving its words for later; returns when it started (its search rows' updatedAt). */
export async function searchWordsLater(tx: Prisma.TransactionClient): Promise<Date> {
  await tx.$executeRawUnsafe(`SELECT set_config('runbook.search_words_later', 'on', true)`);
  const [row] = await tx.$queryRawUnsafe<{ now: Date }[]>(`SELECT now() AS now`);
  return row!.now;
}

/** Adds the words of every search row written since `since` to the lexicon. */
export async function addSearchWordsSince(since: Date): Promise<void> {
  await db.$executeRawUnsafe(
    `INSERT INTO "SearchWord" (word)
     SELECT DISTINCT w FROM "SearchEntry" e, unnest(tsvector_to_array(to_tsvector('simple', e."body"))) AS w
     WHERE e."updatedAt" >= $1 AND length(w) BETWEEN 3 AND 40 AND w ~ '^[[:alpha:]]+$'
     ON CONFLICT DO NOTHING`,
    since,
  );
}
