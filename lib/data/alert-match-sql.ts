// The one query that tells which failure modes an alert name means (/alerts/<name>, the
// API, chat): live failure modes of live systems listing the name, exactly but for case.
// Plain SQL with $1, so the portal's server answers /alerts/<name> with it before any page
// machinery runs (lib/server/page-cache.ts), and Prisma runs the same text.
export const ALERT_MATCH_SQL = `
  SELECT fm.id FROM "FailureMode" fm
  WHERE fm."deletedAt" IS NULL
    AND lower_names(fm."alertNames") @> ARRAY[lower($1)]
    -- per match, not a join: the planner cannot tell how few the matches are and would read every system
    AND (SELECT s."deletedAt" IS NULL FROM "System" s WHERE s.id = fm."systemId")`;

/** What /alerts/<name> accepts as a name: what monitoring sends, no control characters, at most 200 characters. */
export function alertNameFromPath(raw: string): string | null {
  const name = raw.trim();
  return name.length >= 1 && name.length <= 200 && !/[\u0000-\u001f\u007f]/.test(name) ? name : null;
}
