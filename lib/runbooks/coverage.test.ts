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

// The alert coverage report over a rules file of 30 alerts, a PrometheusRule resource and
// kubernetes-mixin-like rules that define one alert name several times: covered, uncovered,
// stale runbooks, runbook_url pointing here, elsewhere or nowhere, counted per alert name.

const database = await ownDatabase("coverage");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const PORTAL = "https://runbooks.example.com";
const editor: Actor = { id: null, name: "Cora Coverage", role: "EDITOR" };
const fixture = (name: string) => ({ name, text: readFileSync(join("test", "fixtures", "prometheus", name), "utf8") });
const files = [fixture("payments-rules.yaml"), fixture("edge.yaml"), fixture("kube-apiserver-rules.yaml")];

beforeAll(async () => {
  const meta = { changeNote: "Created", incidentRef: null };
  const system = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "payments", name: "Payments", tier: "TIER_1" }), meta);
  const runbook = (title: string, alertNames: string[]) =>
    saveEntry(editor, "FAILURE_MODE", { systemId: system.id }, ENTITIES.FAILURE_MODE.schema.parse({ title, severity: "SEV2", alertNames }), meta);
  await runbook("API down", ["PaymentsApiAlert1", "PaymentsApiAlert2", "PaymentsApiAlert3", "PaymentsApiAlert4"]);
  await runbook("Workers stuck", ["paymentsworkersalert1"]);
  await runbook("Edge proxy down", ["EdgeDown"]);
  await runbook("API server burns its error budget", ["KubeAPIErrorBudgetBurn"]);
  await runbook("Client certificates expiring", ["kubeclientcertificateexpiration"]);
  await runbook("Old pager alert", ["OldAlertNobodyRaises"]);
  await runbook("Found by people, not alerts", []);
});

test("each alert is covered or not, its runbook_url points here, elsewhere or nowhere, and stale runbooks are listed", async () => {
  const report = await coverageReport(files, PORTAL);
  expect(report.problems).toEqual([]);
  expect(report.counts).toEqual({ alerts: 36, rules: 40, covered: 8, uncovered: 28, pointingHere: 7, stale: 1 });
  const alert = (name: string) => report.alerts.find((a) => a.name === name)!;
  expect(alert("PaymentsApiAlert1")).toMatchObject({ status: "covered", rules: [{ url: "none", group: "payments-api", severity: "critical", for: "5m", file: "payments-rules.yaml" }] });
  expect(alert("PaymentsApiAlert2")).toMatchObject({ status: "covered", rules: [{ url: "portal" }] });
  expect(alert("PaymentsApiAlert3")).toMatchObject({ status: "covered", rules: [{ url: "elsewhere", runbookUrl: "https://wiki.example.com/payments/PaymentsApiAlert3" }] });
  expect(alert("PaymentsApiAlert4")).toMatchObject({ status: "covered", rules: [{ url: "portal" }] });
  expect(alert("PaymentsWorkersAlert1")).toMatchObject({ status: "covered", runbooks: [{ title: "Workers stuck", system: "Payments" }] });
  expect(alert("PaymentsWorkersAlert2")).toMatchObject({ status: "uncovered", rules: [{ url: "portal" }] });
  expect(alert("PaymentsWorkersAlert3")).toMatchObject({ status: "uncovered", rules: [{ url: "elsewhere" }] });
  expect(alert("EdgeDown")).toMatchObject({ status: "covered", rules: [{ group: "edge", file: "edge.yaml" }] });
  expect(alert("EdgeCertificateExpiry")).toMatchObject({ status: "uncovered", rules: [{ url: "none", severity: null, for: null }] });
  expect(report.alerts.some((a) => a.name.startsWith("job:"))).toBe(false);
  expect(report.stale.map((s) => s.title)).toEqual(["Old pager alert"]);
});

