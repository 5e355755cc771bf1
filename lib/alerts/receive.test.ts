import { beforeAll, expect, test } from "vitest";
import { as, people, setUpApiDatabase } from "@/lib/api/api-test-setup";
import { db } from "@/lib/db";
import { createToken } from "@/lib/auth/tokens";
import { setPortalSetting } from "@/lib/portal-settings";

// POST /api/v1/alerts/webhook through the real route handler, on a database with the demo
// runbooks (the invoice pipeline's failure mode lists InvoiceParserTimeout). Every answer
// is checked against the OpenAPI document and is never a 5xx (test/api-contract.ts).

await setUpApiDatabase("alerts");

let ingest: ReturnType<typeof as>;
const PATH = "/api/v1/alerts/webhook";

beforeAll(async () => {
  const editor = { id: people.editor.id, name: people.editor.name, role: "EDITOR" as const };
  ingest = as((await createToken(editor, { name: "alertmanager", scope: "INGEST", expiresIn: "30" })).secret);
});

const startsAt = "2026-12-03T10:00:00Z";

function alertmanager(status: "firing" | "resolved", alerts: { name: string; fingerprint: string; labels?: Record<string, string>; endsAt?: string }[], groupKey = '{}:{alertname="InvoiceParserTimeout"}') {
  return {
    version: "4",
    groupKey,
    truncatedAlerts: 0,
    status,
    receiver: "runbook-portal",
    groupLabels: {},
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "http://alertmanager.example.com:9093",
    alerts: alerts.map((alert) => ({
      status,
      labels: { alertname: alert.name, severity: "critical", instance: "parser-1", ...alert.labels },
      annotations: { summary: "Invoices wait longer than 15 minutes" },
      startsAt,
      endsAt: alert.endsAt ?? "0001-01-01T00:00:00Z",
      generatorURL: "http://prometheus.example.com/graph?g0.expr=up",
      fingerprint: alert.fingerprint,
    })),
  };
}

const stored = () => db.alert.findMany({ orderBy: [{ name: "asc" }, { fingerprint: "asc" }] });

test("Alertmanager's payload, sent three times as Alertmanager resends a group, stores one firing and opens one incident; resolving it resolves both", async () => {
  const payload = alertmanager("firing", [{ name: "InvoiceParserTimeout", fingerprint: "a1b2c3" }]);
  const answers = [await ingest.post(PATH, payload), await ingest.post(PATH, payload), await ingest.post(PATH, payload)];
  expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
  const [first] = answers;
  expect(first!.body).toMatchObject({ received: 1, firing: 1, resolved: 0, matched: 1, incidents: [expect.stringMatching(/^ALERT-[0-9A-F]{6}$/)] });
  const ref = (first!.body as { incidents: string[] }).incidents[0]!;
  expect(answers.map((a) => (a.body as { incidents: string[] }).incidents)).toEqual([[ref], [ref], [ref]]);

  const rows = await stored();
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({
    fingerprint: "a1b2c3",
    name: "InvoiceParserTimeout",
    nameKey: "invoiceparsertimeout",
    state: "FIRING",
    severity: "critical",
    source: "alertmanager",
    endsAt: null,
    incidentRef: ref,
    labels: { alertname: "InvoiceParserTimeout", instance: "parser-1", severity: "critical" },
    generatorUrl: "http://prometheus.example.com/graph?g0.expr=up",
  });
  expect(decodeURIComponent(rows[0]!.silenceUrl)).toBe('http://alertmanager.example.com:9093/#/silences/new?filter={alertname="InvoiceParserTimeout",severity="critical",instance="parser-1"}');
  expect(await db.incident.findMany()).toMatchObject([{ ref, title: "InvoiceParserTimeout: Invoices wait longer than 15 minutes", resolvedAt: null }]);

  // Another alert of the same group joins the incident; an unknown alert is stored and opens nothing.
  expect((await ingest.post(PATH, alertmanager("firing", [{ name: "InvoiceParserTimeout", fingerprint: "d4e5f6", labels: { instance: "parser-2" } }]))).body).toMatchObject({ incidents: [ref] });
  const unknown = await ingest.post(PATH, alertmanager("firing", [{ name: "NobodyWroteThis", fingerprint: "0f0f0f" }], "{}:{alertname=\"NobodyWroteThis\"}"));
  expect(unknown.body).toEqual({ received: 1, firing: 1, resolved: 0, matched: 0, incidents: [] });

  // Resolved: the rows in place, with their end; the incident once both have.
  await ingest.post(PATH, alertmanager("resolved", [{ name: "InvoiceParserTimeout", fingerprint: "a1b2c3", endsAt: "2026-12-03T10:20:00Z" }]));
  expect((await db.incident.findUniqueOrThrow({ where: { ref } })).resolvedAt).toBeNull();
  await ingest.post(PATH, alertmanager("resolved", [{ name: "InvoiceParserTimeout", fingerprint: "d4e5f6", labels: { instance: "parser-2" }, endsAt: "2026-12-03T10:25:00Z" }]));
  expect((await db.incident.findUniqueOrThrow({ where: { ref } })).resolvedAt).toEqual(new Date("2026-12-03T10:25:00Z"));
  expect((await stored()).map((row) => [row.fingerprint, row.state, row.endsAt?.toISOString() ?? null])).toEqual([
    ["a1b2c3", "RESOLVED", "2026-12-03T10:20:00.000Z"],
    ["d4e5f6", "RESOLVED", "2026-12-03T10:25:00.000Z"],
    ["0f0f0f", "FIRING", null],
  ]);
  // A late resend of the firing does not bring a resolved alert back.
  await ingest.post(PATH, payload);
  expect((await db.alert.findFirstOrThrow({ where: { fingerprint: "a1b2c3" } })).state).toBe("RESOLVED");
});

