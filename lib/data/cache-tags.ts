import { ANY_WRITE_TAG } from "@/lib/server/invalidations";
import { cacheDependsOn } from "@/lib/http/request-context";

// What a page kept by the page cache (lib/server/page-cache.ts) depends on, in one place:
// the kinds of tags, and the tables whose every write records them. A database trigger on
// each table below records, in the writing transaction, the tag of every row it touched
// ("system:" and the row's systemId, …; prisma/migrations/*_cache_invalidation, *_runs,
// *_change_requests), and a cached page that named one of those tags is rendered again.
// The read functions of cached pages name their tags here (`shows`), so pages never
// restate them; cache-tags.test.ts holds the database's triggers to this table list.

export type TagKind = "system" | "contact" | "user" | "session" | "setting" | "alert";

type Watched = {
  tag: TagKind;
  /** the columns whose values, prefixed with the tag kind, are the tags a write records */
  columns: string[];
  /** writes that record nothing: a new session names nothing cached yet; runs and change requests are never deleted */
  quiet?: ("insert" | "delete")[];
};

export const WATCHED_TABLES: Record<string, Watched> = {
  System: { tag: "system", columns: ["id"] },
  Dependency: { tag: "system", columns: ["systemId", "dependsOnSystemId"] },
  FailureMode: { tag: "system", columns: ["systemId"] },
  RemediationProcedure: { tag: "system", columns: ["systemId"] },
  EscalationLevel: { tag: "system", columns: ["systemId"] },
  Run: { tag: "system", columns: ["systemId"], quiet: ["delete"] },
  ChangeRequest: { tag: "system", columns: ["systemId"], quiet: ["delete"] },
  Contact: { tag: "contact", columns: ["id"] },
  User: { tag: "user", columns: ["id"] },
  Session: { tag: "session", columns: ["id"], quiet: ["insert"] },
  // What a person may edit under team-scoped editing: their teams, and the portal's settings.
  TeamMember: { tag: "user", columns: ["userId"] },
  Setting: { tag: "setting", columns: ["key"] },
  // The overview's review footer: who watches it, when it was reminded, and the team's destinations.
  Watch: { tag: "system", columns: ["systemId"] },
  Reminder: { tag: "system", columns: ["systemId"] },
  Destination: { tag: "contact", columns: ["teamId"] },
  // What is firing: the pages of the failure modes listing an alert name show it.
  Alert: { tag: "alert", columns: ["nameKey"] },
};

/** The tag of one row: what a page showing it depends on. */
function tagOf(kind: TagKind, id: string): string {
  return `${kind}:${id}`;
}

/** Declares that the page being rendered shows these rows (ids may be missing: no link, nothing shown). */
export function shows(kind: TagKind, ids: Iterable<string | null | undefined>) {
  cacheDependsOn([...ids].filter((id): id is string => !!id).map((id) => tagOf(kind, id)));
}

/**
 * Declares that the page being rendered shows data from across the portal (a list, search
 * results, the dashboard): kept only until the next write to any runbook data.
 */
export function showsEverything() {
  cacheDependsOn([ANY_WRITE_TAG]);
}
