import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { saveEntry } from "@/lib/entries/save";
import { readRunbookFiles, type InputFile } from "../read";
import { planImport } from "../plan";
import { applyImport } from "../apply";
import { exportCatalog } from "../catalog";
import { parseRef, refText } from "./backstage";

// Backstage catalogs through the import (Components and Systems become systems, owners
// contacts, dependsOn dependencies), and systems back out as catalog-info.yaml.

const database = await ownDatabase("backstage");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const actor: Actor = { id: null, name: "Bea Backstage", role: "EDITOR" };
const catalogText = readFileSync(join("test", "fixtures", "backstage", "catalog-info.yaml"), "utf8");
const file = (text: string, name = "catalog-info.yaml"): InputFile => ({ name, bytes: new TextEncoder().encode(text) });
const meta = { changeNote: "Created", incidentRef: null };

async function plan(files: InputFile[]) {
  const read = readRunbookFiles(files);
  const planned = await planImport(read.documents);
  return { ...planned, problems: [...read.problems, ...planned.problems], skipped: read.skipped };
}

beforeAll(async () => {
  // The portal already has fraud scoring (a dependency links to it) and the payments team's contact (left as it is).
  await saveEntry(actor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: "fraud-scoring", name: "Fraud scoring", tier: "TIER_2" }), meta);
  await saveEntry(actor, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ key: "payments-team", name: "Payments (portal's own)", kind: "TEAM", chat: "#payments" }), meta);
});

test("Components and Systems become systems, owners contacts, dependsOn dependencies; other kinds are listed as left out", async () => {
  const planned = await plan([file(catalogText)]);
  expect(planned.problems).toEqual([]);
  expect(planned.skipped).toEqual([{ file: "catalog-info.yaml", where: "document 7", message: 'API "payments-v1": only Components and Systems become systems; left out.' }]);
  const by = (status: string, type: string) => planned.entries.filter((e) => e.status === status && e.ref.type === type).map((e) => e.ref.name).sort();
  expect(by("create", "SYSTEM")).toEqual(["ledger", "payments", "payments-api"]);
  expect(by("create", "CONTACT")).toEqual(["jdoe"]);
  expect(by("unchanged", "CONTACT")).toEqual(["payments-team"]);
  await applyImport(actor, planned);

  const api = await db.system.findUniqueOrThrow({ where: { slug: "payments-api" }, include: { owner: true, dependencies: { include: { dependsOnSystem: true }, orderBy: { key: "asc" } } } });
  expect(api).toMatchObject({
    name: "Payments API",
    purpose: "Authorises card payments for checkout.\n\nTalks to the acquirer over mTLS.",
    tier: "TIER_1",
    links: [
      { label: "Dashboard", url: "https://grafana.example.com/d/payments-api" },
      { label: "github.com", url: "https://github.com/example/payments-api" },
    ],
    components: [],
    owner: { key: "payments-team", name: "Payments (portal's own)", chat: "#payments" },
  });
  expect(api.dependencies.map((d) => [d.key, d.name, d.kind, d.dependsOnSystem?.slug ?? null, d.usedFor])).toEqual([
    ["fraud-scoring", "component:fraud-scoring", "INTERNAL_SYSTEM", "fraud-scoring", ""],
    ["ledger", "component:ledger", "INTERNAL_SYSTEM", "ledger", ""],
    ["resource-payments-db", "resource:payments-db", "DATABASE", null, "PostgreSQL holding payments and their states."],
  ]);
  const ledger = await db.system.findUniqueOrThrow({ where: { slug: "ledger" }, include: { owner: true } });
  expect(ledger).toMatchObject({ name: "ledger", tier: "TIER_2", components: [{ kind: "Backstage component", name: "service (experimental)", identifier: "component:ledger" }], owner: { key: "jdoe", name: "Jane Doe", kind: "PERSON", email: "jane.doe@example.com" } });
  const payments = await db.system.findUniqueOrThrow({ where: { slug: "payments" } });
  expect(payments).toMatchObject({ tier: "TIER_3", components: [{ kind: "Backstage system", name: "system", identifier: "system:payments" }] });
  const revision = await db.revision.findFirstOrThrow({ where: { entityId: api.id } });
  expect(revision.changeNote).toBe("Imported from catalog-info.yaml");

  const again = await plan([file(catalogText)]);
  expect(again.entries.filter((e) => e.status !== "unchanged")).toEqual([]);
});

