import "server-only";
import { db } from "@/lib/db";
import { portalSettings } from "@/lib/portal-settings";
import { Prisma } from "@/lib/generated/prisma/client";
import { COUNTED_DRILL } from "@/lib/runs/drills";
import { readinessOf, type Readiness, type ReadinessFacts, type ReadinessRuleId } from "./rules";

// The facts the readiness rules read (lib/readiness/rules.ts), for every live system in
// one query: counts per system from each table, never a row per entry to the app.

type FactRow = Omit<ReadinessFacts, "exceptions"> & { exceptions: unknown };

/** Readiness facts of live systems: every one, or those in `ids`. */
export async function readinessFacts(ids?: string[], now = new Date()): Promise<ReadinessFacts[]> {
  // Each part reads only the systems asked for: one system's checklist costs what one system holds.
  const only = (column: string) => (ids ? Prisma.sql`AND ${Prisma.raw(column)} = ANY(${ids})` : Prisma.empty);
  const rows = await db.$queryRaw<FactRow[]>`
    WITH fm AS (
      SELECT f."systemId",
             count(*)::int AS "failureModes",
             (count(*) FILTER (WHERE cardinality(f."alertNames") = 0))::int AS "withoutAlerts",
             (count(*) FILTER (WHERE f."severity" = 'UNKNOWN'))::int AS "unknownSeverity",
             (count(*) FILTER (WHERE cardinality(f."immediateActions") = 0))::int AS "withoutActions",
             (count(*) FILTER (WHERE NOT f."hasProcedure"))::int AS "withoutProcedure",
             (array_agg(f."id" ORDER BY f."severity", f."title") FILTER (
               WHERE cardinality(f."alertNames") = 0 OR f."severity" = 'UNKNOWN' OR cardinality(f."immediateActions") = 0 OR NOT f."hasProcedure"))[1] AS "firstIncompleteFailureMode"
      FROM (
        SELECT f.*, EXISTS (
          SELECT 1 FROM "_FailureModeToRemediationProcedure" j JOIN "RemediationProcedure" p ON p."id" = j."B"
          WHERE j."A" = f."id" AND p."deletedAt" IS NULL) AS "hasProcedure"
        FROM "FailureMode" f WHERE f."deletedAt" IS NULL ${only('f."systemId"')}
      ) f
      GROUP BY f."systemId"
    ), procs AS (
      SELECT p."systemId",
             count(*)::int AS "procedures",
             sum(p."withoutExpected")::int AS "stepsWithoutExpected",
             (array_agg(p."id" ORDER BY p."title") FILTER (WHERE p."withoutExpected" > 0))[1] AS "firstProcedureWithoutExpected",
             (count(*) FILTER (WHERE p."lastDrill" IS NULL))::int AS "neverDrilled",
             -- overdue as drillStatus (lib/runs/drill-status.ts) says it: the interval has passed since the last counted drill
             (count(*) FILTER (WHERE p."lastDrill" + make_interval(days => p."drillIntervalDays") <= ${now}))::int AS "drillOverdue",
             (array_agg(p."id" ORDER BY p."lastDrill" NULLS FIRST, p."title") FILTER (
               WHERE p."lastDrill" IS NULL OR p."lastDrill" + make_interval(days => p."drillIntervalDays") <= ${now}))[1] AS "firstUndrilledProcedure"
      FROM (
        SELECT p."id", p."systemId", p."title", p."drillIntervalDays",
               (SELECT count(*) FROM jsonb_array_elements(p."steps") st
                 WHERE coalesce(st ->> 'command', '') <> '' AND coalesce(st ->> 'expectedResult', '') = '') AS "withoutExpected",
               (SELECT max(r."endedAt") FROM "Run" r WHERE r."procedureId" = p."id" AND ${COUNTED_DRILL}) AS "lastDrill"
        FROM "RemediationProcedure" p WHERE p."deletedAt" IS NULL ${only('p."systemId"')}
      ) p
      GROUP BY p."systemId"
    ), levels AS (
      SELECT e."systemId", count(*)::int AS "levelsWithContacts"
      FROM "EscalationLevel" e
      WHERE e."deletedAt" IS NULL ${only('e."systemId"')} AND EXISTS (
        SELECT 1 FROM "_ContactToEscalationLevel" j JOIN "Contact" c ON c."id" = j."A" WHERE j."B" = e."id" AND c."deletedAt" IS NULL)
      GROUP BY e."systemId"
    )
    SELECT s."id", s."slug", s."name", s."tier"::text AS "tier", s."version",
           (o."id" IS NOT NULL) AS "hasOwner", (b."id" IS NOT NULL) AS "hasBackupOwner",
           (coalesce(o."kind" = 'TEAM', false) OR coalesce(b."kind" = 'TEAM', false)) AS "hasOwningTeam",
           s."onCall", s."lastReviewedAt", s."reviewIntervalDays", s."readinessExceptions" AS "exceptions",
           coalesce(fm."failureModes", 0) AS "failureModes", coalesce(fm."withoutAlerts", 0) AS "withoutAlerts",
           coalesce(fm."unknownSeverity", 0) AS "unknownSeverity", coalesce(fm."withoutActions", 0) AS "withoutActions",
           coalesce(fm."withoutProcedure", 0) AS "withoutProcedure", fm."firstIncompleteFailureMode",
           coalesce(procs."procedures", 0) AS "procedures", coalesce(procs."stepsWithoutExpected", 0) AS "stepsWithoutExpected",
           procs."firstProcedureWithoutExpected", coalesce(procs."neverDrilled", 0) AS "neverDrilled",
           coalesce(procs."drillOverdue", 0) AS "drillOverdue", procs."firstUndrilledProcedure",
           coalesce(levels."levelsWithContacts", 0) AS "levelsWithContacts"
    FROM "System" s
    LEFT JOIN "Contact" o ON o."id" = s."ownerId" AND o."deletedAt" IS NULL
    LEFT JOIN "Contact" b ON b."id" = s."backupOwnerId" AND b."deletedAt" IS NULL
    LEFT JOIN fm ON fm."systemId" = s."id"
    LEFT JOIN procs ON procs."systemId" = s."id"
    LEFT JOIN levels ON levels."systemId" = s."id"
    WHERE s."deletedAt" IS NULL ${only('s."id"')}
    ORDER BY s."name", s."id"`;
  return rows.map(({ exceptions, ...row }) => ({ ...row, exceptions: (Array.isArray(exceptions) ? exceptions : []) as { rule: ReadinessRuleId; reason: string }[] }));
}

