import { NextResponse, type NextRequest } from "next/server";
import { getCurrentUser } from "@/lib/session";
import { search } from "@/lib/search";
import { searchQuerySchema } from "@/lib/validation/search";
import { ENTITIES, entryHref } from "@/lib/entries";

// Suggestions for the header search box: the same search as /search, fewer results.

export async function GET(request: NextRequest) {
  const user = await getCurrentUser();
  if (!user) return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const query = searchQuerySchema.parse(Object.fromEntries(request.nextUrl.searchParams));
  if (!query.q) return NextResponse.json({ hits: [], correctedQuery: null });
  const result = await search({
    q: query.q,
    types: query.type ? [query.type] : undefined,
    systemId: query.system,
    severity: query.severity,
    limit: query.limit,
  });
  return NextResponse.json(
    {
      correctedQuery: result.correctedQuery,
      hits: result.hits.map((hit) => ({
        type: hit.type,
        id: hit.id,
        title: hit.title,
        href: entryHref(hit.type, hit.id, hit.systemSlug),
        // the system an entry belongs to; none for a system itself
        systemName: ENTITIES[hit.type].ofSystem ? hit.systemName : null,
        severity: hit.severity,
        snippet: hit.snippet,
      })),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}
