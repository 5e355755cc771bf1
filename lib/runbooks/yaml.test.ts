import { expect, test } from "vitest";
import { demoFiles, setFiles } from "@/lib/demo/set";
import { generateRunbooks } from "@/lib/demo/generate";
import { parseDocuments, quickValues } from "./yaml";

// Files are read the quick way (js-yaml) when it can vouch for them, else the careful way
// (yaml, with positions and counted aliases). Both must give the same values.

const LIMITS = { maxDocuments: 2_000, maxNodes: 5_000_000, maxDepth: 64 };
const careful = (text: string) => {
  const parsed = parseDocuments(text, LIMITS.maxDocuments);
  if (!("documents" in parsed)) throw new Error("too many documents");
  return parsed.documents.map((doc) => doc.toJS());
};

test("the quick way reads every demo and generated file to the same values as the careful way", () => {
  const files = [...demoFiles(), ...setFiles(generateRunbooks(30, 5))];
  for (const file of files) {
    const text = Buffer.from(file.bytes).toString("utf8");
    const quick = quickValues(text, LIMITS);
    expect(quick, file.name).not.toBeNull();
    expect(quick!.values, file.name).toEqual(careful(text));
  }
});

test("anchors, aliases, duplicate keys, syntax errors and files past a limit are left to the careful way", () => {
  expect(quickValues("a: &x [1, 2]\nb: *x\n", LIMITS)).toBeNull();
  expect(quickValues("a: 1\na: 2\n", LIMITS)).toBeNull();
  expect(quickValues("a: [unclosed\n", LIMITS)).toBeNull();
  expect(quickValues("---\na: 1\n---\nb: 2\n---\nc: 3\n", { ...LIMITS, maxDocuments: 2 })).toBeNull();
  expect(quickValues("a:\n  b:\n    c:\n      d: 1\n", { ...LIMITS, maxDepth: 4 })).toBeNull();
  // Timestamps stay text, as the careful way (YAML 1.2's core schema) reads them.
  expect(quickValues("at: 2026-12-01\n", LIMITS)!.values).toEqual([{ at: "2026-12-01" }]);
  // Counted as the careful way counts (lib/runbooks/yaml.ts measure): the map, two pairs, two keys, two values, the list's two items.
  expect(quickValues("a: 1\nb: [x, y]\n", LIMITS)).toEqual({ values: [{ a: 1, b: ["x", "y"] }], nodes: 9 });
  // An asterisk in text is no alias.
  expect(quickValues("notes: Open a case as severity *Production system down*\n", LIMITS)!.values).toEqual([{ notes: "Open a case as severity *Production system down*" }]);
});
