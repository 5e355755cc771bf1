import { z } from "zod";
import { isMap, parseAllDocuments, type Document } from "yaml";
import { valueOf } from "../yaml";
import type { ImportProblem } from "../read";

// Prometheus alerting rules: a rules file (groups: [{ name, rules: [...] }]) or a
// PrometheusRule resource (spec.groups), possibly several documents in one file. Read
// with their places, so the coverage report can name each alert's file and group, and
// written back with a runbook_url set without losing comments or layout.

const labels = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String)).default({});

const ruleSchema = z.union([
  z.object({
    alert: z.string().trim().min(1, "An alerting rule needs a name (alert)"),
    expr: z.union([z.string(), z.number()]).transform(String),
    for: z.string().optional(),
    keep_firing_for: z.string().optional(),
    labels,
    annotations: labels,
  }),
  z.object({ record: z.string().min(1), expr: z.union([z.string(), z.number()]).transform(String), labels }),
]);

const groupsSchema = z.array(
  z.object({
    name: z.string({ error: "Each rule group needs a name" }).min(1, "Each rule group needs a name"),
    interval: z.string().optional(),
    rules: z.array(ruleSchema).default([]),
  }),
);

const rulesFileSchema = z.object({ groups: groupsSchema });
const prometheusRuleSchema = z.object({ kind: z.literal("PrometheusRule"), spec: z.object({ groups: groupsSchema }) });

export type AlertRule = {
  name: string;
  expr: string;
  for: string | null;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  file: string;
  group: string;
  /** where the rule sits in its document, for writing a runbook_url back */
  path: (string | number)[];
  document: number;
};

export type RulesFile = { name: string; text: string };
export type RulesResult = { alerts: AlertRule[]; problems: ImportProblem[]; documents: Map<string, Document[]> };

/** Whether a YAML value is Prometheus rules rather than a runbook file. */
export function looksLikeRules(value: unknown): boolean {
  if (!value || typeof value !== "object") return false;
  const record = value as Record<string, unknown>;
  return (Array.isArray(record.groups) && !("format" in record)) || record.kind === "PrometheusRule";
}

/** The alerting rules of the files (recording rules are not alerts and are left out). */
export function readAlertRules(files: RulesFile[]): RulesResult {
  const alerts: AlertRule[] = [];
  const problems: ImportProblem[] = [];
  const documents = new Map<string, Document[]>();
  for (const file of files) {
    const docs = parseAllDocuments(file.text, { uniqueKeys: true });
    const list = Array.isArray(docs) ? docs : [docs];
    documents.set(file.name, list);
    list.forEach((doc, index) => {
      const prefix = list.length > 1 ? `document ${index + 1}` : "";
      if (doc.errors.length) {
        for (const error of doc.errors) {
          const line = error.linePos?.[0]?.line;
          problems.push({ file: file.name, where: [prefix, line ? `line ${line}` : ""].filter(Boolean).join(", "), message: `${error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}.` });
        }
        return;
      }
      if (!isMap(doc.contents)) return;
      const read = valueOf(doc);
      if ("problem" in read) {
        problems.push({ file: file.name, where: prefix, message: read.problem });
        return;
      }
      const value = read.value;
      const resource = (value as { kind?: unknown }).kind === "PrometheusRule";
      const parsed = resource ? prometheusRuleSchema.safeParse(value) : rulesFileSchema.safeParse(value);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const where = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
          problems.push({ file: file.name, where: [prefix, where].filter(Boolean).join(", "), message: issue.message });
        }
        return;
      }
      const groups = "spec" in parsed.data ? parsed.data.spec.groups : parsed.data.groups;
      const base = resource ? ["spec", "groups"] : ["groups"];
      groups.forEach((group, g) =>
        group.rules.forEach((rule, r) => {
          if (!("alert" in rule)) return;
          alerts.push({
            name: rule.alert,
            expr: rule.expr,
            for: rule.for ?? null,
            labels: rule.labels,
            annotations: rule.annotations,
            file: file.name,
            group: group.name,
            path: [...base, g, "rules", r],
            document: index,
          });
        }),
      );
    });
  }
  return { alerts, problems, documents };
}

/** The files again with `annotations.runbook_url` set for the alerts `urlOf` gives one, comments and layout kept. */
export function withRunbookUrls(result: RulesResult, urlOf: (alert: AlertRule) => string | null): { name: string; text: string }[] {
  for (const alert of result.alerts) {
    const url = urlOf(alert);
    if (url) result.documents.get(alert.file)![alert.document]!.setIn([...alert.path, "annotations", "runbook_url"], url);
  }
  return [...result.documents].map(([name, docs]) => ({ name, text: docs.map((doc) => doc.toString({ lineWidth: 0 })).join("") }));
}