test("a catalog changes only what it knows of a system: failure modes, on-call and the team's own components stay", async () => {
  const api = await db.system.findUniqueOrThrow({ where: { slug: "payments-api" } });
  const values = ENTITIES.SYSTEM.schema.parse({
    ...api,
    onCall: "Payments rota in PagerDuty",
    components: [{ kind: "Lambda", name: "authoriser", identifier: "arn:aws:lambda:eu-west-1:1:function:authoriser" }],
  });
  await saveEntry(actor, "SYSTEM", { id: api.id }, values, { changeNote: "On-call added", incidentRef: null, expectedVersion: api.version });
  await saveEntry(actor, "FAILURE_MODE", { systemId: api.id }, ENTITIES.FAILURE_MODE.schema.parse({ title: "Acquirer timeouts", severity: "SEV1", alertNames: ["AcquirerTimeout"] }), meta);

  const changed = catalogText.replace("title: Payments API", "title: Payments API (card)").replace("lifecycle: production\n  owner: payments-team", "lifecycle: deprecated\n  owner: payments-team");
  const planned = await plan([file(changed)]);
  expect(planned.problems).toEqual([]);
  const updates = planned.entries.filter((e) => e.status !== "unchanged");
  expect(updates.map((e) => [e.ref.name, e.status, e.changes.map((c) => c.key)])).toEqual([["payments-api", "update", ["name", "components"]]]);
  await applyImport(actor, planned);
  const after = await db.system.findUniqueOrThrow({ where: { slug: "payments-api" }, include: { failureModes: true } });
  expect(after).toMatchObject({ name: "Payments API (card)", onCall: "Payments rota in PagerDuty", tier: "TIER_1" });
  expect(after.components).toEqual([
    { kind: "Lambda", name: "authoriser", identifier: "arn:aws:lambda:eu-west-1:1:function:authoriser" },
    { kind: "Backstage component", name: "service (deprecated)", identifier: "component:payments-api" },
  ]);
  expect(after.failureModes.map((fm) => fm.title)).toEqual(["Acquirer timeouts"]);
});

test("catalog-info.yaml out: one entity per system linking to its runbook, and back in it changes nothing", async () => {
  const text = (await exportCatalog("https://runbooks.example.com/"))!;
  const entities = parseAllDocuments(text).map((doc) => (Array.isArray(doc) ? null : doc.toJS()));
  const api = entities.find((e) => e.metadata.name === "payments-api");
  expect(api).toEqual({
    apiVersion: "backstage.io/v1alpha1",
    kind: "Component",
    metadata: {
      name: "payments-api",
      title: "Payments API (card)",
      description: "Authorises card payments for checkout.\n\nTalks to the acquirer over mTLS.",
      annotations: { "runbook-portal.io/overview": "https://runbooks.example.com/systems/payments-api", "runbook-portal.io/tier": "1" },
      links: [
        { url: "https://runbooks.example.com/systems/payments-api", title: "Runbook", icon: "docs", type: "runbook" },
        { url: "https://grafana.example.com/d/payments-api", title: "Dashboard" },
        { url: "https://github.com/example/payments-api", title: "github.com" },
      ],
    },
    spec: { type: "service", lifecycle: "deprecated", owner: "group:payments-team", dependsOn: ["component:fraud-scoring", "component:ledger", "resource:payments-db"] },
  });

  // The original file's entities, as refs and fields, survive the round trip.
  const original = parseAllDocuments(catalogText).map((doc) => (Array.isArray(doc) ? null : doc.toJS()));
  for (const name of ["payments", "ledger"]) {
    const before = original.find((e) => e.metadata.name === name);
    const after = entities.find((e) => e.metadata.name === name);
    expect(after.kind).toBe(before.kind);
    expect(after.metadata.description).toBe(before.metadata.description);
    expect(refText(parseRef(after.spec.owner, "group"))).toBe(refText(parseRef(before.spec.owner, "group")));
    expect(after.spec.lifecycle).toBe(before.spec.lifecycle);
  }
  expect(entities.find((e) => e.metadata.name === "fraud-scoring")).toMatchObject({ kind: "Component", spec: { owner: "unknown", type: "service" } });

  // Back in, it changes nothing (a system that never came from a catalog included).
  const again = await plan([file(text)]);
  expect(again.problems).toEqual([]);
  expect(again.entries.filter((e) => e.status !== "unchanged")).toEqual([]);

  expect(await exportCatalog("https://runbooks.example.com", "no-such-system")).toBeNull();
  const one = (await exportCatalog("https://runbooks.example.com", "ledger"))!;
  expect(parseAllDocuments(one)).toHaveLength(1);
});

test("malformed catalogs are problems in the preview, and nothing is written", async () => {
  const before = await db.revision.count();
  const planned = await plan([
    file("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  title: No name\nspec:\n  owner: x\n", "no-name.yaml"),
    file("apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: bad-deps\nspec:\n  dependsOn: ledger\n", "bad.yaml"),
    file("apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: two words\n", "spaces.yaml"),
    file("apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata:\n  name: ok\n---\nkind: [unclosed\n", "broken.yaml"),
  ]);
  expect(planned.problems).toEqual([
    { file: "no-name.yaml", where: "metadata.name", message: "Every entity needs metadata.name" },
    { file: "spaces.yaml", where: "metadata.name", message: "A catalog name is letters and digits separated by -, _ or . (metadata.name)" },
    { file: "broken.yaml", where: expect.stringMatching(/^document 2, line \d+$/), message: expect.stringMatching(/\.$/) },
    { file: "bad.yaml", where: "spec.dependsOn", message: "dependsOn is a list of entity refs, e.g. [component:ledger, resource:payments-db]" },
  ]);
  await expect(applyImport(actor, planned)).rejects.toThrow();
  expect(await db.revision.count()).toBe(before);
});
