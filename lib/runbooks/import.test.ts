import { zipSync, strToU8 } from "fflate";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { saveEntry } from "@/lib/entries/save";
import { loadDemo } from "@/lib/demo/load";
import { exportRunbooks, exportSystem } from "./export";
import { readRunbookFiles, type ImportLimits } from "./read";
import { safeZipPath } from "./upload-files";
import { planImport } from "./plan";
import { applyImport, ImportConflictError } from "./apply";
import { search } from "@/lib/search";
import { addSearchWordsSince } from "@/lib/search/words";
import { jobsOf } from "@/lib/jobs/admin";

// Bad input never corrupts: every malformed file is a problem with its place and a plain
// message, and an import with problems writes nothing. A stale preview is refused.

const database = await ownDatabase("imports");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const actor: Actor = { id: null, name: "Ivy Importer", role: "EDITOR" };
const limits: ImportLimits = { maxFileBytes: 5 * 1024 * 1024, maxFiles: 5_000, maxTotalBytes: 200 * 1024 * 1024, maxEntries: 200_000 };
const yaml = (name: string, text: string) => ({ name, bytes: strToU8(text) });

beforeAll(async () => {
  await loadDemo();
});

async function counts() {
  const [revisions, systems, failureModes] = await Promise.all([db.revision.count(), db.system.count(), db.failureMode.count()]);
  return { revisions, systems, failureModes };
}

/** Reads and plans `inputs`; returns every problem as "file | where | message". */
async function problemsOf(inputs: { name: string; bytes: Uint8Array }[]) {
  const read = readRunbookFiles(inputs, limits);
  const plan = await planImport(read.documents);
  const problems = [...read.problems, ...plan.problems];
  if (problems.length) await expect(applyImport(actor, { entries: plan.entries, problems })).rejects.toThrow();
  return problems.map((p) => [p.file, p.where, p.message].join(" | "));
}

const system = (body: string) => `format: runbook-portal/v1\nkind: system\nslug: broken\nname: Broken\ntier: TIER_3\n${body}`;

