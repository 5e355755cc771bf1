import { unified } from "unified";
import remarkParse from "remark-parse";
import { toString } from "mdast-util-to-string";
import { visit } from "unist-util-visit";
import type { Code, Heading, Root, RootContent } from "mdast";
import { keyBase } from "@/lib/entries/keys";
import { FORMAT, runbookFileSchema, type RunbookFile } from "../format";
import type { ImportProblem, ReadDocument } from "../read";

// Markdown alert runbooks (the shape of the OpenShift, prometheus-operator and
// kubernetes-mixin collections) as runbook-portal/v1 documents, so they go through the
// same preview and import as the portal's own files:
//   <folder>/<AlertName>.md   a folder is a system (created if missing, else left as it is),
//                             each file a failure mode of unknown severity (SEV?);
//   # AlertName               the H1, where it differs, is a second alert name;
//   ## Meaning, ## Diagnosis  → detection (Diagnosis under its own heading);
//   ## Impact                 → customer impact;
//   ## Mitigation             → immediate actions, one per step or block;
//   other sections            → kept with their headings at the end of detection, never dropped;
//   shell blocks under Diagnosis and Mitigation → a procedure, each command exactly as written
//                             without its "$ " prompt or the output printed after it.
// Pointer files ("moved to …"), deprecated runbooks, helper pages and READMEs are skipped
// and listed, unless asked for.

export type MarkdownFile = { name: string; text: string };
export type MarkdownOptions = { includeSkipped?: boolean };
export type MarkdownResult = { documents: ReadDocument[]; problems: ImportProblem[]; skipped: ImportProblem[] };

const parser = unified().use(remarkParse);

const SHELL = new Set(["console", "shell", "sh", "bash", "zsh", "terminal", "shell-session", "shellsession"]);
const LIMITS = { item: 2_000, items: 50, instruction: 2_000, command: 5_000, steps: 100 };

type Section = { title: string; heading: string; body: string; nodes: RootContent[] };

type Parsed = {
  file: string;
  alert: string;
  h1: string | null;
  deprecated: boolean;
  intro: string;
  frontMatter: string;
  sections: Section[];
  text: string;
};

const isAlertName = (name: string) => /^[A-Za-z_][A-Za-z0-9_:.-]*$/.test(name);
const baseName = (path: string) => path.split("/").pop()!.replace(/\.md$/i, "");
const folderOf = (path: string) => path.split("/").slice(0, -1).join("/");

function parse(file: MarkdownFile): Parsed {
  let text = file.text.replace(/\r\n?/g, "\n");
  let frontMatter = "";
  const front = /^---\n([\s\S]*?)\n---\n/.exec(text);
  if (front) {
    frontMatter = front[1]!;
    text = text.slice(front[0].length);
  }
  const tree = parser.parse(text) as Root;
  const slice = (from: number, to: number) => text.slice(from, to).trim();
  const h1 = tree.children.find((node): node is Heading => node.type === "heading" && node.depth === 1) ?? null;
  const h2s = tree.children.filter((node): node is Heading => node.type === "heading" && node.depth === 2);
  const introStart = h1 ? h1.position!.end.offset! : 0;
  const introEnd = h2s[0]?.position!.start.offset ?? text.length;
  const sections = h2s.map((heading, index) => {
    const start = heading.position!.end.offset!;
    const end = h2s[index + 1]?.position!.start.offset ?? text.length;
    return {
      title: toString(heading).trim(),
      heading: slice(heading.position!.start.offset!, start),
      body: slice(start, end),
      nodes: tree.children.filter((node) => node.position!.start.offset! >= start && node.position!.end.offset! <= end),
    };
  });
  const title = h1 ? toString(h1).trim() : "";
  return {
    file: file.name,
    alert: baseName(file.name),
    h1: title ? title.replace(/\s*\[deprecated\]\s*/i, " ").trim() : null,
    deprecated: /\[deprecated\]/i.test(title),
    intro: slice(introStart, introEnd),
    frontMatter,
    sections,
    text,
  };
}

/** Why a file is not an alert runbook to import, or null. */
function skipReason(file: MarkdownFile, parsed: Parsed): string | null {
  const parts = file.name.split("/");
  if (/^(readme|index|license|contributing|changelog)$/i.test(parsed.alert)) return "Not an alert runbook (a README or index page): skipped.";
  if (parts.some((part) => /^helpers?$/i.test(part))) return "A helper page that runbooks link to, not an alert: skipped.";
  if (!isAlertName(parsed.alert)) return `"${parsed.alert}" is not an alert name, so this is not an alert runbook: skipped.`;
  if (parsed.sections.length === 0 && /\b(moved|no longer|removed|deprecated|see)\b/i.test(parsed.intro) && parsed.intro.length < 600) {
    return "Only points elsewhere (moved or removed): skipped unless included.";
  }
  if (parsed.deprecated) return "Marked [Deprecated]: skipped unless included.";
  return null;
}