test("Grafana's webhook payload and the generic format are read too; the generic one without a start is idempotent by its fingerprint", async () => {
  await db.alert.deleteMany();
  const grafana = {
    receiver: "portal",
    status: "firing",
    orgId: 1,
    alerts: [
      {
        status: "firing",
        labels: { alertname: "InvoiceParserErrors", grafana_folder: "Invoices" },
        annotations: { summary: "Parser errors" },
        startsAt: "2026-12-03T11:00:00+01:00",
        endsAt: "0001-01-01T00:00:00Z",
        generatorURL: "http://grafana.example.com/alerting/grafana/abc/view",
        fingerprint: "9f8e7d",
        silenceURL: "http://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DInvoiceParserErrors",
        dashboardURL: "",
        panelURL: "",
        values: { B: 12 },
        valueString: "[ var='B' value=12 ]",
      },
    ],
    groupLabels: { alertname: "InvoiceParserErrors" },
    commonLabels: {},
    commonAnnotations: {},
    externalURL: "http://grafana.example.com/",
    version: "1",
    groupKey: '{}/{}:{alertname="InvoiceParserErrors"}',
    truncatedAlerts: 0,
    title: "[FIRING:1] InvoiceParserErrors",
    state: "alerting",
    message: "…",
  };
  expect((await ingest.post(PATH, grafana)).body).toMatchObject({ received: 1, firing: 1, matched: 1 });
  expect(await db.alert.findFirstOrThrow({ where: { source: "grafana" } })).toMatchObject({
    name: "InvoiceParserErrors",
    startsAt: new Date("2026-12-03T10:00:00Z"),
    silenceUrl: "http://grafana.example.com/alerting/silence/new?alertmanager=grafana&matcher=alertname%3DInvoiceParserErrors",
  });

  const generic = { alerts: [{ name: "invoiceparsertimeout", status: "firing", labels: { host: "batch-7" }, annotations: { summary: "From a cron check" } }] };
  const first = await ingest.post(PATH, generic);
  const again = await ingest.post(PATH, generic);
  expect(first.body).toMatchObject({ matched: 1, incidents: [expect.any(String)] });
  expect(again.body).toEqual(first.body);
  const rows = await db.alert.findMany({ where: { source: "generic" } });
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ name: "invoiceparsertimeout", state: "FIRING", labels: { host: "batch-7", alertname: "invoiceparsertimeout" } });
  await ingest.post(PATH, { alerts: [{ ...generic.alerts[0], status: "resolved" }] });
  expect(await db.alert.findMany({ where: { source: "generic" }, select: { state: true } })).toEqual([{ state: "RESOLVED" }]);
});

