import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { saveEntry } from "@/lib/entries/save";
import { coverageReport } from "./coverage";

// The alert coverage report over a rules file of 30 alerts and a PrometheusRule resource:
// covered, uncovered, stale runbooks, and runbook_url pointing here, elsewhere or nowhere.

const database = await ownDatabase("coverage");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const PORTAL = "https://runbooks.example.com";
const editor: Actor = { id: null, name: "Cora Coverage", role: "EDITOR" };
const fixture = (name: string) => ({ name, text: readFileSync(join("test", "fixtures", "prometheus", name), "utf8") });
const files = [fixture("payments-rules.yaml"), fixture("edge.yaml")];

beforeAll(async () => {
  const meta = { changeNote: "Created", incidentRef: null };
  const system = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "payments", name: "Payments", tier: "TIER_1" }), meta);
  const runbook = (title: string, alertNames: string[]) =>
    saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title, severity: "SEV2", alertNames }), meta);
  await runbook("API down", ["PaymentsApiAlert1", "PaymentsApiAlert2", "PaymentsApiAlert3", "PaymentsApiAlert4"]);
  await runbook("Workers stuck", ["paymentsworkersalert1"]);
  await runbook("Edge proxy down", ["EdgeDown"]);
  await runbook("Old pager alert", ["OldAlertNobodyRaises"]);
  await runbook("Found by people, not alerts", []);
});

test("each alert is covered or not, its runbook_url points here, elsewhere or nowhere, and stale runbooks are listed", async () => {
  const report = await coverageReport(files, PORTAL);
  expect(report.problems).toEqual([]);
  expect(report.counts).toEqual({ alerts: 32, covered: 6, uncovered: 26, pointingHere: 6, stale: 1 });
  const alert = (name: string) => report.alerts.find((a) => a.name === name)!;
  expect(alert("PaymentsApiAlert1")).toMatchObject({ status: "covered", url: "none", group: "payments-api", severity: "critical", file: "payments-rules.yaml" });
  expect(alert("PaymentsApiAlert2")).toMatchObject({ status: "covered", url: "portal" });
  expect(alert("PaymentsApiAlert3")).toMatchObject({ status: "covered", url: "elsewhere", runbookUrl: "https://wiki.example.com/payments/PaymentsApiAlert3" });
  expect(alert("PaymentsApiAlert4")).toMatchObject({ status: "covered", url: "portal" });
  expect(alert("PaymentsWorkersAlert1")).toMatchObject({ status: "covered", runbooks: [{ title: "Workers stuck", system: "Payments" }] });
  expect(alert("PaymentsWorkersAlert2")).toMatchObject({ status: "uncovered", url: "portal" });
  expect(alert("PaymentsWorkersAlert3")).toMatchObject({ status: "uncovered", url: "elsewhere" });
  expect(alert("EdgeDown")).toMatchObject({ status: "covered", group: "edge", file: "edge.yaml" });
  expect(alert("EdgeCertificateExpiry")).toMatchObject({ status: "uncovered", url: "none", severity: null });
  expect(report.alerts.some((a) => a.name.startsWith("job:"))).toBe(false);
  expect(report.stale.map((s) => s.title)).toEqual(["Old pager alert"]);
});

test("the rules come back with runbook_url set to the portal for every covered alert, comments and the rest as they were", async () => {
  const report = await coverageReport(files, PORTAL);
  const payments = report.patched.find((f) => f.name === "payments-rules.yaml")!.text;
  expect(payments).toContain("# Alerts of the payments team. Comments stay when runbook_url is written back.");
  const rules = (parse(payments) as { groups: { rules: { alert?: string; annotations?: Record<string, string> }[] }[] }).groups.flatMap((g) => g.rules);
  const url = (name: string) => rules.find((r) => r.alert === name)!.annotations!.runbook_url;
  expect(url("PaymentsApiAlert1")).toBe(`${PORTAL}/alerts/{{ $labels.alertname }}`);
  expect(url("PaymentsApiAlert3")).toBe(`${PORTAL}/alerts/{{ $labels.alertname }}`);
  expect(url("PaymentsWorkersAlert3")).toBe("https://wiki.example.com/payments/PaymentsWorkersAlert3");
  expect(url("PaymentsDbAlert1")).toBeUndefined();
  const edge = report.patched.find((f) => f.name === "edge.yaml")!.text;
  expect(edge).toContain("- alert: EdgeDown # the edge proxy");
  expect(edge.split(/^---$/m)).toHaveLength(2);

  const again = await coverageReport(report.patched, PORTAL);
  expect(again.alerts.filter((a) => a.status === "covered").every((a) => a.url === "portal")).toBe(true);
  expect(again.counts).toMatchObject({ alerts: 32, covered: 6, pointingHere: 10 });
});

test("malformed rules are problems with file and place, and no rules are written back", async () => {
  const report = await coverageReport(
    [
      { name: "syntax.yaml", text: "groups:\n  - name: [unclosed\n" },
      { name: "nameless.yaml", text: "groups:\n  - rules:\n      - alert: X\n        expr: up == 0\n" },
      { name: "exprless.yaml", text: "groups:\n  - name: g\n    rules:\n      - alert: Y\n" },
    ],
    PORTAL,
  );
  expect(report.problems.map((p) => `${p.file} | ${p.where}`)).toEqual(["syntax.yaml | line 3", "nameless.yaml | groups[0].name", expect.stringMatching(/^exprless\.yaml \| groups\[0\]\.rules\[0\]/)]);
  expect(report.patched).toEqual([]);
});

function coverageCommand(...args: string[]) {
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", join("scripts", "coverage.ts"), ...args], {
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}

test("npm run coverage exits 1 while an alert has no runbook, 0 when every alert has one, and writes the rules back", () => {
  const some = coverageCommand(join("test", "fixtures", "prometheus"), "--portal", PORTAL);
  expect(some.out).toMatch(/32 alerts: 6 with a runbook, 26 without; 6 with a runbook_url to this portal; 1 stale runbooks/);
  expect(some.out).toMatch(/EdgeCertificateExpiry +NONE/);
  expect(some.code).toBe(1);

  const dir = mkdtempSync(join(tmpdir(), "coverage-"));
  writeFileSync(join(dir, "covered.yaml"), "groups:\n  - name: edge\n    rules:\n      - alert: EdgeDown\n        expr: up == 0\n");
  const all = coverageCommand(join(dir, "covered.yaml"), "--portal", PORTAL, "--write", join(dir, "out"));
  expect(all.code).toBe(0);
  expect(readFileSync(join(dir, "out", "covered.yaml"), "utf8")).toContain(`runbook_url: ${PORTAL}/alerts/{{ $labels.alertname }}`);
});
