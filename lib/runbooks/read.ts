import { positiveSetting } from "@/lib/settings";
import { isMap, isSeq, type Document } from "yaml";
import { lineFinder, measure, parseDocuments, quickValues, valueOf } from "./yaml";
import { isMarkdown, isRunbookFile, megabytes, unzip } from "./upload-files";
import type { z } from "zod";
import { CHILD_TYPES, type EntryType } from "@/lib/entries";
import { childrenIn, runbookFileSchema, type RunbookFile } from "./format";
import { readMarkdownRunbooks, type MarkdownFile, type MarkdownOptions } from "./sources/markdown";
import { looksLikeRules } from "./sources/prometheus";
import { rulesToDocuments, severityLabels, type RulesOptions } from "./sources/rules";
import { looksLikeCatalog, readCatalog } from "./sources/backstage";
import type { Severity } from "@/lib/generated/prisma/enums";

// Reading runbook files for an import: uploaded .yaml files (or Markdown alert runbooks,
// Prometheus rules, Backstage catalogs: sources/) or a .zip of them, within
// limits, each document parsed as YAML and validated against runbook-portal/v1. Every
// problem is reported with its file, where in the file, and a plain message; nothing here
// touches the database.

export type ImportLimits = {
  /** one file, after unzipping */
  maxFileBytes: number;
  /** files in an upload, zips unpacked */
  maxFiles: number;
  /** all files together, after unzipping */
  maxTotalBytes: number;
  /** entries (systems, children, contacts) in one import */
  maxEntries: number;
} & Partial<Structure>;

/** Limits of YAML's structure, and of alerting rules. */
type Structure = {
  /** YAML documents in one file */
  maxDocuments: number;
  /** YAML values in one upload, all files together */
  maxNodes: number;
  /** how deep YAML may nest */
  maxDepth: number;
  /** alerting rules in one upload */
  maxAlerts: number;
};

/** The limits of YAML's structure, for limits that leave them out. */
const STRUCTURE: Structure = { maxDocuments: 2_000, maxNodes: 5_000_000, maxDepth: 64, maxAlerts: 5_000 };


const MB = 1024 * 1024;

/** The limits, each changeable through the environment (README, "Runbooks as code"). */
export function importLimits(): ImportLimits & Structure {
  return {
    maxFileBytes: positiveSetting("RUNBOOK_IMPORT_MAX_FILE_MB", 5, { integer: false }) * MB,
    maxFiles: positiveSetting("RUNBOOK_IMPORT_MAX_FILES", 5_000, { integer: false }),
    maxTotalBytes: positiveSetting("RUNBOOK_IMPORT_MAX_TOTAL_MB", 200, { integer: false }) * MB,
    maxEntries: positiveSetting("RUNBOOK_IMPORT_MAX_ENTRIES", 200_000, { integer: false }),
    maxDocuments: positiveSetting("RUNBOOK_IMPORT_MAX_DOCUMENTS", STRUCTURE.maxDocuments),
    maxNodes: positiveSetting("RUNBOOK_IMPORT_MAX_NODES", STRUCTURE.maxNodes),
    maxDepth: positiveSetting("RUNBOOK_IMPORT_MAX_DEPTH", STRUCTURE.maxDepth),
    maxAlerts: positiveSetting("RUNBOOK_IMPORT_MAX_ALERTS", STRUCTURE.maxAlerts),
  };
}

export type InputFile = { name: string; bytes: Uint8Array };
export type ImportProblem = { file: string; where: string; message: string };
export type ReadDocument = {
  file: string;
  /** 1-based position in a multi-document file */
  index: number;
  text: string;
  document: RunbookFile;
  /** made from another source (Markdown runbooks): the system's own fields only for a new system, an existing one is left as it is */
  partial?: boolean;
  /** the file each child came from, by its place ("failureModes[3]"), when not the document's */
  childFiles?: Record<string, string>;
  /** made from alerting rules: an alert some other failure mode already lists is left alone */
  fromRules?: boolean;
  /** made from a Backstage catalog: for entries the portal has, only these fields come from the file (the rest stay), and links to systems it does not have are left out */
  catalog?: Partial<Record<EntryType, string[]>>;
};
export type ReadResult = {
  documents: ReadDocument[];
  problems: ImportProblem[];
  /** files left out on purpose (pointers, deprecated runbooks, helper pages), with why */
  skipped: ImportProblem[];
  /** for alerting rules: each severity label they use, and the severity it becomes */
  severities?: { label: string; severity: Severity }[];
  files: { name: string; text: string }[];
};
export type ReadOptions = MarkdownOptions & RulesOptions;

