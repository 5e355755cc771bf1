import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";

// `npm run import` as a team runs it in CI: the OpenShift sample of Markdown runbooks,
// previewed, imported, and imported again with nothing to change; problems exit 1.

const database = await ownDatabase("cli");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

function command(script: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ["--conditions=react-server", "--import", "tsx", join("scripts", script), ...args], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: database.url },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}` };
}
const importCommand = (...args: string[]) => command("import.ts", ...args);

const corpus = join("test", "fixtures", "openshift-corpus", "openshift-runbooks");

test("the Markdown sample through npm run import: a dry run, the import, then nothing to change", async () => {
  const dry = importCommand(corpus, "--dry-run");
  expect(dry.out).toMatch(/left out \(3\):/);
  expect(dry.out).toMatch(/create {2}failure mode {2}cluster-etcd-operator\/etcd-members-down .*alerts\/cluster-etcd-operator\/etcdMembersDown\.md/);
  expect(dry.out).toMatch(/dry run: nothing was written/);
  expect(dry.code).toBe(0);
  expect(await db.failureMode.count()).toBe(0);

  const real = importCommand(corpus, "--incident", "MIGRATION-1", "--progress");
  expect(real.code).toBe(0);
  const created = Number(/imported: (\d+) created, 0 updated, 0 deleted/.exec(real.out)?.[1]);
  // The progress bar (asked for: stderr is not a terminal here): files read, then every entry written.
  expect(real.out).toMatch(/Reading +\[=+\] (\d+)\/\1\n/);
  expect(real.out).toContain(`Writing   [${"=".repeat(30)}] ${created}/${created}\n`);
  expect(created).toBe((await db.system.count()) + (await db.failureMode.count()) + (await db.remediationProcedure.count()));
  expect(await db.failureMode.count()).toBe(67);
  const revision = await db.revision.findFirstOrThrow({ where: { entityType: "FAILURE_MODE" } });
  expect(revision.changeNote).toMatch(/^Imported from [A-Za-z0-9]+\.md$/);
  expect(revision.incidentRef).toBe("MIGRATION-1");

  const again = importCommand(corpus);
  expect(again.out).toMatch(/nothing to change/);
  expect(again.code).toBe(0);
});

test("files with problems exit 1 and write nothing", async () => {
  const before = await db.revision.count();
  const broken = importCommand(join("test", "fixtures", "broken-runbook.yaml"));
  expect(broken.code).toBe(1);
  expect(broken.out).toMatch(/broken-runbook\.yaml +line \d+/);
  expect(await db.revision.count()).toBe(before);
});

test("a Backstage catalog in through npm run import, and out through npm run export --backstage", async () => {
  const imported = importCommand(join("test", "fixtures", "backstage", "catalog-info.yaml"));
  expect(imported.out).toMatch(/API "payments-v1": only Components and Systems become systems; left out\./);
  expect(imported.code).toBe(0);
  expect(await db.system.findUniqueOrThrow({ where: { slug: "payments-api" } })).toMatchObject({ name: "Payments API", tier: "TIER_1" });

  const dir = mkdtempSync(join(tmpdir(), "catalog-"));
  const exported = command("export.ts", dir, "--backstage", "--portal", "https://runbooks.example.com");
  expect(exported.code).toBe(0);
  const text = readFileSync(join(dir, "catalog-info.yaml"), "utf8");
  expect(text).toContain("runbook-portal.io/overview: https://runbooks.example.com/systems/payments-api");
  expect(importCommand(join(dir, "catalog-info.yaml")).out).toMatch(/nothing to change/);
});
