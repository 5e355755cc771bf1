import { readAlertRules, withRunbookUrls, type AlertRule, type RulesFile } from "./sources/prometheus";
import type { ImportProblem } from "./read";

// Alert coverage (the check itself, run in the import's worker thread: off-thread.ts): which alerts of a team's Prometheus rules have a runbook in the portal
// (a live failure mode lists the alert name, case aside), which have none, whether each
// rule's runbook_url already sends to the portal, and which runbooks name alerts that no
// rule raises any more (stale).

export type CoverageStatus = "covered" | "uncovered";
export type UrlStatus = "portal" | "elsewhere" | "none";

export type CoveredAlert = {
  name: string;
  file: string;
  group: string;
  severity: string | null;
  status: CoverageStatus;
  url: UrlStatus;
  runbookUrl: string | null;
  /** the failure modes that list it */
  runbooks: { id: string; title: string; system: string }[];
};

export type StaleRunbook = { id: string; title: string; system: string; alertNames: string[] };

export type CoverageReport = {
  alerts: CoveredAlert[];
  stale: StaleRunbook[];
  problems: ImportProblem[];
  /** the rules with runbook_url set to the portal for every covered alert */
  patched: { name: string; text: string }[];
  counts: { alerts: number; covered: number; uncovered: number; pointingHere: number; stale: number };
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

  const alerts: CoveredAlert[] = rules.alerts.map((rule: AlertRule) => {
    const runbooks = (byAlert.get(rule.name.toLowerCase()) ?? []).map((fm) => ({ id: fm.id, title: fm.title, system: fm.system.name }));
    const runbookUrl = rule.annotations.runbook_url?.trim() || null;
    return {
      name: rule.name,
      file: rule.file,
      group: rule.group,
      severity: rule.labels.severity ?? null,
      status: runbooks.length ? "covered" : "uncovered",
      url: !runbookUrl ? "none" : pointsHere(runbookUrl, rule.name, portal) ? "portal" : "elsewhere",
      runbookUrl,
      runbooks,
    };
  });
  const raised = new Set(rules.alerts.map((rule) => rule.name.toLowerCase()));
  const stale = failureModes
    .filter((fm) => fm.alertNames.length > 0 && fm.alertNames.every((name) => !raised.has(name.toLowerCase())))
    .map((fm) => ({ id: fm.id, title: fm.title, system: fm.system.name, alertNames: fm.alertNames }));
  const covered = new Set(alerts.filter((a) => a.status === "covered").map((a) => `${a.file}\u0000${a.name}`));
  const patched = rules.problems.length ? [] : withRunbookUrls(rules, (rule) => (covered.has(`${rule.file}\u0000${rule.name}`) ? alertUrlTemplate(portal) : null));
  return {
    alerts,
    stale,
    problems: rules.problems,
    patched,
    counts: {
      alerts: alerts.length,
      covered: alerts.filter((a) => a.status === "covered").length,
      uncovered: alerts.filter((a) => a.status === "uncovered").length,
      pointingHere: alerts.filter((a) => a.url === "portal").length,
      stale: stale.length,
    },
  };
}