test("an alert defined by several rules is one alert, counted once, with its rules in its row", async () => {
  const report = await coverageReport(files, PORTAL);
  const alert = (name: string) => report.alerts.find((a) => a.name === name)!;
  expect(report.alerts.filter((a) => a.name === "KubeAPIErrorBudgetBurn")).toHaveLength(1);
  expect(alert("KubeAPIErrorBudgetBurn")).toMatchObject({ status: "covered", runbooks: [{ title: "API server burns its error budget", system: "Payments" }] });
  expect(alert("KubeAPIErrorBudgetBurn").rules.map((r) => [r.severity, r.for, r.group, r.url])).toEqual([
    ["critical", "2m", "kube-apiserver-slos", "elsewhere"],
    ["critical", "15m", "kube-apiserver-slos", "elsewhere"],
    ["warning", "1h", "kube-apiserver-slos", "elsewhere"],
    ["warning", "3h", "kube-apiserver-slos", "elsewhere"],
  ]);
  // One of its two rules links here, so the alert does not count as pointing here.
  expect(alert("KubeClientCertificateExpiration")).toMatchObject({
    status: "covered",
    rules: [
      { severity: "warning", url: "portal", file: "kube-apiserver-rules.yaml" },
      { severity: "critical", url: "none", file: "kube-apiserver-rules.yaml" },
    ],
  });
  expect(alert("KubeAggregatedAPIErrors")).toMatchObject({ status: "uncovered", rules: [{ severity: "warning", for: null, url: "portal" }] });
  const kube = report.alerts.filter((a) => a.name.startsWith("Kube"));
  expect(kube.map((a) => [a.name, a.rules.length])).toEqual([
    ["KubeAPIErrorBudgetBurn", 4],
    ["KubeClientCertificateExpiration", 2],
    ["KubeAggregatedAPIErrors", 1],
    ["KubeAPIDown", 1],
  ]);
  expect(report.counts.rules - report.counts.alerts).toBe(4);
});

test("the rules of one alert in several files are one row; names differing in case are two alerts sharing a runbook", async () => {
  const report = await coverageReport(
    [
      { name: "a.yaml", text: "groups:\n  - name: a\n    rules:\n      - alert: EdgeDown\n        expr: up == 0\n        labels:\n          severity: warning\n      - alert: Lonely\n        expr: up == 0\n" },
      { name: "b.yaml", text: "groups:\n  - name: b\n    rules:\n      - alert: EdgeDown\n        expr: up == 0\n        for: 10m\n        labels:\n          severity: critical\n      - alert: edgedown\n        expr: up == 0\n" },
    ],
    PORTAL,
  );
  expect(report.alerts.map((a) => [a.name, a.status, a.rules.map((r) => `${r.file}/${r.group} ${r.severity} ${r.for}`)])).toEqual([
    ["EdgeDown", "covered", ["a.yaml/a warning null", "b.yaml/b critical 10m"]],
    ["Lonely", "uncovered", ["a.yaml/a null null"]],
    ["edgedown", "covered", ["b.yaml/b null null"]],
  ]);
  expect(report.counts).toMatchObject({ alerts: 3, rules: 4, covered: 2, uncovered: 1, pointingHere: 0 });
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
  expect(again.alerts.filter((a) => a.status === "covered").every((a) => a.rules.every((r) => r.url === "portal"))).toBe(true);
  expect(again.counts).toMatchObject({ alerts: 36, rules: 40, covered: 8, pointingHere: 13 });
  const kube = (parse(report.patched.find((f) => f.name === "kube-apiserver-rules.yaml")!.text) as { groups: { rules: { alert: string; annotations: Record<string, string> }[] }[] }).groups.flatMap(
    (g) => g.rules,
  );
  expect(kube.filter((r) => r.alert === "KubeAPIErrorBudgetBurn").map((r) => r.annotations.runbook_url)).toEqual(Array(4).fill(`${PORTAL}/alerts/{{ $labels.alertname }}`));
  expect(kube.filter((r) => r.alert === "KubeClientCertificateExpiration").map((r) => r.annotations.runbook_url)).toEqual(Array(2).fill(`${PORTAL}/alerts/{{ $labels.alertname }}`));
  expect(kube.find((r) => r.alert === "KubeAPIDown")!.annotations.runbook_url).toBeUndefined();
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
  expect(some.out).toMatch(/36 alerts \(40 rules\): 8 with a runbook, 28 without; 7 with a runbook_url to this portal; 1 stale runbooks/);
  expect(some.out).toMatch(/EdgeCertificateExpiry +NONE/);
  expect(some.out.match(/^KubeAPIErrorBudgetBurn /gm)).toHaveLength(1);
  expect(some.out.match(/NONE/g)).toHaveLength(28);
  expect(some.code).toBe(1);

  const dir = mkdtempSync(join(tmpdir(), "coverage-"));
  writeFileSync(join(dir, "covered.yaml"), "groups:\n  - name: edge\n    rules:\n      - alert: EdgeDown\n        expr: up == 0\n");
  const all = coverageCommand(join(dir, "covered.yaml"), "--portal", PORTAL, "--write", join(dir, "out"));
  expect(all.code).toBe(0);
  expect(readFileSync(join(dir, "out", "covered.yaml"), "utf8")).toContain(`runbook_url: ${PORTAL}/alerts/{{ $labels.alertname }}`);
});
