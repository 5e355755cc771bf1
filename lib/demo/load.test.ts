import { parse } from "yaml";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import { exportRunbooks } from "@/lib/runbooks/export";
import { demoFiles } from "./set";
import { isDatabaseEmpty, loadDemoIfEmpty, loadRunbookFiles } from "./load";

// The demo runbooks are YAML files in the repository (demo/runbooks), loaded through the
// import pipeline on first start: the portal then holds exactly what the files say (an
// export gives them back), with the extras the files do not carry (demo/extras.yaml).

const database = await ownDatabase("demo_load");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (date: Date | null) => (date ? Math.round((Date.now() - date.getTime()) / DAY) : null);

let loaded: boolean;
beforeAll(async () => {
  expect(await isDatabaseEmpty()).toBe(true);
  loaded = await loadDemoIfEmpty();
}, 60_000);

describe("the demo on first start", () => {
  test("loads into an empty database, and only into an empty one", async () => {
    expect(loaded).toBe(true);
    expect(await loadDemoIfEmpty()).toBe(false);
    expect(await db.system.count()).toBe(2);
  });

  test("the portal holds what the files say: an export gives the same documents back", async () => {
    const byName = (files: { name: string; text: string }[]) => Object.fromEntries(files.map((file) => [file.name, parse(file.text) as Record<string, unknown>]));
    const exported = byName((await exportRunbooks()).map((file) => ({ name: file.path, text: file.content })));
    // The review date is set relative to the day of loading (extras.yaml), so files do not hold it.
    for (const document of Object.values(exported)) delete document.lastReviewedAt;
    expect(exported).toEqual(byName(demoFiles().map((file) => ({ name: file.name, text: Buffer.from(file.bytes).toString("utf8") }))));
  });

  test("the same entries as the demo has always had, each at version 1 with its history", async () => {
    const counts = {
      contacts: await db.contact.count(),
      dependencies: await db.dependency.count(),
      procedures: await db.remediationProcedure.count(),
      failureModes: await db.failureMode.count(),
      escalationLevels: await db.escalationLevel.count(),
      runs: await db.run.count(),
    };
    expect(counts).toEqual({ contacts: 8, dependencies: 5, procedures: 2, failureModes: 5, escalationLevels: 6, runs: 4 });
    const entries = 2 + 8 + 5 + 2 + 5 + 6;
    expect(await db.revision.count({ where: { version: 1 } })).toBe(entries);
    expect(await db.revision.count()).toBe(entries);
    const linked = await db.failureMode.findUniqueOrThrow({ where: { systemId_key: { systemId: (await db.system.findUniqueOrThrow({ where: { slug: "invoice-pipeline" } })).id, key: "lambda-timeout" } }, select: { procedures: { select: { key: true } } } });
    expect(linked.procedures.map((p) => p.key)).toEqual(["unblock"]);
  });

  test("the extras: review ages relative to today, the approval policy, past runs of the current procedure", async () => {
    const systems = await db.system.findMany({ orderBy: { slug: "asc" }, select: { slug: true, lastReviewedAt: true, changesNeedApproval: true } });
    expect(systems.map((s) => [s.slug, daysAgo(s.lastReviewedAt), s.changesNeedApproval])).toEqual([
      ["ad-performance-pull", 200, false],
      ["invoice-pipeline", 20, true],
    ]);
    const runs = await db.run.findMany({ orderBy: { startedAt: "asc" }, select: { kind: true, status: true, incidentRef: true, procedureVersion: true, startedAt: true } });
    expect(runs.map((run) => [run.kind, run.status, run.incidentRef, run.procedureVersion, daysAgo(run.startedAt)])).toEqual([
      ["DRILL", "PARTLY_RESOLVED", null, 1, 130],
      ["DRILL", "RESOLVED", null, 1, 120],
      ["INCIDENT", "RESOLVED", "INC-2041", 1, 74],
      ["DRILL", "RESOLVED", null, 1, 40],
    ]);
  });
});

test("extras naming a procedure the files do not have: nothing is written", async () => {
  const before = await db.revision.count();
  await expect(
    loadRunbookFiles([{ name: "more.yaml", bytes: new TextEncoder().encode("format: runbook-portal/v1\nkind: system\nslug: extra-one\nname: Extra one\ntier: TIER_4\n") }], {
      extras: { systems: { "extra-one": { runs: [{ procedure: "nope", daysAgo: 1, kind: "DRILL", status: "RESOLVED", steps: [] }] } } },
    }),
  ).rejects.toThrow(/no procedure "nope"/);
  expect(await db.revision.count()).toBe(before);
  expect(await db.system.count()).toBe(2);
});
