import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { toYaml, type ContactsFile, type SystemFile } from "@/lib/runbooks/format";
import type { InputFile } from "@/lib/runbooks/read";

// A set of runbooks in the runbook-portal/v1 format (docs/format.md): one document of
// contacts and one per system, as an export writes them and an import reads them. The
// demo runbooks are such a set in the repository (demo/runbooks); the generator
// (./generate.ts) makes others for tests and benchmarks.

export type RunbookSet = { contacts: ContactsFile; systems: SystemFile[] };

/** The repository's demo folder: runbooks/ (the files) and extras.yaml (what files do not hold). */
export const DEMO_DIR = fileURLToPath(new URL("../../demo/", import.meta.url));

/** The YAML files under `dir` (sub-folders too), named by their path inside it, in name order. */
function filesIn(dir: string): InputFile[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((name) => /\.ya?ml$/i.test(name))
    .sort()
    .map((name) => ({ name: relative(dir, join(dir, name)), bytes: readFileSync(join(dir, name)) }));
}

/** The demo runbook files, as an upload of the folder would give them. */
export function demoFiles(): InputFile[] {
  return filesIn(join(DEMO_DIR, "runbooks"));
}

/** The demo runbooks as a set (the files, parsed: they are checked when they are loaded). */
export function demoSet(): RunbookSet {
  const documents = demoFiles().map((file) => parse(Buffer.from(file.bytes).toString("utf8")) as SystemFile | ContactsFile);
  return {
    contacts: documents.find((document): document is ContactsFile => document.kind === "contacts")!,
    systems: documents.filter((document): document is SystemFile => document.kind === "system"),
  };
}

/** Two sets as one: both sets' contacts and systems. */
export function joinSets(a: RunbookSet, b: RunbookSet): RunbookSet {
  return { contacts: { ...a.contacts, contacts: [...a.contacts.contacts, ...b.contacts.contacts] }, systems: [...a.systems, ...b.systems] };
}

/** A set as the files an export would write: contacts.yaml and systems/<slug>.yaml. */
export function setFiles(set: RunbookSet): InputFile[] {
  const file = (name: string, document: unknown) => ({ name, bytes: new TextEncoder().encode(toYaml(document)) });
  return [file("contacts.yaml", set.contacts), ...set.systems.map((system) => file(`systems/${system.slug}.yaml`, system))];
}
