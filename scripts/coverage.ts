// `npm run coverage -- <rules.yaml…|dir>`: which alerts of Prometheus rules have a runbook in
// the portal, as /coverage shows it, for a team's own CI:
//   --portal <url>           the portal's address (default: NEXTAUTH_URL), to tell whether
//                            each rule's runbook_url already sends to it
//   --write <dir>            writes the rules again with runbook_url set to the portal for
//                            every covered alert (comments and layout kept)
// An alert is a name, however many rules raise it (at several severities, say); each is
// listed with its rules. Exits 1 when an alert has no runbook (or a file has problems), 0
// when every alert has one.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { withDatabase } from "./lib/database";

const say = (message: string) => process.stdout.write(`${message}\n`);

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { portal: { type: "string" }, write: { type: "string" }, help: { type: "boolean", short: "h", default: false } },
});

if (values.help || positionals.length === 0) {
  say("usage: npm run coverage -- <rules.yaml…|dir> [--portal https://runbooks.example.com] [--write <dir>]");
  process.exit(values.help ? 0 : 2);
}

/** The .yaml files at `path`, named relative to the folder given. */
function filesAt(path: string): { name: string; text: string }[] {
  const full = resolve(path);
  if (!existsSync(full)) throw new Error(`${path} does not exist`);
  if (!statSync(full).isDirectory()) return [{ name: basename(full), text: readFileSync(full, "utf8") }];
  const found: { name: string; text: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const at = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith(".")) walk(at);
      else if (/\.ya?ml$/i.test(entry.name)) found.push({ name: relative(full, at), text: readFileSync(at, "utf8") });
    }
  };
  walk(full);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

function table(rows: string[][]) {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}

const portal = values.portal ?? process.env.NEXTAUTH_URL ?? "http://localhost:3000";

const code = await withDatabase(async () => {
  const { coverageReport } = await import("../lib/runbooks/coverage");
  const { db } = await import("../lib/db");
  try {
    const report = await coverageReport(positionals.flatMap(filesAt), portal);
    if (report.problems.length) {
      say(table([["file", "where", "problem"], ...report.problems.map((p) => [p.file, p.where, p.message])]));
      return 1;
    }
    const URL_TEXT = { portal: "points here", elsewhere: "points elsewhere", none: "none" };
    // One line per rule, the alert's name and runbook on its first only: `grep NONE` gives one line per alert without a runbook.
    say(
      table([
        ["alert", "runbook", "runbook_url", "severity", "for", "file", "group"],
        ...report.alerts.flatMap((a) =>
          a.rules.map((rule, index) => [
            index ? "" : a.name,
            index ? "" : a.status === "covered" ? a.runbooks.map((r) => `${r.system}: ${r.title}`).join("; ") : "NONE",
            URL_TEXT[rule.url],
            rule.severity ?? "",
            rule.for ?? "",
            rule.file,
            rule.group,
          ]),
        ),
      ]),
    );
    if (report.stale.length) {
      say(`\nRunbooks whose alerts no rule raises (stale?):`);
      for (const fm of report.stale) say(`  ${fm.system}: ${fm.title} [${fm.alertNames.join(", ")}]`);
    }
    const { counts } = report;
    say(`\n${counts.alerts} alerts (${counts.rules} rules): ${counts.covered} with a runbook, ${counts.uncovered} without; ${counts.pointingHere} with a runbook_url to this portal; ${counts.stale} stale runbooks`);
    if (values.write) {
      for (const file of report.patched) {
        const target = join(resolve(values.write), file.name);
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, file.text);
      }
      say(`wrote ${report.patched.length} rules file${report.patched.length === 1 ? "" : "s"} with runbook_url set to ${portal}/alerts/… in ${values.write}`);
    }
    return counts.uncovered > 0 ? 1 : 0;
  } finally {
    await db.$disconnect();
  }
}, say);

process.exit(code);
