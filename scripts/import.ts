// `npm run import -- <dir|zip|file.yaml|file.md…>`: runbook files (the portal's YAML,
// Markdown alert runbooks, Prometheus alerting rules, Backstage catalog-info.yaml) into
// the portal, the same as
// /import does: everything is read and checked first, the preview is printed, and only a
// plan without problems is applied, in one transaction.
//   --dry-run          print the preview, write nothing
//   --as <email>       the account the changes are recorded under (an editor or admin)
//   --incident <ref>   an incident reference for every revision, e.g. INC-2041
//   --include-skipped  Markdown runbooks that only point elsewhere or are deprecated, imported too
//   --severity <label>=<SEV>   for alerting rules: the severity a severity label becomes
//                      (default critical=SEV2, warning=SEV3, info=SEV4; others SEV?), repeatable
//   --progress         the progress bar (files read, entries written) even when stderr is not
//                      a terminal (on a terminal it is always shown)
// Exits 1 when the files have problems (nothing is written), 0 otherwise.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { withDatabase } from "./lib/database";
import { progressBar } from "./lib/progress";
import type { Actor } from "../lib/auth/roles";
import type { ImportPlan } from "../lib/runbooks/plan";
import type { InputFile } from "../lib/runbooks/read";

const say = (message: string) => process.stdout.write(`${message}\n`);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    "dry-run": { type: "boolean", default: false },
    as: { type: "string" },
    incident: { type: "string" },
    "include-skipped": { type: "boolean", default: false },
    severity: { type: "string", multiple: true, default: [] },
    progress: { type: "boolean", default: false },
    help: { type: "boolean", short: "h", default: false },
  },
});

if (values.help || positionals.length === 0) {
  say("usage: npm run import -- <dir|zip|file.yaml|file.md…> [--dry-run] [--as <email>] [--incident <ref>] [--include-skipped] [--severity <label>=<SEV>…] [--progress]");
  process.exit(values.help ? 0 : 2);
}

/** The runbook files at `path`: a folder's .yaml files (named relative to it), or the file itself. */
function inputsAt(path: string): InputFile[] {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`${path} does not exist`);
  if (!statSync(full).isDirectory()) return [{ name: path.split("/").pop()!, bytes: readFileSync(full) }];
  const found: InputFile[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue;
      const at = join(dir, entry.name);
      if (entry.isDirectory()) walk(at);
      else if (/\.(ya?ml|md|zip)$/i.test(entry.name)) found.push({ name: relative(full, at), bytes: readFileSync(at) });
    }
  };
  walk(full);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

/** The preview as a table: what changes, then the counts; problems first when there are any. */
function printPreview(plan: ImportPlan, problems: { file: string; where: string; message: string }[]) {
  const { ENTITIES } = ENTRIES;
  if (problems.length) {
    say(`${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was written:\n`);
    say(table([["file", "where", "problem"], ...problems.map((p) => [p.file || "(upload)", p.where, p.message])]));
    return;
  }
  const changed = plan.entries.filter((e) => e.status !== "unchanged");
  if (changed.length) {
    say(
      table([
        ["change", "type", "entry", "fields", "file"],
        ...changed.map((e) => [
          e.status,
          ENTITIES[e.ref.type].label.toLowerCase(),
          e.ref.system ? `${e.ref.system}/${e.ref.name}` : e.ref.name,
          e.status === "update" ? e.changes.map((c) => c.key).join(", ") : "",
          e.file,
        ]),
      ]),
    );
    say("");
  }
  const count = (status: string) => plan.entries.filter((e) => e.status === status).length;
  say(`${count("create")} to create, ${count("update")} to update, ${count("delete")} to delete, ${count("unchanged")} unchanged${count("skip") ? `, ${count("skip")} skipped` : ""}`);
}

let ENTRIES: typeof import("../lib/entries");

const code = await withDatabase(async () => {
  ENTRIES = await import("../lib/entries");
  const { importLimits, readRunbookFiles } = await import("../lib/runbooks/read");
  const { planImport } = await import("../lib/runbooks/plan");
  const { applyImport, ImportConflictError, ImportWriteError } = await import("../lib/runbooks/apply");
  const { db } = await import("../lib/db");
  try {
    const severities = Object.fromEntries(
      values.severity.map((pair) => {
        const [label, severity] = pair.split("=");
        if (!label || !["SEV1", "SEV2", "SEV3", "SEV4", "UNKNOWN"].includes(severity ?? "")) throw new Error(`--severity ${pair}: say label=SEV1 … SEV4 or UNKNOWN`);
        return [label.toLowerCase(), severity as "SEV1"];
      }),
    );
    const bar = progressBar(values.progress || !!process.stderr.isTTY);
    const inputs = positionals.flatMap(inputsAt);
    bar.step("Reading", inputs.length);
    const read = readRunbookFiles(inputs, importLimits(), { includeSkipped: values["include-skipped"], severities }, (done, of) => bar.update(done, of));
    bar.stop();
    for (const { label, severity } of read.severities ?? []) say(`alerts labelled severity "${label || "(none)"}" become ${severity}`);
    if (read.skipped.length) {
      say(`left out (${read.skipped.length}):`);
      for (const file of read.skipped) say(`  ${file.file}${file.where ? `, ${file.where}` : ""}: ${file.message}`);
      say("");
    }
    const plan = await planImport(read.documents);
    const problems = [...read.problems, ...plan.problems];
    printPreview(plan, problems);
    if (problems.length) return 1;
    if (values["dry-run"]) {
      say("dry run: nothing was written");
      return 0;
    }
    if (plan.entries.every((e) => e.status === "unchanged" || e.status === "skip")) {
      say("nothing to change");
      return 0;
    }
    let actor: Actor = { id: null, name: "Runbook Portal CLI (import)", role: "ADMIN" };
    if (values.as) {
      const user = await db.user.findUnique({ where: { email: values.as.trim().toLowerCase() }, select: { id: true, name: true, role: true, disabled: true } });
      if (!user || user.disabled || user.role === "VIEWER") {
        say(`${values.as} is not an active editor or admin of this portal`);
        return 2;
      }
      actor = { id: user.id, name: user.name, role: user.role };
    }
    try {
      const total = plan.entries.filter((e) => e.status !== "unchanged" && e.status !== "skip").length;
      bar.step("Writing", total);
      const result = await applyImport(actor, plan, { incidentRef: values.incident ?? null }, { onProgress: ({ step, written }) => (step === "indexing" ? bar.step("Indexing", 1) : bar.update(written)) });
      bar.update(1);
      bar.stop();
      say(`imported: ${result.created} created, ${result.updated} updated, ${result.deleted} deleted, ${result.unchanged} unchanged`);
      return 0;
    } catch (error) {
      if (error instanceof ImportConflictError || error instanceof ImportWriteError) {
        say(`${error.message}\nNothing was written.`);
        return 1;
      }
      throw error;
    }
  } finally {
    await db.$disconnect();
  }
}, say);

process.exit(code);
