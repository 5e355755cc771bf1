import "server-only";
import { db } from "@/lib/db";
import { shows } from "@/lib/data/cache-tags";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Severity } from "@/lib/generated/prisma/enums";

// What is firing now, for the pages that show it: a failure mode's banner, the overview's
// marks, the dashboard's "Firing now", and the alerts that fired with no runbook. Alert
// names match failure modes as /alerts/<name> does (any case). Every read names the alert
// names it shows, so a cached page is rendered again on the next request after an alert
// with one of them arrives (lib/data/cache-tags.ts).

const DAY = 24 * 60 * 60 * 1000;

export type FiringAlert = {
  id: string;
  name: string;
  startsAt: Date;
  labels: Record<string, string>;
  summary: string;
  generatorUrl: string;
  silenceUrl: string;
  incidentRef: string | null;
};

const keysOf = (names: string[]) => [...new Set(names.map((name) => name.toLowerCase()))];

/** The alerts firing now under these names, oldest first. */
export async function firingFor(alertNames: string[]): Promise<FiringAlert[]> {
  const keys = keysOf(alertNames);
  shows("alert", keys);
  if (!keys.length) return [];
  const rows = await db.alert.findMany({
    where: { nameKey: { in: keys }, state: "FIRING" },
    orderBy: { startsAt: "asc" },
    take: 50,
    select: { id: true, name: true, startsAt: true, labels: true, annotations: true, generatorUrl: true, silenceUrl: true, incidentRef: true },
  });
  return rows.map((row) => ({ ...row, labels: row.labels as Record<string, string>, summary: (row.annotations as Record<string, string>).summary ?? "" }));
}

/** How often these alerts fired in the last 30 days, and when last. */
export async function firingHistory(alertNames: string[], now = new Date()) {
  const keys = keysOf(alertNames);
  shows("alert", keys);
  if (!keys.length) return { times: 0, last: null };
  const [row] = await db.$queryRaw<{ times: number; last: Date | null }[]>`
    SELECT count(*)::int AS times, max("startsAt") AS last FROM "Alert"
    WHERE "nameKey" = ANY(${keys}) AND "startsAt" > ${new Date(now.getTime() - 30 * DAY)}`;
  return row ?? { times: 0, last: null };
}

/** The labels whose values differ between the firing alerts (what tells them apart), common ones left out. */
export function differingLabels(alerts: { labels: Record<string, string> }[]): string[] {
  if (alerts.length < 2) return Object.keys(alerts[0]?.labels ?? {}).filter((key) => !["alertname", "severity"].includes(key));
  const keys = new Set(alerts.flatMap((alert) => Object.keys(alert.labels)));
  return [...keys].filter((key) => new Set(alerts.map((alert) => alert.labels[key] ?? "")).size > 1).sort();
}

/** Of these alert names, the ones firing now (lower case). */
export async function firingNames(alertNames: string[]): Promise<Set<string>> {
  const keys = keysOf(alertNames);
  shows("alert", keys);
  if (!keys.length) return new Set();
  const rows = await db.alert.findMany({ where: { nameKey: { in: keys }, state: "FIRING" }, distinct: ["nameKey"], select: { nameKey: true } });
  return new Set(rows.map((row) => row.nameKey));
}

export type FiringFailureMode = { id: string; title: string; severity: Severity; systemSlug: string; systemName: string; alerts: number; since: Date; incidentRef: string | null };

/** Where a firing alert meets the failure modes listing its name (any case), of live systems. */
const FIRING_JOIN = Prisma.sql`
    FROM "Alert" a
    JOIN "FailureMode" fm ON lower_names(fm."alertNames") @> ARRAY[a."nameKey"] AND fm."deletedAt" IS NULL
    JOIN "System" s ON s.id = fm."systemId" AND s."deletedAt" IS NULL
    WHERE a.state = 'FIRING'`;

/** The ids of every failure mode with an alert firing now (the list's "firing" filter). */
export async function firingFailureModeIds(): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`SELECT DISTINCT fm.id ${FIRING_JOIN}`;
  return rows.map((row) => row.id);
}

/** Every failure mode with an alert firing now: most severe first, then the longest firing. */
export async function firingNow(): Promise<FiringFailureMode[]> {
  return db.$queryRaw<FiringFailureMode[]>`
    SELECT fm.id, fm.title, fm.severity, s.slug AS "systemSlug", s.name AS "systemName",
           count(*)::int AS alerts, min(a."startsAt") AS since, min(a."incidentRef") AS "incidentRef"
    ${FIRING_JOIN}
    GROUP BY fm.id, fm.title, fm.severity, s.slug, s.name
    ORDER BY fm.severity ASC, min(a."startsAt") ASC
    LIMIT 100`;
}

export type Unwritten = { name: string; times: number; lastAt: Date; firing: boolean; labels: Record<string, string> };

/** Alerts that fired in the last 30 days and that no failure mode lists: runbooks to write. */
export async function firedWithoutRunbook(now = new Date()): Promise<Unwritten[]> {
  return db.$queryRaw<Unwritten[]>`
    SELECT DISTINCT ON (a."nameKey") a.name, counts.times, counts."lastAt", counts.firing, a.labels
    FROM "Alert" a
    JOIN (
      SELECT "nameKey", count(*)::int AS times, max("startsAt") AS "lastAt", bool_or(state = 'FIRING') AS firing
      FROM "Alert" WHERE "startsAt" > ${new Date(now.getTime() - 30 * DAY)} GROUP BY "nameKey"
    ) counts ON counts."nameKey" = a."nameKey"
    WHERE NOT EXISTS (
      SELECT 1 FROM "FailureMode" fm JOIN "System" s ON s.id = fm."systemId"
      WHERE fm."deletedAt" IS NULL AND s."deletedAt" IS NULL AND lower_names(fm."alertNames") @> ARRAY[a."nameKey"])
    ORDER BY a."nameKey", a."startsAt" DESC
    LIMIT 200`;
}

/** An incident opened by alerts, and its alerts' firings and resolutions, for its timeline. */
export async function incidentAlerts(ref: string) {
  const [incident, alerts] = await Promise.all([
    db.incident.findFirst({ where: { ref: { equals: ref, mode: "insensitive" } } }),
    db.alert.findMany({
      where: { incidentRef: { equals: ref, mode: "insensitive" } },
      orderBy: { startsAt: "asc" },
      select: { id: true, name: true, startsAt: true, endsAt: true, state: true, labels: true, generatorUrl: true },
    }),
  ]);
  return { incident, alerts: alerts.map((alert) => ({ ...alert, labels: alert.labels as Record<string, string> })) };
}

/** The systems an editor may file a new failure mode under, by name. */
export async function systemsToPick() {
  return db.system.findMany({ where: { deletedAt: null }, orderBy: { name: "asc" }, select: { slug: true, name: true } });
}
