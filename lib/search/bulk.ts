import "server-only";
import type { Prisma } from "@/lib/generated/prisma/client";
import { ENTITIES } from "@/lib/entries";
import type { EntityType } from "@/lib/generated/prisma/enums";
import { bulkSearchSql, searchedTypes, SEARCH_IN_BULK } from "@/lib/db/triggers-sql";

// Search rows written in bulk, for a write of thousands of entries (an import). Search stays
// immediate: the rows are written in the same transaction, before it commits, but one
// statement per table for everything the transaction wrote instead of one trigger call per
// row. The rows are the ones the triggers write (the same expressions, lib/db/triggers-sql.ts).

/** The ids a bulk write touched, by type. */
export class Written {
  private readonly ids = new Map<EntityType, Set<string>>();
  add(type: EntityType, id: string) {
    const set = this.ids.get(type) ?? new Set<string>();
    set.add(id);
    this.ids.set(type, set);
  }
  of(type: EntityType): string[] {
    return [...(this.ids.get(type) ?? [])];
  }
}

/**
 * Runs `work` in `tx` with the search triggers standing aside, then writes the search rows
 * of every entry it recorded as written, one statement per table. `work` must record every
 * entry it creates, changes or deletes.
 */
export async function indexingInBulk<T>(tx: Prisma.TransactionClient, work: (written: Written) => Promise<T>): Promise<T> {
  const written = new Written();
  await tx.$executeRawUnsafe(`SELECT set_config('${SEARCH_IN_BULK}', 'on', true)`);
  const result = await work(written);
  await tx.$executeRawUnsafe(`SELECT set_config('${SEARCH_IN_BULK}', 'off', true)`);
  for (const desc of searchedTypes()) {
    const ids = written.of(desc.type);
    if (ids.length) await tx.$executeRawUnsafe(bulkSearchSql(desc), ids);
  }
  // The children of a system deleted or restored leave search with it, or come back (what
  // the system's trigger does for one).
  const systems = written.of("SYSTEM");
  if (systems.length) {
    await tx.$executeRawUnsafe(
      `UPDATE "SearchEntry" e SET "systemDeleted" = s."deletedAt" IS NOT NULL
         FROM "System" s
        WHERE s.id = ANY($1::text[]) AND e."systemId" = s.id AND e."entityType" <> '${ENTITIES.SYSTEM.type}'
          AND e."systemDeleted" IS DISTINCT FROM (s."deletedAt" IS NOT NULL)`,
      systems,
    );
  }
  return result;
}