/** How long the facts of every system are reused while nothing is written (time alone makes reviews and drills due). */
const REUSE_MS = 60_000;

let lastAll: { stamp: string; at: number; facts: ReadinessFacts[] } | null = null;

/**
 * Where writes stand: every write to what the checklist reads (entries, contacts, runs)
 * adds a row to "CacheInvalidation" in its own transaction (database triggers), so the
 * highest row and the row count change with each committed write, in whatever order.
 */
async function writesStamp(): Promise<string> {
  const [row] = await db.$queryRaw<{ stamp: string }[]>`SELECT coalesce(max("seq"), 0)::text || ':' || count(*)::text AS "stamp" FROM "CacheInvalidation"`;
  return row!.stamp;
}

/**
 * The facts of every live system, computed again only after a write (or a minute): the
 * dashboard and /readiness read them on every visit, and at thousands of systems the
 * query takes a good part of a second.
 */
export async function allReadinessFacts(): Promise<ReadinessFacts[]> {
  const stamp = await writesStamp();
  const now = Date.now();
  if (lastAll && lastAll.stamp === stamp && now - lastAll.at < REUSE_MS) return lastAll.facts;
  const facts = await readinessFacts(undefined, new Date(now));
  lastAll = { stamp, at: now, facts };
  return facts;
}

export type SystemReadiness = ReadinessFacts & { readiness: Readiness };

/**
 * Every live system (or those in `ids`) with its checklist, worst first: most unmet
 * checks, then tier, then name. At a given `now` (tests), the facts are read afresh.
 */
export async function listReadiness(ids?: string[], now?: Date): Promise<SystemReadiness[]> {
  const [facts, settings] = await Promise.all([ids || now ? readinessFacts(ids, now) : allReadinessFacts(), portalSettings()]);
  now ??= new Date();
  const options = { teamScoped: settings.teamScopedEditing };
  return facts
    .map((f) => ({ ...f, readiness: readinessOf(f, now, options) }))
    .sort((a, b) => b.readiness.unmet - a.readiness.unmet || a.tier.localeCompare(b.tier) || a.name.localeCompare(b.name));
}