describe("malformed files are problems in the preview, and nothing is written", () => {
  let before: Awaited<ReturnType<typeof counts>>;
  beforeAll(async () => {
    before = await counts();
  });
  afterAll(async () => {
    expect(await counts()).toEqual(before);
  });

  test.each([
    ["malformed YAML", system("failureModes:\n  - key: a\n    title: [unclosed\n"), /broken\.yaml \| line \d+ \| /],
    ["an unknown field", system("failureModes:\n  - key: a\n    title: A\n    severity: SEV2\n    colour: red\n"), /failureModes\[0\] \| Unknown field "colour"/],
    ["a wrong type", system("failureModes:\n  - key: a\n    title: A\n    severity: 5\n"), /line 9, failureModes\[0\]\.severity \| Pick a severity/],
    ["a list that is not a list", system("procedures:\n  - key: p\n    title: P\n    steps: do it\n"), /procedures\[0\]\.steps \| /],
    ["a missing procedure", system("failureModes:\n  - key: a\n    title: A\n    severity: SEV2\n    procedures: [nope]\n"), /failureModes\[0\]\.procedures \| No procedure of this system has the key "nope"/],
    ["a missing contact", system("owner: nobody-at-all\n"), /owner \| No contact has the key "nobody-at-all"/],
    ["a field given twice", system("purpose: one\npurpose: two\n"), /line \d+ \| A field is given twice/],
    ["a key given twice", system("failureModes:\n  - key: a\n    title: A\n    severity: SEV2\n  - key: a\n    title: B\n    severity: SEV3\n"), /failureModes\[1\] \| Two failure modes have the key "a"/],
    ["a bad key", system("failureModes:\n  - key: Not A Key\n    title: A\n    severity: SEV2\n"), /failureModes\[0\]\.key \| Use lowercase letters, digits and single hyphens/],
    ["a system depending on itself", system("dependencies:\n  - key: me\n    name: Me\n    kind: INTERNAL_SYSTEM\n    dependsOn: broken\n"), /dependencies\[0\]\.dependsOn \| A system cannot depend on itself/],
    ["a lone UTF-16 surrogate in text", system('purpose: "half a pair \\ud800"\n'), /line 6, purpose \| This text holds a character that cannot be stored/],
    ["a lone UTF-16 surrogate in a list", system('procedures:\n  - key: p\n    title: P\n    steps:\n      - instruction: "\\udfff"\n'), /procedures\[0\]\.steps\[0\]\.instruction \| This text holds a character that cannot be stored/],
    ["a number as text", system('procedures:\n  - key: p\n    title: P\n    estimatedMinutes: "15"\n'), /procedures\[0\]\.estimatedMinutes \| Expected a number/],
    ["true as a number", system("escalationLevels:\n  - key: l\n    name: L\n    level: true\n"), /escalationLevels\[0\]\.level \| Expected a number/],
    ["an invisible character in an alert name", system('failureModes:\n  - key: a\n    title: A\n    severity: SEV2\n    alertNames: ["Disk\\u200bFull"]\n'), /failureModes\[0\]\.alertNames\[0\] \| Alert names cannot contain control characters or invisible ones/],
    ["no format line", "kind: system\nslug: broken\nname: Broken\ntier: TIER_3\n", /format \| Start the file with "format: runbook-portal\/v1"/],
    ["no kind", "format: runbook-portal/v1\nslug: broken\n", /broken\.yaml \| line 1, kind \| Say what the document holds/],
  ])("%s", async (_name, text, expected) => {
    const problems = await problemsOf([yaml("broken.yaml", text)]);
    expect(problems.join("\n")).toMatch(expected);
  });

  test("a file of 20 MB", async () => {
    const head = system("purpose: |\n");
    const big = yaml("huge.yaml", head + "  x".repeat((20 * 1024 * 1024 - head.length) / 3));
    expect(await problemsOf([big])).toEqual(["huge.yaml |  | This file is 20.0 MB; one file may be at most 5.0 MB."]);
  });

  test("a zip with paths that leave it, and files that are not runbooks", async () => {
    const zip = zipSync({ "../../etc/passwd.yaml": strToU8("x: 1"), "/abs.yaml": strToU8("x: 1"), "ok/readme.txt": strToU8("hello"), ".hidden.yaml": strToU8("x") });
    const problems = await problemsOf([{ name: "upload.zip", bytes: zip }]);
    expect(problems).toEqual([
      'upload.zip | ../../etc/passwd.yaml | This path points outside the zip ("..", an absolute path or a backslash): the file is refused.',
      'upload.zip | /abs.yaml | This path points outside the zip ("..", an absolute path or a backslash): the file is refused.',
    ]);
    expect(safeZipPath("a/./b/c.yaml")).toBe("a/b/c.yaml");
    expect(safeZipPath("C:/x.yaml")).toBeNull();
    expect(safeZipPath("a\\..\\b.yaml")).toBeNull();
  });

  test("a zip of 10,000 files, and a zip that unpacks to more than a file may hold", async () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`systems/s${i}.yaml`, strToU8("x: 1")])));
    expect((await problemsOf([{ name: "many.zip", bytes: many }])).join("\n")).toContain("more than 5,000 runbook files");
    const bomb = zipSync({ "bomb.yaml": new Uint8Array(6 * 1024 * 1024) }, { level: 9 });
    expect(bomb.length).toBeLessThan(100_000);
    expect(await problemsOf([{ name: "bomb.zip", bytes: bomb }])).toEqual(["bomb.zip/bomb.yaml |  | This file is 6.0 MB; one file may be at most 5.0 MB."]);
  });

  test("not a zip, not UTF-8, not a runbook file", async () => {
    expect(await problemsOf([{ name: "fake.zip", bytes: strToU8("not a zip at all") }])).toEqual(["fake.zip |  | This is not a zip file that can be read (or one of its files is damaged)."]);
    expect(await problemsOf([{ name: "latin1.yaml", bytes: new Uint8Array([0x66, 0x6f, 0xe9, 0xff]) }])).toEqual(["latin1.yaml |  | This file is not UTF-8 text."]);
    expect(await problemsOf([yaml("notes.txt", "hello")])).toEqual(["notes.txt |  | Only .yaml, .yml, .md (alert runbooks) and .zip files can be imported."]);
  });

  test("the same system in two files", async () => {
    const text = system("");
    expect((await problemsOf([yaml("a.yaml", text), yaml("b.yaml", text)])).join("\n")).toContain('The system "broken" is also in a.yaml: one file per system.');
  });
});

