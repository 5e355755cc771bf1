import { z } from "zod";
import { Severity } from "@/lib/generated/prisma/enums";
import { ENTRY_TYPE_LIST, type EntryType } from "@/lib/entries";

const entryTypes = ENTRY_TYPE_LIST as [EntryType, ...EntryType[]];

/** What /search and /api/search accept; anything else is dropped, not an error. */
export const searchQuerySchema = z.object({
  // Control characters (a NUL byte above all, which PostgreSQL cannot even compare) are never part of a search.
  q: z
    .string()
    .transform((q) => q.replace(/[\u0000-\u001f\u007f]/g, " ").trim())
    .pipe(z.string().max(200))
    .catch("")
    .default(""),
  type: z.enum(entryTypes).optional().catch(undefined),
  system: z.string().trim().min(1).max(40).optional().catch(undefined),
  severity: z.enum(Severity).optional().catch(undefined),
  limit: z.coerce.number().int().min(1).max(50).catch(20).default(20),
});

export type SearchQuery = z.infer<typeof searchQuerySchema>;