test("the incident label names the incident; with auto-open turned off alerts still fire but open nothing", async () => {
  process.env.RUNBOOK_INCIDENT_LABEL = "jira";
  try {
    const answer = await ingest.post(PATH, alertmanager("firing", [{ name: "InvoiceParserTimeout", fingerprint: "feed01", labels: { jira: "OPS-1234" } }], "group-with-jira"));
    expect(answer.body).toMatchObject({ incidents: ["OPS-1234"] });
    expect(await db.incident.findUnique({ where: { ref: "OPS-1234" } })).toMatchObject({ title: "InvoiceParserTimeout: Invoices wait longer than 15 minutes" });
  } finally {
    delete process.env.RUNBOOK_INCIDENT_LABEL;
  }
  const admin = { id: people.admin.id, name: people.admin.name, role: "ADMIN" as const };
  await setPortalSetting(admin, "autoOpenIncidents", false);
  try {
    const answer = await ingest.post(PATH, alertmanager("firing", [{ name: "InvoiceParserTimeout", fingerprint: "feed02" }], "another-group"));
    expect(answer.body).toMatchObject({ firing: 1, matched: 1, incidents: [] });
  } finally {
    await setPortalSetting(admin, "autoOpenIncidents", true);
  }
});

test("malformed, oversized and overfull posts are refused with problem details, and nothing is stored", async () => {
  await db.alert.deleteMany();
  const refused = async (answer: Promise<{ status: number; body: unknown }>, status: number) => {
    const { status: got, body } = await answer;
    expect(got).toBe(status);
    return body as { title: string; errors?: Record<string, string[]> };
  };
  const noName = alertmanager("firing", [{ name: "InvoiceParserTimeout", fingerprint: "x1" }]);
  delete (noName.alerts[0]!.labels as Record<string, string>).alertname;
  const body = await refused(ingest.post(PATH, noName), 422);
  expect(body.errors).toEqual({ "alerts[0].labels": ["Every alert needs an alertname label"] });
  await refused(ingest.post(PATH, { ...alertmanager("firing", [{ name: "A", fingerprint: "x2" }]), alerts: [{ status: "firing" }] }), 422);
  await refused(ingest.post(PATH, { alerts: [] }), 422);
  await refused(ingest.post(PATH, [1, 2, 3]), 422);
  await refused(ingest.post(PATH, { alerts: [{ name: "A", status: "burning" }] }), 422);
  await refused(ingest.post(PATH, { alerts: [{ name: "A", status: "firing", startsAt: "yesterday" }] }), 422);
  const overfull = { alerts: Array.from({ length: 501 }, (_, i) => ({ name: `A${i}`, status: "firing" })) };
  expect((await refused(ingest.post(PATH, overfull), 422)).errors).toEqual({ alerts: ["At most 500 alerts in one post"] });
  const big = { alerts: [{ name: "A", status: "firing", annotations: Object.fromEntries(Array.from({ length: 80 }, (_, i) => [`a${i}`, "x".repeat(15_000)])) }] };
  await refused(ingest.post(PATH, big), 413);
  await refused(as(null).post(PATH, undefined), 401);
  expect(await db.alert.count()).toBe(0);
});

test("an ingest token posts alerts and nothing else; no other token posts alerts", async () => {
  expect((await ingest.get("/api/v1/me")).status).toBe(403);
  expect((await ingest.get("/api/v1/systems")).status).toBe(403);
  expect((await ingest.get("/api/v1/alerts/InvoiceParserTimeout")).status).toBe(403);
  const me = await ingest.get("/api/v1/me");
  expect((me.body as { title: string }).title).toBe("This token only posts alerts");
  const payload = alertmanager("firing", [{ name: "InvoiceParserTimeout", fingerprint: "zz" }]);
  for (const token of [people.admin.token, people.editor.token]) {
    const answer = await as(token).post(PATH, payload);
    expect(answer.status).toBe(403);
    expect((answer.body as { title: string }).title).toBe("Use an ingest token");
  }
  expect(await db.alert.count({ where: { fingerprint: "zz" } })).toBe(0);
});
