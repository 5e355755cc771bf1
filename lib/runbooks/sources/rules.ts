import type { Severity } from "@/lib/generated/prisma/enums";
import { keyBase } from "@/lib/entries/keys";
import { FORMAT, runbookFileSchema, type RunbookFile } from "../format";
import type { ImportProblem, ReadDocument } from "../read";
import { readAlertRules, type RulesFile } from "./prometheus";

// Prometheus alerting rules into the import: each rules file is a system (created if
// missing, else left as it is), each alert a failure mode named after it:
//   annotations.summary      → title (the alert name when there is none)
//   annotations.description, expr and for → detection; an existing runbook_url is kept there
//   labels.severity          → severity, by a mapping the preview shows and lets people change
//                              (never SEV1 unless someone picks it; unknown labels → SEV?)
// An alert that a failure mode elsewhere in the portal already lists is left alone (plan.ts).

export type SeverityMap = Record<string, Severity>;

export const DEFAULT_SEVERITIES: SeverityMap = { critical: "SEV2", warning: "SEV3", info: "SEV4" };

export type RulesOptions = { severities?: SeverityMap; /** alerting rules in one upload */ maxAlerts?: number };

/** The severity labels the rules use, each with the severity it maps to. */
export function severityLabels(files: RulesFile[], severities: SeverityMap = {}): { label: string; severity: Severity }[] {
  const labels = new Set(readAlertRules(files).alerts.map((alert) => (alert.labels.severity ?? "").toLowerCase()));
  return [...labels].sort().map((label) => ({ label, severity: severityOf(label, severities) }));
}

function severityOf(label: string, severities: SeverityMap): Severity {
  return severities[label] ?? DEFAULT_SEVERITIES[label] ?? "UNKNOWN";
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const fileBase = (name: string) => name.split("/").pop()!.replace(/\.ya?ml$/i, "");

export function rulesToDocuments(files: RulesFile[], options: RulesOptions = {}): { documents: ReadDocument[]; problems: ImportProblem[] } {
  const rules = readAlertRules(files);
  const problems = [...rules.problems];
  const documents: ReadDocument[] = [];
  if (options.maxAlerts !== undefined && rules.alerts.length > options.maxAlerts) {
    const message = `These rules are too many for one import: they hold ${rules.alerts.length.toLocaleString("en")} alerting rules, and one import takes at most ${options.maxAlerts.toLocaleString("en")}.`;
    return { documents, problems: [...problems, { file: files.length === 1 ? files[0]!.name : "", where: "", message }] };
  }
  for (const file of files) {
    const alerts = rules.alerts.filter((alert) => alert.file === file.name);
    if (!alerts.length || rules.problems.some((p) => p.file === file.name)) continue;
    const name = fileBase(file.name);
    const slug = keyBase(name, "alerts");
    const used = new Map<string, number>();
    const seen = new Set<string>();
    const failureModes = alerts
      // The first rule of each alert name, case aside.
      .filter((alert) => {
        const name = alert.name.toLowerCase();
        if (seen.has(name)) return false;
        seen.add(name);
        return true;
      })
      .map((alert) => {
        const base = keyBase(alert.name.replace(/([a-z0-9])([A-Z])/g, "$1-$2"), "alert");
        const n = (used.get(base) ?? 0) + 1;
        used.set(base, n);
        const runbookUrl = alert.annotations.runbook_url?.trim();
        const detection = [
          alert.annotations.description?.trim() ?? "",
          `Fires when${alert.for ? ` for ${alert.for}` : ""} (group ${alert.group}, ${fileBase(file.name)}):\n\n\`\`\`promql\n${alert.expr.trim()}\n\`\`\``,
          runbookUrl ? `Runbook so far: ${runbookUrl}` : "",
        ]
          .filter(Boolean)
          .join("\n\n");
        return {
          key: n === 1 ? base : `${base.slice(0, 56)}-${n}`,
          title: clip(alert.annotations.summary?.trim() || alert.name, 200),
          severity: severityOf((alert.labels.severity ?? "").toLowerCase(), options.severities ?? {}),
          alertNames: [alert.name],
          detection: clip(detection, 20_000),
        };
      });
    const childFiles = Object.fromEntries(failureModes.map((_, index) => [`failureModes[${index}]`, file.name]));
    const candidate = { format: FORMAT, kind: "system", slug, name: clip(name, 200), tier: "TIER_3", failureModes };
    const parsed = runbookFileSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push({ file: file.name, where: issue.path.join("."), message: issue.message });
      continue;
    }
    documents.push({ file: file.name, index: 1, text: file.text, document: parsed.data as unknown as RunbookFile, partial: true, childFiles, fromRules: true });
  }
  return { documents, problems };
}
