import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { saveEntry } from "@/lib/entries/save";
import { readRunbookFiles } from "../read";
import { planImport } from "../plan";
import { applyImport } from "../apply";
import { severityLabels } from "./rules";

// Prometheus alerting rules through the import: a failure mode per alert, severities by a
// mapping people can change, alerts that already have a runbook left alone.

const database = await ownDatabase("rules");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const actor: Actor = { id: null, name: "Rhea Rules", role: "EDITOR" };
const fixture = (name: string) => ({ name, bytes: readFileSync(join("test", "fixtures", "prometheus", name)) });

beforeAll(async () => {
  const meta = { changeNote: "Created", incidentRef: null };
  const system = await saveEntry(actor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "payments", name: "Payments", tier: "TIER_1" }), meta);
  await saveEntry(actor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "API down", severity: "SEV1", alertNames: ["paymentsapialert1"] }), meta);
});

async function plan(files: { name: string; bytes: Buffer }[], severities = {}) {
  const read = readRunbookFiles(files, undefined, { severities });
  const planned = await planImport(read.documents);
  return { ...planned, problems: [...read.problems, ...planned.problems] };
}

test("a rules file of 30 alerts: a system and a failure mode per alert, the one with a runbook left alone", async () => {
  const planned = await plan([fixture("payments-rules.yaml")]);
  expect(planned.problems).toEqual([]);
  const count = (status: string, type: string) => planned.entries.filter((e) => e.status === status && e.ref.type === type).length;
  expect([count("create", "SYSTEM"), count("create", "FAILURE_MODE"), count("skip", "FAILURE_MODE")]).toEqual([1, 29, 1]);
  expect(planned.entries.find((e) => e.status === "skip")!.note).toBe("Already has a runbook (Payments: API down): left as it is.");

  await applyImport(actor, planned);
  const fm = await db.failureMode.findFirstOrThrow({ where: { alertNames: { has: "PaymentsApiAlert3" } }, include: { system: true } });
  expect(fm).toMatchObject({ title: "payments-api alert 3", severity: "SEV4", system: { slug: "payments-rules", name: "payments-rules" } });
  expect(fm.detection).toContain("Alert 3 of payments-api fired.");
  expect(fm.detection).toContain('```promql\nup{job="payments-api"} == 0 and on() vector(2)\n```');
  expect(fm.detection).toContain("Runbook so far: https://wiki.example.com/payments/PaymentsApiAlert3");
  const severities = await db.failureMode.groupBy({ by: ["severity"], where: { system: { slug: "payments-rules" } }, _count: true, orderBy: { severity: "asc" } });
  expect(severities.map((g) => [g.severity, g._count])).toEqual([["SEV2", 11], ["SEV3", 9], ["SEV4", 9]]);

  const again = await plan([fixture("payments-rules.yaml")]);
  expect(again.entries.filter((e) => e.status !== "unchanged" && e.status !== "skip")).toEqual([]);
});

test("the severity mapping is the preview's to change; SEV1 only when someone picks it", async () => {
  expect(severityLabels([{ name: "r.yaml", text: readFileSync(join("test", "fixtures", "prometheus", "payments-rules.yaml"), "utf8") }])).toEqual([
    { label: "critical", severity: "SEV2" },
    { label: "info", severity: "SEV4" },
    { label: "warning", severity: "SEV3" },
  ]);
  const planned = await plan([fixture("payments-rules.yaml")], { critical: "SEV1" });
  const updates = planned.entries.filter((e) => e.status === "update");
  expect(updates).toHaveLength(11);
  expect(updates.every((e) => e.changes.map((c) => c.key).join() === "severity")).toBe(true);
});

test("PrometheusRule resources, several in one file; alerts without a severity label are SEV?", async () => {
  const planned = await plan([fixture("edge.yaml")]);
  expect(planned.problems).toEqual([]);
  await applyImport(actor, planned);
  const edge = await db.failureMode.findMany({ where: { system: { slug: "edge" } }, orderBy: { title: "asc" } });
  expect(edge.map((fm) => [fm.title, fm.severity])).toEqual([
    ["Edge proxy down", "SEV2"],
    ["EdgeCertificateExpiry", "UNKNOWN"],
  ]);
});

test("malformed rules are problems, and nothing is written", async () => {
  const before = await db.revision.count();
  const planned = await plan([{ name: "broken-rules.yaml", bytes: Buffer.from("groups:\n  - rules:\n      - alert: X\n        expr: up == 0\n") }]);
  expect(planned.problems).toEqual([{ file: "broken-rules.yaml", where: "groups[0].name", message: "Each rule group needs a name" }]);
  await expect(applyImport(actor, planned)).rejects.toThrow();
  expect(await db.revision.count()).toBe(before);
});
