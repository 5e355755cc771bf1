import "server-only";
import { db } from "@/lib/db";
import type { EntityType, RunKind, RunStatus, StepOutcome } from "@/lib/generated/prisma/enums";
import { describe, headingOf } from "@/lib/entries";
import { incidentRefSchema } from "@/lib/validation/runs";
import { RUN_LIST_SELECT } from "./runs";
import { incidentAlerts } from "@/lib/alerts/firing";

// An incident's small post-incident timeline: every run and every saved change that names
// its reference (matched but for case), and the changes made from those runs, in time order.

export type TimelineEvent =
  | { kind: "run-started"; at: Date; runId: string; runKind: RunKind; procedure: string; who: string }
  | { kind: "step"; at: Date; runId: string; procedure: string; step: number; outcome: StepOutcome; reason: string; observed: string; who: string }
  | { kind: "run-ended"; at: Date; runId: string; procedure: string; status: RunStatus; summary: string; who: string }
  | { kind: "revision"; at: Date; entityType: EntityType; entityId: string; title: string; version: number; changeNote: string; who: string; runId: string | null }
  | { kind: "alert-fired" | "alert-resolved"; at: Date; name: string; labels: Record<string, string>; generatorUrl: string; who: string };

/** The runs naming `ref` but for case, newest first (the index on lower("incidentRef")). */
async function runIdsNaming(ref: string, limit = 1000) {
  return db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Run" WHERE lower("incidentRef") = lower(${ref}) AND "incidentRef" IS NOT NULL ORDER BY "startedAt" DESC LIMIT ${limit}`;
}

export async function incidentTimeline(ref: string) {
  const [runIds, revisionIds, fromAlerts] = await Promise.all([
    runIdsNaming(ref),
    db.$queryRaw<{ id: string }[]>`SELECT "id" FROM "Revision" WHERE lower("incidentRef") = lower(${ref}) AND "incidentRef" IS NOT NULL`,
    incidentAlerts(ref),
  ]);
  const runs = await db.run.findMany({
    where: { id: { in: runIds.map((r) => r.id) } },
    include: { procedure: { select: { title: true, system: { select: { slug: true, name: true } } } }, steps: { where: { outcome: { not: "PENDING" } } } },
  });
  const revisions = await db.revision.findMany({
    // Account changes are for admins' eyes only (the users page), never on a shared timeline.
    where: { entityType: { not: "USER" }, OR: [{ id: { in: revisionIds.map((r) => r.id) } }, { runId: { in: runs.map((r) => r.id) } }] },
    select: { id: true, entityType: true, entityId: true, version: true, changeNote: true, authorName: true, createdAt: true, snapshot: true, runId: true },
  });
  const events: TimelineEvent[] = [];
  for (const run of runs) {
    const procedure = run.procedure.title;
    events.push({ kind: "run-started", at: run.startedAt, runId: run.id, runKind: run.kind, procedure, who: run.startedByName });
    for (const step of run.steps) {
      events.push({ kind: "step", at: step.markedAt!, runId: run.id, procedure, step: step.index + 1, outcome: step.outcome, reason: step.reason, observed: step.observed, who: step.markedByName ?? "" });
    }
    if (run.endedAt) events.push({ kind: "run-ended", at: run.endedAt, runId: run.id, procedure, status: run.status, summary: run.summary, who: run.endedByName ?? "" });
  }
  for (const revision of revisions) {
    events.push({
      kind: "revision",
      at: revision.createdAt,
      entityType: revision.entityType,
      entityId: revision.entityId,
      title: headingOf(describe(revision.entityType), revision.snapshot as Record<string, unknown>),
      version: revision.version,
      changeNote: revision.changeNote,
      who: revision.authorName,
      runId: revision.runId,
    });
  }
  for (const alert of fromAlerts.alerts) {
    const source = alert.labels.instance ? `monitoring (${alert.labels.instance})` : "monitoring";
    events.push({ kind: "alert-fired", at: alert.startsAt, name: alert.name, labels: alert.labels, generatorUrl: alert.generatorUrl, who: source });
    if (alert.state === "RESOLVED" && alert.endsAt) events.push({ kind: "alert-resolved", at: alert.endsAt, name: alert.name, labels: alert.labels, generatorUrl: alert.generatorUrl, who: source });
  }
  events.sort((a, b) => a.at.getTime() - b.at.getTime());
  const systems = [...new Map(runs.map((r) => [r.procedure.system.slug, r.procedure.system])).values()];
  return { runs: runs.length, revisions: revisions.length, alerts: fromAlerts.alerts.length, incident: fromAlerts.incident, systems, events };
}

/**
 * The incident a search names, if the query is an incident reference some run or change
 * carries (INC-2041, any case): its runs, newest first, and how many changes name it.
 */
export async function findIncident(q: string) {
  const parsed = incidentRefSchema.safeParse(q);
  if (!parsed.success || !parsed.data) return null;
  const ref = parsed.data;
  const [runs, [changes], opened] = await Promise.all([
    runIdsNaming(ref, 20),
    db.$queryRaw<{ count: number; ref: string | null }[]>`
      SELECT count(*)::int AS "count", min("incidentRef") AS "ref" FROM "Revision"
      WHERE lower("incidentRef") = lower(${ref}) AND "incidentRef" IS NOT NULL AND "entityType" <> 'USER'`,
    // An incident alerts opened, before anyone ran or changed anything for it.
    db.incident.findFirst({ where: { ref: { equals: ref, mode: "insensitive" } }, select: { ref: true } }),
  ]);
  if (runs.length === 0 && !changes?.count && !opened) return null;
  const rows = await db.run.findMany({
    where: { id: { in: runs.map((r) => r.id) } },
    orderBy: { startedAt: "desc" },
    select: RUN_LIST_SELECT,
  });
  return { ref: opened?.ref ?? rows[0]?.incidentRef ?? changes?.ref ?? ref, runs: rows, changes: changes?.count ?? 0 };
}
