import "server-only";
import { db } from "@/lib/db";
import type { EntryType } from "@/lib/entries";
import { searchWith, type SearchParams } from "./engine";

export type { SearchHit, SearchParams, SearchResult } from "./engine";

export function search(params: SearchParams) {
  return searchWith(db, params);
}

/** Ids of the entries of one type that match `q`, best first: what browse pages filter by. */
export async function matchingIds(type: EntryType, q: string, limit = 500) {
  const { hits } = await searchWith(db, { q, types: [type], limit });
  return hits.map((hit) => hit.id);
}
