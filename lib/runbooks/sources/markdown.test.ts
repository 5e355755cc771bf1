import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { unified } from "unified";
import remarkParse from "remark-parse";
import type { Code, Root } from "mdast";
import { visit } from "unist-util-visit";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { findFailureModesByAlert } from "@/lib/data/failure-modes";
import { search } from "@/lib/search";
import { readRunbookFiles } from "../read";
import { planImport } from "../plan";
import { applyImport } from "../apply";
import { commandsOf } from "./markdown";

// Real alert runbooks written by others (OpenShift, Apache 2.0; test/fixtures/openshift-corpus)
// through the import: nothing refused, every alert resolvable, no text lost, commands exact.

const database = await ownDatabase("markdown");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const CORPUS = join(process.cwd(), "test", "fixtures", "openshift-corpus");
const actor: Actor = { id: null, name: "Mo Markdown", role: "EDITOR" };

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : name.endsWith(".md") ? [path] : [];
  });
}

const corpus = filesUnder(join(CORPUS, "openshift-runbooks", "alerts")).map((path) => ({
  name: relative(join(CORPUS, "openshift-runbooks"), path),
  bytes: readFileSync(path),
}));
const manifest = readFileSync(join(CORPUS, "manifest.tsv"), "utf8")
  .trim()
  .split("\n")
  .slice(1)
  .map((line) => {
    const [alert, path, h1, kind, deprecated] = line.split("\t");
    return { alert: alert!, path: path!, h1: h1!, kind: kind!, deprecated: deprecated === "yes" };
  });
const runbooks = manifest.filter((row) => row.kind === "runbook" && !row.deprecated);

const parser = unified().use(remarkParse);
/** A section's text as the file has it, between its heading and the next "## ". */
function sectionOf(text: string, title: string): string | null {
  const match = new RegExp(`^## ${title}[ \\t]*\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, "m").exec(text);
  return match ? match[1]!.trim() : null;
}
const words = (text: string) => text.replace(/^\s*(\d+[.)]|[-*+])\s+/gm, "").replace(/\s+/g, " ").trim();

beforeAll(async () => {
  const read = readRunbookFiles(corpus);
  expect(read.problems).toEqual([]);
  const plan = await planImport(read.documents);
  expect(plan.problems).toEqual([]);
  await applyImport(actor, plan);
});

describe("the OpenShift sample", () => {
  test("imports with no problems: one system per operator folder; pointers and READMEs are listed as skipped", () => {
    const read = readRunbookFiles(corpus);
    expect(read.documents.map((d) => d.document.kind === "system" && d.document.slug).sort()).toEqual([
      "cluster-etcd-operator",
      "cluster-kube-apiserver-operator",
      "cluster-monitoring-operator",
      "cluster-network-operator",
      "machine-config-operator",
    ]);
    const stubs = manifest.filter((row) => row.kind !== "runbook").map((row) => row.path.replace(/^alerts\//, "alerts/"));
    expect(read.skipped.map((s) => s.file).sort()).toEqual(stubs.sort());
    expect(read.skipped.find((s) => s.file.endsWith("KubeAPIDown.md"))!.message).toMatch(/points elsewhere/);
  });

  test("every alert of a runbook resolves, by its file name and by its title where that differs", async () => {
    for (const row of runbooks) {
      for (const name of new Set([row.alert, row.h1])) {
        const found = await findFailureModesByAlert(name);
        expect(found.map((fm) => fm.title), name).toHaveLength(1);
      }
    }
  });

  test("no section loses text, and every command is kept exactly, without its prompt or output", async () => {
    let commands = 0;
    for (const row of runbooks) {
      const text = readFileSync(join(CORPUS, "openshift-runbooks", row.path), "utf8");
      const [fm] = await db.failureMode.findMany({ where: { alertNames: { has: row.alert } }, include: { procedures: true } });
      expect(fm, row.alert).toBeDefined();
      const impact = sectionOf(text, "Impact");
      if (impact !== null) expect(fm!.customerImpact).toBe(impact);
      for (const title of ["Meaning", "Diagnosis"]) {
        const body = sectionOf(text, title);
        if (body) expect(fm!.detection, `${row.alert} ${title}`).toContain(body);
      }
      const mitigation = sectionOf(text, "Mitigation");
      if (mitigation) expect(words(fm!.immediateActions.join("\n\n")), row.alert).toBe(words(mitigation));
      // Sections the mapping does not know are kept, under their own headings.
      for (const [, title] of text.matchAll(/^## (.+)$/gm)) {
        if (!/^(Meaning|Impact|Diagnosis|Mitigation)$/.test(title!.trim())) expect(fm!.detection).toContain(sectionOf(text, title!.trim().replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))!);
      }
      const steps = fm!.procedures.flatMap((p) => p.steps as { command: string }[]);
      // Every command of a shell block under Diagnosis or Mitigation is a step's command, line for line.
      for (const title of ["Diagnosis", "Mitigation"]) {
        const tree = parser.parse(sectionOf(text, title) ?? "") as Root;
        visit(tree, "code", (code: Code) => {
          commands += commandsOf(code).length;
          for (const command of commandsOf(code)) expect(steps.some((step) => step.command.split("\n").includes(command.split("\n")[0]!) && step.command.includes(command)), `${row.alert}: ${command}`).toBe(true);
        });
      }
      for (const step of steps) expect(step.command).not.toMatch(/^\$ /m);
    }
    expect(commands).toBeGreaterThan(150);
  });

  test("importing the same files again changes nothing", async () => {
    const plan = await planImport(readRunbookFiles(corpus).documents);
    expect(plan.problems).toEqual([]);
    expect(plan.entries.filter((e) => e.status !== "unchanged").map((e) => `${e.status} ${e.ref.name}`)).toEqual([]);
  });

  test("search finds an imported runbook by its alert name and by words of its text", async () => {
    expect((await search({ q: "etcdMembersDown", limit: 5 })).hits[0]).toMatchObject({ type: "FAILURE_MODE", title: "etcdMembersDown" });
    const byWords = await search({ q: "split-brain inconsistency", limit: 5 });
    expect(byWords.hits.map((hit) => hit.title)).toContain("etcdMembersDown");
  });
});

describe("commands in shell blocks", () => {
  const code = (lang: string, value: string) => ({ type: "code", lang, value }) as Code;
  test("prompts come off, output is left out, continued lines stay together", () => {
    expect(commandsOf(code("console", "$ oc get nodes\nNAME STATUS\nmaster-0 Ready\n$ oc adm upgrade"))).toEqual(["oc get nodes", "oc adm upgrade"]);
    expect(commandsOf(code("console", "$ oc get pods \\\n  -n openshift-etcd\nNAME READY"))).toEqual(["oc get pods \\\n  -n openshift-etcd"]);
    expect(commandsOf(code("bash", "oc get co\noc get nodes\n"))).toEqual(["oc get co\noc get nodes"]);
    expect(commandsOf(code("console", "NAME READY\netcd-0 1/1"))).toEqual([]);
    expect(commandsOf(code("yaml", "kind: Pod"))).toEqual([]);
  });
});
