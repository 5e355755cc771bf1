import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { loadDemo } from "@/lib/demo/load";
import { exportRunbooks, exportSystem } from "./export";
import { runbookFileSchema, runbookJsonSchema } from "./format";

// The published JSON Schema (docs/runbook-portal.schema.json) is the one the import
// validates with, and what the portal exports passes it: an editor or a CI job checking
// files in a repository agrees with the portal.

const database = await ownDatabase("format");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});
beforeAll(async () => {
  await loadDemo();
});

const published = JSON.parse(readFileSync(join(process.cwd(), "docs", "runbook-portal.schema.json"), "utf8"));
const validate = new Ajv2020({ allErrors: true, validateFormats: false, strict: false }).compile(published);

test("docs/runbook-portal.schema.json is current (npm run schema writes it)", () => {
  expect(published).toEqual(JSON.parse(JSON.stringify(runbookJsonSchema())));
});

describe("files checked against the published schema", () => {
  test("every exported file passes", async () => {
    const files = [...(await exportRunbooks()), (await exportSystem("invoice-pipeline"))!];
    expect(files.length).toBeGreaterThan(3);
    for (const file of files) {
      for (const document of parseAllDocuments(file.content)) {
        const ok = validate(document.toJS());
        expect(validate.errors ?? [], file.path).toEqual([]);
        expect(ok).toBe(true);
      }
    }
  });

  test("what the import takes, the schema takes: optional numbers may be left out", () => {
    const minimal = {
      format: "runbook-portal/v1",
      kind: "system",
      slug: "minimal",
      name: "Minimal",
      tier: "TIER_4",
      procedures: [{ key: "p", title: "P" }],
      escalationLevels: [{ key: "l1", level: 1, name: "On call" }],
    };
    expect(runbookFileSchema.safeParse(minimal).success).toBe(true);
    expect(validate(minimal)).toBe(true);
  });

  test("unknown fields, wrong types and a missing format are refused", async () => {
    const file = (await exportRunbooks()).find((f) => f.path === "systems/invoice-pipeline.yaml")!;
    const system = parseAllDocuments(file.content)[0]!.toJS() as Record<string, unknown>;
    expect(validate(system)).toBe(true);
    expect(validate({ ...system, owner_email: "x@example.com" })).toBe(false);
    expect(validate({ ...system, tier: "TIER_9" })).toBe(false);
    const failureModes = system.failureModes as Record<string, unknown>[];
    expect(validate({ ...system, failureModes: [{ ...failureModes[0], severity: 3 }] })).toBe(false);
    const unformatted = { ...system };
    delete unformatted.format;
    expect(validate(unformatted)).toBe(false);
  });
});
