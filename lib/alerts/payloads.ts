import { createHash } from "node:crypto";
import { z } from "zod";

// What monitoring posts to /api/v1/alerts/webhook, read into one shape (README, "Live
// alerts"): Prometheus Alertmanager's webhook_config payload (version "4"), Grafana
// alerting's webhook contact point (Alertmanager's shape plus orgId, title, state…), and
// a small generic format for anything else that can post JSON. Strict about what the
// portal uses, lenient about what it ignores (both add fields over time).

/** The most alerts one post may carry; Alertmanager's max_alerts caps a group below this. */
export const MAX_ALERTS = 500;

const labelName = z.string().min(1).max(200);
const labels = z.record(labelName, z.string().max(2_000, { error: "A label value is at most 2000 characters" })).refine((value) => Object.keys(value).length <= 100, { error: "At most 100 labels" });
const annotations = z.record(labelName, z.string().max(20_000, { error: "An annotation is at most 20000 characters" })).refine((value) => Object.keys(value).length <= 100, { error: "At most 100 annotations" });
const time = z.iso.datetime({ offset: true, error: "A time in RFC 3339, e.g. 2026-12-03T10:00:00Z" });
const url = z.string().max(4_000).default("");
const status = z.enum(["firing", "resolved"], { error: "firing or resolved" });

const alertmanagerAlert = z.object({
  status,
  labels: labels.refine((value) => !!value.alertname, { error: "Every alert needs an alertname label" }),
  annotations: annotations.default({}),
  startsAt: time,
  endsAt: time.optional(),
  generatorURL: url,
  fingerprint: z.string().min(1).max(200),
  // Grafana's additions
  silenceURL: url.optional(),
});

const alerts = <T extends z.ZodType>(item: T) => z.array(item).min(1, { error: "No alerts in this post" }).max(MAX_ALERTS, { error: `At most ${MAX_ALERTS} alerts in one post` });

export const alertmanagerPayload = z.object({
  version: z.literal("4"),
  groupKey: z.string().max(4_000),
  status,
  receiver: z.string().max(500).default(""),
  externalURL: url,
  alerts: alerts(alertmanagerAlert),
});

export const grafanaPayload = z.object({
  // Grafana's unified alerting sends version "1" and its orgId.
  version: z.literal("1").optional(),
  orgId: z.number().int(),
  groupKey: z.string().max(4_000).default(""),
  status,
  receiver: z.string().max(500).default(""),
  externalURL: url,
  alerts: alerts(alertmanagerAlert),
});

const genericAlert = z.strictObject({
  name: z.string().trim().min(1, { error: "Name the alert" }).max(200),
  status,
  labels: labels.default({}),
  annotations: annotations.default({}),
  startsAt: time.optional(),
  endsAt: time.optional(),
  fingerprint: z.string().min(1).max(200).optional(),
  url: url.optional(),
  group: z.string().max(500).optional(),
});

export const genericPayload = z.strictObject({ alerts: alerts(genericAlert) });

/** One alert, whatever sent it. `startsAt` null: the sender did not say (generic format). */
export type IncomingAlert = {
  source: "alertmanager" | "grafana" | "generic";
  fingerprint: string;
  name: string;
  firing: boolean;
  startsAt: Date | null;
  endsAt: Date | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  generatorUrl: string;
  silenceUrl: string;
  groupKey: string;
};

/** Alertmanager's "not resolved yet" end: the zero time, or one in the future. */
function endOf(firing: boolean, endsAt: string | undefined): Date | null {
  if (firing || !endsAt) return null;
  const at = new Date(endsAt);
  return at.getUTCFullYear() < 1971 ? null : at;
}

/** Alertmanager's form for a new silence matching this alert's labels. */
function alertmanagerSilence(externalURL: string, labels: Record<string, string>) {
  if (!externalURL) return "";
  const filter = `{${Object.entries(labels)
    .map(([key, value]) => `${key}="${value.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`)
    .join(",")}}`;
  return `${externalURL.replace(/\/+$/, "")}/#/silences/new?filter=${encodeURIComponent(filter)}`;
}

/** A stable fingerprint for an alert that came without one: its name and labels. */
function fingerprintOf(name: string, labels: Record<string, string>) {
  const sorted = Object.entries({ ...labels, alertname: name }).sort(([a], [b]) => a.localeCompare(b));
  return createHash("sha256").update(JSON.stringify(sorted)).digest("hex").slice(0, 16);
}

export type ParsedPost = { ok: true; alerts: IncomingAlert[] } | { ok: false; errors: Record<string, string[]>; format: string };

function problems(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const issue of error.issues.slice(0, 50)) {
    const path = issue.path.length ? issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "") : "(body)";
    (out[path] ??= []).push(issue.message);
  }
  return out;
}

/** An alert in Alertmanager's shape (Grafana's too), read. */
function fromAlertmanagerShape(alert: z.infer<typeof alertmanagerAlert>, source: "alertmanager" | "grafana", silenceUrl: string, groupKey: string): IncomingAlert {
  const firing = alert.status === "firing";
  return {
    source,
    fingerprint: alert.fingerprint,
    name: alert.labels.alertname!,
    firing,
    startsAt: new Date(alert.startsAt),
    endsAt: endOf(firing, alert.endsAt),
    labels: alert.labels,
    annotations: alert.annotations,
    generatorUrl: alert.generatorURL,
    silenceUrl,
    groupKey,
  };
}

/** Reads a post in any of the three formats; which one, its shape says. */
export function parseAlertPost(body: unknown): ParsedPost {
  const object = body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  if (!object) return { ok: false, format: "unknown", errors: { "(body)": ["Send a JSON object: an Alertmanager or Grafana webhook payload, or {\"alerts\": [...]}"] } };

  if (object.version === "4") {
    const parsed = alertmanagerPayload.safeParse(body);
    if (!parsed.success) return { ok: false, format: "Alertmanager", errors: problems(parsed.error) };
    const { groupKey, externalURL } = parsed.data;
    return { ok: true, alerts: parsed.data.alerts.map((alert) => fromAlertmanagerShape(alert, "alertmanager", alertmanagerSilence(externalURL, alert.labels), groupKey)) };
  }

  if ("orgId" in object) {
    const parsed = grafanaPayload.safeParse(body);
    if (!parsed.success) return { ok: false, format: "Grafana", errors: problems(parsed.error) };
    const { groupKey } = parsed.data;
    return { ok: true, alerts: parsed.data.alerts.map((alert) => fromAlertmanagerShape(alert, "grafana", alert.silenceURL ?? "", groupKey || `grafana:${alert.labels.alertname}`)) };
  }

  const parsed = genericPayload.safeParse(body);
  if (!parsed.success) return { ok: false, format: "generic", errors: problems(parsed.error) };
  return {
    ok: true,
    alerts: parsed.data.alerts.map((alert) => {
      const firing = alert.status === "firing";
      const fingerprint = alert.fingerprint ?? fingerprintOf(alert.name, alert.labels);
      return {
        source: "generic",
        fingerprint,
        name: alert.name,
        firing,
        startsAt: alert.startsAt ? new Date(alert.startsAt) : null,
        endsAt: firing ? null : alert.endsAt ? new Date(alert.endsAt) : new Date(),
        labels: { ...alert.labels, alertname: alert.name },
        annotations: alert.annotations,
        generatorUrl: alert.url ?? "",
        silenceUrl: "",
        groupKey: alert.group ?? `generic:${fingerprint}`,
      };
    }),
  };
}