/** "failureModes[2].procedures[0]" */
function pathText(path: PropertyKey[]) {
  return path.reduce<string>((text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${String(part)}` : String(part)), "");
}

/** The line of the node at `path` in a YAML document, for messages. */
function lineOf(doc: Document, lineAt: (offset: number) => number, path: PropertyKey[]): number | null {
  for (let length = path.length; length >= 0; length--) {
    const node = doc.getIn(path.slice(0, length) as (string | number)[], true) as { range?: [number, number, number] } | undefined;
    if (node && (isMap(node) || isSeq(node) || node.range)) {
      const offset = (node as { range?: [number, number, number] }).range?.[0];
      if (offset !== undefined) return lineAt(offset);
    }
  }
  return null;
}

const WORDS: Record<string, string> = { array: "a list", object: "fields (key: value)", string: "text", number: "a number", boolean: "true or false", null: "nothing", undefined: "nothing" };

function issuesToProblems(file: string, doc: Document, lineAt: (offset: number) => number, error: z.ZodError, prefix: string): ImportProblem[] {
  return error.issues.map((issue) => {
    const line = lineOf(doc, lineAt, issue.path);
    const where = [prefix, line ? `line ${line}` : "", pathText(issue.path)].filter(Boolean).join(", ");
    let message = issue.message;
    if (issue.code === "invalid_type") {
      const found = /received (\w+)/.exec(issue.message)?.[1];
      message = `Expected ${WORDS[issue.expected] ?? issue.expected}${found ? `, found ${WORDS[found] ?? found}` : ""}.`;
    }
    if (issue.code === "unrecognized_keys") message = `Unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}: not part of ${"runbook-portal/v1"}.`;
    if (issue.code === "invalid_union" && pathText(issue.path) === "kind") message = 'Say what the document holds with "kind: system" or "kind: contacts".';
    return { file, where, message };
  });
}

function countEntries(document: RunbookFile) {
  if (document.kind === "contacts") return document.contacts.length;
  return 1 + CHILD_TYPES.reduce((sum, type) => sum + childrenIn(document, type).length, 0);
}

/** How many entries documents hold (what decides whether an import runs as a job). */
export function entriesIn(documents: { document: RunbookFile }[]): number {
  return documents.reduce((sum, document) => sum + countEntries(document.document), 0);
}

/** Reads uploaded files (YAML, or zips of YAML) into validated documents and problems. */
export function readRunbookFiles(inputs: InputFile[], limits: ImportLimits = importLimits(), options: ReadOptions = {}, onFile?: (read: number, of: number) => void): ReadResult {
  const problems: ImportProblem[] = [];
  const budget = { files: 0, bytes: 0 };
  const files: InputFile[] = [];
  for (const input of inputs) {
    if (/\.zip$/i.test(input.name)) {
      files.push(...unzip(input, limits, problems, budget));
    } else if (isRunbookFile(input.name)) {
      if (++budget.files > limits.maxFiles) {
        problems.push({ file: input.name, where: "", message: `The upload holds more than ${limits.maxFiles.toLocaleString("en")} runbook files, the most one import takes.` });
        break;
      }
      budget.bytes += input.bytes.length;
      if (input.bytes.length > limits.maxFileBytes) problems.push({ file: input.name, where: "", message: `This file is ${megabytes(input.bytes.length)}; one file may be at most ${megabytes(limits.maxFileBytes)}.` });
      else files.push(input);
    } else {
      problems.push({ file: input.name, where: "", message: "Only .yaml, .yml, .md (alert runbooks) and .zip files can be imported." });
    }
  }
  if (budget.bytes > limits.maxTotalBytes) problems.push({ file: "", where: "", message: `The files hold more than ${megabytes(limits.maxTotalBytes)} together, the most one import takes.` });
  // Past a limit on the upload as a whole, reading the files would only bury that one problem under others.
  if (problems.some((p) => /the most one import takes/.test(p.message))) return { documents: [], problems, skipped: [], files: [] };

  const documents: ReadDocument[] = [];
  const texts: { name: string; text: string }[] = [];
  const markdown: MarkdownFile[] = [];
  const rules: { name: string; text: string }[] = [];
  const catalogs: { name: string; text: string }[] = [];
  let entries = 0;
  let nodes = 0;
  const structure = { ...STRUCTURE, ...limits };
  for (const [index, file] of files.entries()) {
    onFile?.(index, files.length);
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
    } catch {
      problems.push({ file: file.name, where: "", message: "This file is not UTF-8 text." });
      continue;
    }
    texts.push({ name: file.name, text });
    if (isMarkdown(file.name)) {
      markdown.push({ name: file.name, text });
      continue;
    }
    // Most files (exported ones, hand-written ones without aliases) are read the quick way,
    // when every document in them is a valid runbook file; any other is read the careful way,
    // which says where each problem is.
    const quick = quickValues(text, structure);
    const valid = quick?.values.map((value) => (value === null || value === undefined ? null : looksLikeRules(value) || looksLikeCatalog(value) ? undefined : runbookFileSchema.safeParse(value)));
    if (quick && valid!.every((read) => read === null || read?.success) && nodes + quick.nodes <= structure.maxNodes) {
      nodes += quick.nodes;
      valid!.forEach((read, i) => {
        if (!read?.success) return;
        const document = read.data as unknown as RunbookFile;
        entries += countEntries(document);
        documents.push({ file: file.name, index: i + 1, text, document });
      });
      continue;
    }
    // Counted as they are read: a file of 32,000 tiny documents builds no more than the limit.
    const parsed = parseDocuments(text, structure.maxDocuments);
    if ("tooMany" in parsed) {
      problems.push({ file: file.name, where: "", message: `This file is too complex: it holds ${parsed.tooMany.toLocaleString("en")} YAML documents, and one file may hold at most ${structure.maxDocuments.toLocaleString("en")}.` });
      continue;
    }
    const list = parsed.documents;
    let tooComplex = false;
    for (const doc of list) {
      if (doc.errors.length) continue;
      const { nodes: found, depth } = measure(doc);
      nodes += found;
      if (depth > structure.maxDepth) {
        problems.push({ file: file.name, where: "", message: `This file is too complex: its YAML nests ${depth} levels deep, and at most ${structure.maxDepth} are allowed.` });
        tooComplex = true;
        break;
      }
    }
    if (nodes > structure.maxNodes) {
      problems.push({ file: file.name, where: "", message: `These files are too complex: they hold more than ${structure.maxNodes.toLocaleString("en")} YAML values together, the most one import takes.` });
      break;
    }
    if (tooComplex) continue;
    const values = list.map((doc) => (doc.errors.length ? null : valueOf(doc)));
    const looks = (test: (value: unknown) => boolean) => values.some((read) => read && "value" in read && test(read.value));
    // Prometheus alerting rules, not runbook files: read as such (sources/rules.ts).
    if (looks(looksLikeRules)) {
      rules.push({ name: file.name, text });
      continue;
    }
    // A Backstage catalog (catalog-info.yaml): read as such (sources/backstage.ts).
    if (looks(looksLikeCatalog)) {
      catalogs.push({ name: file.name, text });
      continue;
    }
    const lineAt = lineFinder(text);
    list.forEach((doc, i) => {
      const prefix = list.length > 1 ? `document ${i + 1}` : "";
      if (doc.errors.length) {
        for (const error of doc.errors) {
          const line = error.linePos?.[0]?.line;
          const text = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
          const message = error.code === "DUPLICATE_KEY" ? "A field is given twice in the same place." : `${text}.`;
          problems.push({ file: file.name, where: [prefix, line ? `line ${line}` : ""].filter(Boolean).join(", "), message });
        }
        return;
      }
      const read = values[i]!;
      if ("problem" in read) {
        problems.push({ file: file.name, where: prefix, message: read.problem });
        return;
      }
      const value = read.value;
      if (value === null || value === undefined) return;
      const parsed = runbookFileSchema.safeParse(value);
      if (!parsed.success) {
        problems.push(...issuesToProblems(file.name, doc, lineAt, parsed.error, prefix));
        return;
      }
      const document = parsed.data as unknown as RunbookFile;
      entries += countEntries(document);
      documents.push({ file: file.name, index: i + 1, text, document });
    });
  }
  onFile?.(files.length, files.length);
  const fromMarkdown = markdown.length ? readMarkdownRunbooks(markdown, options) : { documents: [], problems: [], skipped: [] };
  const fromRules = rules.length ? rulesToDocuments(rules, { ...options, maxAlerts: structure.maxAlerts }) : { documents: [], problems: [] };
  const fromCatalogs = catalogs.length ? readCatalog(catalogs) : { documents: [], problems: [], skipped: [] };
  problems.push(...fromMarkdown.problems, ...fromRules.problems, ...fromCatalogs.problems);
  for (const document of [...fromMarkdown.documents, ...fromRules.documents, ...fromCatalogs.documents]) {
    entries += countEntries(document.document);
    documents.push(document);
  }
  if (entries > limits.maxEntries) {
    problems.push({ file: "", where: "", message: `These files hold ${entries.toLocaleString("en")} entries; one import takes at most ${limits.maxEntries.toLocaleString("en")}.` });
  }
  // A problem may quote what the file holds (an unknown field's name): never half a surrogate pair, which no JSON column stores.
  const told = (list: ImportProblem[]) => list.map((p) => ({ file: p.file.toWellFormed(), where: p.where.toWellFormed(), message: p.message.toWellFormed() }));
  return { documents, problems: told(problems), skipped: told([...fromMarkdown.skipped, ...fromCatalogs.skipped]), files: texts, ...(rules.length ? { severities: severityLabels(rules, options.severities) } : {}) };
}
