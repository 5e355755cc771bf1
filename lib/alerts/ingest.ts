import { randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import { portalSettings } from "@/lib/portal-settings";
import { incidentRefSchema } from "@/lib/validation/runs";
import type { IncomingAlert } from "./payloads";

// Storing what monitoring says is firing (README, "Live alerts"). Idempotent: Alertmanager
// resends a group at every group_interval and retries failed posts, so an alert is one row
// per firing (its fingerprint and start), updated by each resend and resolved in place.
// Each alert group that fires an alert with a runbook opens an incident (unless an admin
// turned that off): the first such alert opens it, the group's others join it, and it
// resolves when they all have. One transaction per post, serialized per group.

export type Stored = { received: number; firing: number; resolved: number; matched: number; incidents: string[] };

/** The label whose value names the incident (a PagerDuty or Jira key set by routing): RUNBOOK_INCIDENT_LABEL. */
export function incidentLabel(env: Record<string, string | undefined> = process.env): string | null {
  return env.RUNBOOK_INCIDENT_LABEL?.trim() || null;
}

/** Which of these alert names (any case) a live failure mode lists. */
async function namesWithRunbooks(tx: Prisma.TransactionClient, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await tx.$queryRaw<{ key: string }[]>`
    SELECT DISTINCT k AS key FROM unnest(${keys}::text[]) k
    WHERE EXISTS (
      SELECT 1 FROM "FailureMode" fm JOIN "System" s ON s.id = fm."systemId"
      WHERE fm."deletedAt" IS NULL AND s."deletedAt" IS NULL AND lower_names(fm."alertNames") @> ARRAY[k])`;
  return new Set(rows.map((row) => row.key));
}

function newRef() {
  return `ALERT-${randomBytes(4).toString("hex").slice(0, 6).toUpperCase()}`;
}

export async function storeAlerts(alerts: IncomingAlert[], now = new Date()): Promise<Stored> {
  const settings = await portalSettings();
  const label = incidentLabel();
  const groups = [...new Set(alerts.map((alert) => alert.groupKey))].sort();
  return db.$transaction(async (tx) => {
    // One post per group at a time: two resends racing cannot open two incidents.
    for (const group of groups) await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('alert-group'), hashtext(${group}))`;
    const covered = await namesWithRunbooks(tx, [...new Set(alerts.map((alert) => alert.name.toLowerCase()))]);
    const stored: Stored = { received: alerts.length, firing: 0, resolved: 0, matched: 0, incidents: [] };
    const touched = new Set<string>();

    for (const alert of alerts) {
      const nameKey = alert.name.toLowerCase();
      const matched = covered.has(nameKey);
      if (matched) stored.matched++;
      // The generic format may leave out the start: the alert's open firing, else now.
      let startsAt = alert.startsAt;
      if (!startsAt) {
        const open = await tx.alert.findFirst({ where: { fingerprint: alert.fingerprint, ...(alert.firing ? { state: "FIRING" } : {}) }, orderBy: { startsAt: "desc" }, select: { startsAt: true } });
        startsAt = open?.startsAt ?? now;
      }
      const existing = await tx.alert.findUnique({ where: { fingerprint_startsAt: { fingerprint: alert.fingerprint, startsAt } }, select: { id: true, incidentRef: true, state: true } });

      let incidentRef = existing?.incidentRef ?? null;
      if (!incidentRef && alert.firing && matched && settings.autoOpenIncidents) {
        incidentRef = await incidentFor(tx, alert, label, startsAt);
      }
      if (incidentRef) touched.add(incidentRef);
      const data = {
        name: alert.name,
        nameKey,
        state: alert.firing ? ("FIRING" as const) : ("RESOLVED" as const),
        severity: alert.labels.severity ?? "",
        labels: alert.labels,
        annotations: alert.annotations,
        generatorUrl: alert.generatorUrl,
        silenceUrl: alert.silenceUrl,
        source: alert.source,
        groupKey: alert.groupKey,
        endsAt: alert.endsAt,
        incidentRef,
        receivedAt: now,
      };
      // A resolved alert stays resolved: a late resend of its firing does not bring it back.
      if (existing?.state === "RESOLVED" && alert.firing) continue;
      if (existing) await tx.alert.update({ where: { id: existing.id }, data });
      else await tx.alert.create({ data: { ...data, fingerprint: alert.fingerprint, startsAt } });
      if (alert.firing) stored.firing++;
      else stored.resolved++;
    }

    // An incident resolves when its last alert has; one that fires again opens again.
    for (const ref of touched) {
      const open = await tx.alert.count({ where: { incidentRef: ref, state: "FIRING" } });
      const last = open ? null : await tx.alert.aggregate({ where: { incidentRef: ref }, _max: { endsAt: true } });
      await tx.incident.update({ where: { ref }, data: { resolvedAt: open ? null : (last?._max.endsAt ?? now) } });
    }
    stored.incidents = [...touched].sort();
    return stored;
  });
}

/** The incident a firing alert with a runbook belongs to: named by its label, its group's open one, or a new one (opened when the alert started). */
async function incidentFor(tx: Prisma.TransactionClient, alert: IncomingAlert, label: string | null, now: Date): Promise<string> {
  const named = label ? incidentRefSchema.safeParse(alert.labels[label] ?? "") : null;
  const title = `${alert.name}${alert.annotations.summary ? `: ${alert.annotations.summary}` : ""}`.slice(0, 300);
  if (named?.success && named.data) {
    const ref = named.data;
    await tx.incident.upsert({ where: { ref }, create: { ref, title, groupKey: alert.groupKey, openedAt: now }, update: {} });
    return ref;
  }
  const open = await tx.incident.findFirst({ where: { groupKey: alert.groupKey, resolvedAt: null }, orderBy: { openedAt: "desc" }, select: { ref: true } });
  if (open) return open.ref;
  for (;;) {
    const ref = newRef();
    const taken = await tx.incident.findUnique({ where: { ref }, select: { ref: true } });
    if (taken) continue;
    await tx.incident.create({ data: { ref, title, groupKey: alert.groupKey, openedAt: now } });
    return ref;
  }
}