/** The commands of a shell block, exactly as written: "$ " prompts taken off, what they printed left out. */
export function commandsOf(code: Code): string[] {
  const lines = code.value.split("\n");
  const prompted = lines.some((line) => /^\s*\$ /.test(line));
  if (!prompted) {
    if (!SHELL.has((code.lang ?? "").toLowerCase()) || code.lang === "console") return [];
    const whole = code.value.replace(/\s+$/, "");
    return whole ? [whole] : [];
  }
  const commands: string[] = [];
  let current: string[] | null = null;
  for (const line of lines) {
    if (/^\s*\$ /.test(line)) {
      if (current) commands.push(current.join("\n"));
      current = [line.replace(/^\s*\$ /, "")];
    } else if (current && /\\$/.test(current[current.length - 1]!)) {
      current.push(line);
    } else if (current) {
      commands.push(current.join("\n"));
      current = null;
    }
  }
  if (current) commands.push(current.join("\n"));
  return commands.map((command) => command.replace(/\s+$/, "")).filter(Boolean);
}

/** Procedure steps from the shell blocks of a section: the paragraph before each block says what it does. */
function stepsOf(section: Section) {
  const steps: { instruction: string; command: string }[] = [];
  const root = { type: "root", children: section.nodes } as Root;
  visit(root, "code", (code: Code, index, parent) => {
    const commands = commandsOf(code);
    if (!commands.length) return;
    let said = "";
    for (let i = (index ?? 0) - 1; parent && i >= 0 && !said; i--) {
      const before = parent.children[i]!;
      if (before.type === "paragraph" || before.type === "heading") said = toString(before).trim();
    }
    const instruction = (said || `Run (${section.title})`).replace(/:$/, "");
    steps.push({ instruction: clip(instruction, LIMITS.instruction), command: commands.join("\n") });
  });
  return steps;
}

const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** Text cut into pieces no longer than `max`, at paragraph or line ends where it can be: nothing is lost. */
function pieces(text: string, max: number): string[] {
  if (text.length <= max) return [text];
  const out: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let cut = rest.lastIndexOf("\n\n", max);
    if (cut < max / 2) cut = rest.lastIndexOf("\n", max);
    if (cut < max / 2) cut = max;
    out.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) out.push(rest);
  return out;
}

/** Immediate actions from the Mitigation section: each list item, or each block, one action. */
function actionsOf(section: Section, text: (from: number, to: number) => string): string[] {
  const actions: string[] = [];
  let heading = "";
  for (const node of section.nodes) {
    const raw = text(node.position!.start.offset!, node.position!.end.offset!);
    if (node.type === "heading") {
      heading = heading ? `${heading}\n\n${raw}` : raw;
      continue;
    }
    const items = node.type === "list" ? node.children.map((item) => text(item.position!.start.offset!, item.position!.end.offset!).replace(/^(\d+[.)]|[-*+])\s+/, "")) : [raw];
    items.forEach((item, index) => actions.push(index === 0 && heading ? `${heading}\n\n${item}` : item));
    heading = "";
  }
  if (heading) actions.push(heading);
  const fitted = actions.flatMap((action) => pieces(action, LIMITS.item));
  if (fitted.length <= LIMITS.items) return fitted;
  return [...fitted.slice(0, LIMITS.items - 1), ...pieces(fitted.slice(LIMITS.items - 1).join("\n\n"), LIMITS.item)].slice(0, LIMITS.items);
}

/** Links to other runbooks of the import ("../x/AlertName.md") become links to their alert page. */
function relinked(text: string, alerts: Set<string>): string {
  return text.replace(/\]\((?!https?:|\/|#|mailto:)([^)\s]+?\.md)(#[^)\s]*)?\)/g, (whole, target: string) => {
    const name = baseName(target);
    return alerts.has(name) ? `](/alerts/${name})` : whole;
  });
}

const KNOWN = new Set(["meaning", "impact", "diagnosis", "mitigation"]);