test("a plan made before someone edited an entry is refused, and writes nothing", async () => {
  const files = await exportRunbooks();
  const edited = files.map((f) => (f.path === "systems/invoice-pipeline.yaml" ? { ...f, content: f.content.replace("title: Lambda timeout", "title: Lambda timeout (parser)") } : f));
  const read = readRunbookFiles(edited.map((f) => yaml(f.path, f.content)), limits);
  const plan = await planImport(read.documents);
  expect(plan.entries.filter((e) => e.status === "update")).toHaveLength(1);

  const contact = await db.contact.findFirstOrThrow({ where: { key: "devops" } });
  const snapshot = ENTITIES.CONTACT.schema.parse({ ...contact, notes: "Edited meanwhile." });
  await saveEntry(actor, "CONTACT", { id: contact.id }, snapshot, { expectedVersion: contact.version, changeNote: "meanwhile", incidentRef: null });
  const before = await counts();
  const refused = applyImport(actor, plan);
  await expect(refused).rejects.toBeInstanceOf(ImportConflictError);
  await expect(refused).rejects.toThrow(/contact devops/);
  expect(await counts()).toEqual(before);
});

test("one system's export stands on its own: its document and the contacts it names", async () => {
  const file = (await exportSystem("ad-performance-pull"))!;
  const read = readRunbookFiles([yaml(file.path, file.content)], limits);
  expect(read.problems).toEqual([]);
  expect(read.documents.map((d) => d.document.kind)).toEqual(["system", "contacts"]);
  const contacts = read.documents[1]!.document;
  expect(contacts.kind === "contacts" && contacts.contacts.map((c) => c.key).sort()).toEqual(["ads-owner", "devops"]);
  const plan = await planImport(read.documents);
  expect(plan.problems).toEqual([]);
  expect(plan.entries.every((e) => e.status === "unchanged")).toBe(true);
});

test("what an import writes is found by search as soon as it commits", async () => {
  const text = [
    "format: runbook-portal/v1",
    "kind: system",
    "slug: quasar-ledger",
    "name: Quasar ledger",
    "tier: TIER_2",
    "purpose: Books the zorbleflux settlements.",
    "failureModes:",
    "  - key: stuck",
    "    title: Settlements stuck in the quarkqueue",
    "    severity: SEV2",
    "    alertNames: [QuasarSettlementsStuck]",
    "",
  ].join("\n");
  const read = readRunbookFiles([yaml("systems/quasar-ledger.yaml", text)], limits);
  const plan = await planImport(read.documents);
  expect([...read.problems, ...plan.problems]).toEqual([]);
  await applyImport(actor, plan);
  // Found first (words the spelling lexicon does not know yet also bring their nearest known words' entries after it).
  expect((await search({ q: "quarkqueue" })).hits.map((hit) => [hit.type, hit.title])[0]).toEqual(["FAILURE_MODE", "Settlements stuck in the quarkqueue"]);
  expect((await search({ q: "zorbleflux" })).hits.map((hit) => hit.title)[0]).toEqual("Quasar ledger");
  expect((await search({ q: "QuasarSettlementsStuck" })).hits.map((hit) => hit.type)).toEqual(["FAILURE_MODE"]);
  // Its spelling words come with a job queued in the same transaction; then the words are known, and found alone.
  expect(await db.searchWord.count({ where: { word: "zorbleflux" } })).toBe(0);
  const [job] = await jobsOf("search:words");
  await addSearchWordsSince(new Date((job!.payload as { since: string }).since));
  expect(await db.searchWord.count({ where: { word: "zorbleflux" } })).toBe(1);
  expect((await search({ q: "quarkqueue" })).hits.map((hit) => [hit.type, hit.title])).toEqual([["FAILURE_MODE", "Settlements stuck in the quarkqueue"]]);
  expect((await search({ q: "zorbleflux" })).hits.map((hit) => hit.title)).toEqual(["Quasar ledger"]);
});
