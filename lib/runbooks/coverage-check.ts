import { readAlertRules, withRunbookUrls, type RulesFile } from "./sources/prometheus";
import type { ImportProblem } from "./read";

// Alert coverage (the check itself, run in the import's worker thread: off-thread.ts): which alerts of a team's Prometheus rules have a runbook in the portal
// (a live failure mode lists the alert name, case aside), which have none, whether each
// rule's runbook_url already sends to the portal, and which runbooks name alerts that no
// rule raises any more (stale). An alert is its name, not a rule: rule sets define the same
// name at several severities or windows (kubernetes-mixin's KubeAPIErrorBudgetBurn four
// times), and one runbook answers all of them, so counts and rows are per name.

export type CoverageStatus = "covered" | "uncovered";
export type UrlStatus = "portal" | "elsewhere" | "none";

/** One alerting rule that raises an alert. */
export type CoveredRule = {
  file: string;
  group: string;
  severity: string | null;
  for: string | null;
  url: UrlStatus;
  runbookUrl: string | null;
};

/** An alert name and every rule that raises it, in the order of the files. */
export type CoveredAlert = {
  name: string;
  status: CoverageStatus;
  /** the failure modes that list it */
  runbooks: { id: string; title: string; system: string }[];
  rules: CoveredRule[];
};

export type StaleRunbook = { id: string; title: string; system: string; alertNames: string[] };

export type CoverageReport = {
  alerts: CoveredAlert[];
  stale: StaleRunbook[];
  problems: ImportProblem[];
  /** the rules with runbook_url set to the portal for every covered alert */
  patched: { name: string; text: string }[];
  /** `alerts` counts names, `rules` the alerting rules; an alert points here when every one of its rules does */
  counts: { alerts: number; rules: number; covered: number; uncovered: number; pointingHere: number; stale: number };
};

/** The portal's address for alerts, e.g. https://runbooks.example.com/alerts/{{ $labels.alertname }}. */
export function alertUrlTemplate(portal: string) {
  return `${portal.replace(/\/+$/, "")}/alerts/{{ $labels.alertname }}`;
}

/** Whether `url` is this portal's page for `alert` (or the template every rule can share). */
function pointsHere(url: string, alert: string, portal: string): boolean {
  let parsed: URL;
  let base: URL;
  try {
    parsed = new URL(url);
    base = new URL(portal);
  } catch {
    return false;
  }
  if (parsed.host !== base.host) return false;
  const path = decodeURIComponent(parsed.pathname).replace(/\/+$/, "");
  const prefix = base.pathname.replace(/\/+$/, "");
  return path.toLowerCase() === `${prefix}/alerts/${alert}`.toLowerCase() || /\/alerts\/\{\{\s*\$labels\.alertname\s*\}\}$/.test(path);
}

/** The live failure modes that list alerts, as the check needs them. */
export type AlertRunbook = { id: string; title: string; alertNames: string[]; system: { name: string } };

/** Checks the rules in `files` against `failureModes`. */
export function coverageOf(files: RulesFile[], portal: string, failureModes: AlertRunbook[]): CoverageReport {
  const rules = readAlertRules(files);
  const byAlert = new Map<string, typeof failureModes>();
  for (const fm of failureModes) for (const name of fm.alertNames) byAlert.set(name.toLowerCase(), [...(byAlert.get(name.toLowerCase()) ?? []), fm]);

  // Names are told apart exactly, as Prometheus does; only the runbook lookup ignores case.
  const byName = new Map<string, CoveredAlert>();
  for (const rule of rules.alerts) {
    let alert = byName.get(rule.name);
    if (!alert) {
      const runbooks = (byAlert.get(rule.name.toLowerCase()) ?? []).map((fm) => ({ id: fm.id, title: fm.title, system: fm.system.name }));
      alert = { name: rule.name, status: runbooks.length ? "covered" : "uncovered", runbooks, rules: [] };
      byName.set(rule.name, alert);
    }
    const runbookUrl = rule.annotations.runbook_url?.trim() || null;
    alert.rules.push({
      file: rule.file,
      group: rule.group,
      severity: rule.labels.severity ?? null,
      for: rule.for,
      url: !runbookUrl ? "none" : pointsHere(runbookUrl, rule.name, portal) ? "portal" : "elsewhere",
      runbookUrl,
    });
  }
  const alerts = [...byName.values()];
  const raised = new Set(alerts.map((alert) => alert.name.toLowerCase()));
  const stale = failureModes
    .filter((fm) => fm.alertNames.length > 0 && fm.alertNames.every((name) => !raised.has(name.toLowerCase())))
    .map((fm) => ({ id: fm.id, title: fm.title, system: fm.system.name, alertNames: fm.alertNames }));
  const covered = new Set(alerts.filter((a) => a.status === "covered").map((a) => a.name));
  const patched = rules.problems.length ? [] : withRunbookUrls(rules, (rule) => (covered.has(rule.name) ? alertUrlTemplate(portal) : null));
  return {
    alerts,
    stale,
    problems: rules.problems,
    patched,
    counts: {
      alerts: alerts.length,
      rules: rules.alerts.length,
      covered: alerts.filter((a) => a.status === "covered").length,
      uncovered: alerts.filter((a) => a.status === "uncovered").length,
      pointingHere: alerts.filter((a) => a.rules.every((rule) => rule.url === "portal")).length,
      stale: stale.length,
    },
  };
}