/** Markdown alert runbooks as one partial system document per folder. */
export function readMarkdownRunbooks(files: MarkdownFile[], options: MarkdownOptions = {}): MarkdownResult {
  const problems: ImportProblem[] = [];
  const skipped: ImportProblem[] = [];
  const parsed: Parsed[] = [];
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name, "en"))) {
    const one = parse(file);
    const reason = skipReason(file, one);
    const includable = reason && /unless included/.test(reason);
    if (reason && !(includable && options.includeSkipped)) {
      skipped.push({ file: file.name, where: "", message: reason });
      continue;
    }
    parsed.push(one);
  }
  const alerts = new Set(parsed.map((p) => p.alert));

  const byFolder = new Map<string, Parsed[]>();
  for (const one of parsed) byFolder.set(folderOf(one.file), [...(byFolder.get(folderOf(one.file)) ?? []), one]);

  const documents: ReadDocument[] = [];
  for (const [folder, runbooks] of byFolder) {
    const name = folder.split("/").pop() || "alerts";
    const slug = keyBase(name.replace(/([a-z0-9])([A-Z])/g, "$1-$2"), "alerts");
    const used = new Set<string>();
    const key = (base: string) => {
      let candidate = base;
      for (let n = 2; used.has(candidate); n++) candidate = `${base.slice(0, 56)}-${n}`;
      used.add(candidate);
      return candidate;
    };
    const failureModes: Record<string, unknown>[] = [];
    const procedures: Record<string, unknown>[] = [];
    const childFiles: Record<string, string> = {};
    for (const one of runbooks) {
      const text = (from: number, to: number) => relinked(one.text.slice(from, to).trim(), alerts);
      const section = (title: string) => one.sections.find((s) => s.title.toLowerCase() === title);
      const body = (s: Section | undefined) => (s ? relinked(s.body, alerts) : "");
      const others = one.sections.filter((s) => !KNOWN.has(s.title.toLowerCase()));
      const detection = [
        relinked(one.intro, alerts),
        body(section("meaning")),
        section("diagnosis") ? `${section("diagnosis")!.heading}\n\n${body(section("diagnosis"))}` : "",
        ...others.map((s) => `${s.heading}\n\n${body(s)}`),
        one.frontMatter ? `Front matter of ${baseName(one.file)}.md:\n\n\`\`\`yaml\n${one.frontMatter}\n\`\`\`` : "",
      ]
        .filter((part) => part.trim())
        .join("\n\n");
      const fmKey = key(keyBase(one.alert.replace(/([a-z0-9])([A-Z])/g, "$1-$2"), "alert"));
      const mitigation = section("mitigation");
      const steps = [section("diagnosis"), mitigation].flatMap((s) => (s ? stepsOf(s) : [])).slice(0, LIMITS.steps);
      const alertNames = [one.alert, ...(one.h1 && isAlertName(one.h1) && one.h1.toLowerCase() !== one.alert.toLowerCase() ? [one.h1] : [])];
      const procedureKey = steps.length ? key(`${fmKey.slice(0, 54)}-steps`) : null;
      childFiles[`failureModes[${failureModes.length}]`] = one.file;
      failureModes.push({
        key: fmKey,
        title: clip(one.h1 || one.alert, 200),
        severity: "UNKNOWN",
        alertNames,
        detection,
        customerImpact: body(section("impact")),
        immediateActions: mitigation ? actionsOf(mitigation, text) : [],
        ...(procedureKey ? { procedures: [procedureKey] } : {}),
      });
      if (procedureKey) {
        childFiles[`procedures[${procedures.length}]`] = one.file;
        procedures.push({ key: procedureKey, title: clip(`${one.alert}: commands from the runbook`, 200), steps });
      }
    }
    const candidate = { format: FORMAT, kind: "system", slug, name: clip(name, 200), tier: "TIER_3", failureModes, procedures };
    const parsedDocument = runbookFileSchema.safeParse(candidate);
    if (!parsedDocument.success) {
      for (const issue of parsedDocument.error.issues) {
        const [collection, index] = issue.path as [string, number];
        const where = issue.path.map((part) => (typeof part === "number" ? `[${part}]` : `.${String(part)}`)).join("").replace(/^\./, "");
        problems.push({ file: childFiles[`${collection}[${index}]`] ?? `${folder}/`, where, message: issue.message });
      }
      continue;
    }
    documents.push({ file: folder ? `${folder}/` : "(Markdown files)", index: 1, text: "", document: parsedDocument.data as unknown as RunbookFile, partial: true, childFiles });
  }
  return { documents, problems, skipped };
}
