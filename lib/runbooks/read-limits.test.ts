import { strToU8 } from "fflate";
import { afterEach, expect, test } from "vitest";
import { importLimits, readRunbookFiles } from "./read";
import { readUploads } from "./off-thread";

// Files made to be expensive are refused with a plain reason, never parsed at length, never
// an exception: many tiny documents, aliases that expand a billion times, deep nesting, a
// rules file of 20,000 alerts; and a reading past its time budget stops in its worker.

const yaml = (name: string, text: string) => ({ name, bytes: strToU8(text) });
const messages = (result: { problems: { message: string }[] }) => result.problems.map((p) => p.message);

afterEach(() => {
  delete process.env.RUNBOOK_IMPORT_READ_SECONDS;
});

test("a file of 32,000 tiny documents is refused by its count, before any is built", () => {
  const result = readRunbookFiles([yaml("many.yaml", "---\nx: 1\n".repeat(32_000))], importLimits());
  expect(result.documents).toEqual([]);
  expect(messages(result)).toEqual(["This file is too complex: it holds 32,000 YAML documents, and one file may hold at most 2,000."]);
});

/** "Billion laughs": nine levels of nine aliases each, 9^9 values once expanded. */
function aliasBomb(first: string) {
  const levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"];
  for (let i = 1; i < 9; i++) {
    const name = String.fromCharCode(97 + i);
    const previous = String.fromCharCode(96 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(", ")}]`);
  }
  return `${first}\n${levels.join("\n")}\n`;
}

test.each([
  ["a runbook file", "format: runbook-portal/v1\nkind: system\nslug: bomb\nname: Bomb"],
  ["what looks like alerting rules", "groups: []"],
  ["what looks like a Backstage catalog", "apiVersion: backstage.io/v1alpha1\nkind: Component"],
])("aliases that expand a billion times, in %s, are a problem, not an error", (_what, first) => {
  const result = readRunbookFiles([yaml("bomb.yaml", aliasBomb(first))], importLimits());
  expect(result.documents).toEqual([]);
  expect(messages(result)).toContain("This document expands too many aliases (*name): at most 100 are allowed.");
});

test("YAML nested 200 levels deep is refused", () => {
  const deep = `${"[".repeat(200)}${"]".repeat(200)}\n`;
  const result = readRunbookFiles([yaml("deep.yaml", deep)], importLimits());
  expect(messages(result)).toEqual([expect.stringMatching(/^This file is too complex: its YAML nests \d+ levels deep, and at most 64 are allowed\.$/)]);
});

/** A Prometheus rules file of `count` alerts. */
function rules(count: number) {
  const alerts = Array.from({ length: count }, (_, i) => `      - alert: Generated${i}Down\n        expr: up{job="gen-${i}"} == 0\n        labels:\n          severity: critical`);
  return `groups:\n  - name: generated\n    rules:\n${alerts.join("\n")}\n`;
}

test("a rules file of 20,000 alerts is refused by its count; 5,000 are read", () => {
  const many = readRunbookFiles([yaml("rules.yaml", rules(20_000))], importLimits());
  expect(many.documents).toEqual([]);
  expect(messages(many)).toEqual(["These rules are too many for one import: they hold 20,000 alerting rules, and one import takes at most 5,000."]);
  const enough = readRunbookFiles([yaml("rules.yaml", rules(5_000))], importLimits());
  expect(enough.problems).toEqual([]);
  expect(enough.documents[0]!.document.kind === "system" && enough.documents[0]!.document.failureModes).toHaveLength(5_000);
});

test("in its worker thread, a reading past its time budget stops, and the upload's one problem says so", { timeout: 60_000 }, async () => {
  const files = [yaml("rules.yaml", rules(5_000))];
  expect((await readUploads(files, importLimits())).problems).toEqual([]);
  process.env.RUNBOOK_IMPORT_READ_SECONDS = "0.05";
  const stopped = await readUploads(files, importLimits());
  expect(stopped.documents).toEqual([]);
  expect(messages(stopped)).toEqual(["These files are too complex to read: reading them took longer than 0.05 s, the most one upload may take."]);
});

test("a problem that quotes half a surrogate pair from the file quotes it as U+FFFD, so the preview can be kept", () => {
  const file = 'format: runbook-portal/v1\nkind: system\nslug: odd\nname: Odd\ntier: TIER_3\n"odd \\ud800": 1\n';
  const result = readRunbookFiles([yaml("odd.yaml", file)], importLimits());
  expect(messages(result)).toEqual(['Unknown field "odd \ufffd": not part of runbook-portal/v1.']);
  expect(result.problems.every((p) => p.message.isWellFormed() && p.where.isWellFormed())).toBe(true);
});
