import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import { ForbiddenError, type Actor } from "@/lib/auth/roles";
import { deleteEntry, saveEntry } from "@/lib/entries/save";
import { markSystemReviewed } from "@/lib/data/systems";
import { getEntitySnapshot } from "@/lib/entries/snapshot";
import { listRevisions } from "@/lib/history/revisions";
import { ENTITIES } from "@/lib/entries";
import { finishRun, startRun } from "@/lib/runs/runs";
import { listReadiness } from "./facts";
import { setReadinessException } from "./exceptions";
import { READINESS_RULE_IDS, type ReadinessRuleId } from "./rules";

// The readiness checklist, rule by rule: each starts from a system that meets every rule,
// then breaks one thing, through the same save path the forms use.

let admin: Actor;
let editor: Actor;
const uid = () => Math.random().toString(36).slice(2, 10);
const DAY = 24 * 60 * 60 * 1000;
const meta = (changeNote = "test") => ({ changeNote, incidentRef: null });

type Ready = { systemId: string; slug: string; ownerId: string; backupId: string; fmId: string; procedureId: string; levelIds: string[] };

/** A system that meets every readiness rule. */
async function readySystem(): Promise<Ready> {
  const owner = await saveEntry(editor, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: `Owner ${uid()}`, kind: "PERSON" }), meta());
  const backup = await saveEntry(editor, "CONTACT", {}, ENTITIES.CONTACT.schema.parse({ name: `Backup ${uid()}`, kind: "PERSON" }), meta());
  const slug = `ready-${uid()}`;
  const system = await saveEntry(
    editor,
    "SYSTEM",
    {},
    ENTITIES.SYSTEM.schema.parse({ slug, name: `Ready ${slug}`, tier: "TIER_2", ownerId: owner.id, backupOwnerId: backup.id, onCall: "#payments-oncall" }),
    meta(),
  );
  await markSystemReviewed(editor, system.id, system.version, "");
  const procedure = await saveEntry(
    editor,
    "PROCEDURE",
    { systemId: system.id },
    ENTITIES.PROCEDURE.schema.parse({ title: "Restart the worker", steps: [{ instruction: "Restart it", command: "systemctl restart worker", expectedResult: "active (running)" }, { instruction: "Tell the channel" }] }),
    meta(),
  );
  const fm = await saveEntry(
    editor,
    "FAILURE_MODE",
    { systemId: system.id },
    ENTITIES.FAILURE_MODE.schema.parse({ title: "Worker stuck", severity: "SEV2", alertNames: ["WorkerStuck"], immediateActions: ["Check the queue"], procedureIds: [procedure.id] }),
    meta(),
  );
  const levelIds: string[] = [];
  for (const level of [1, 2]) {
    const row = await saveEntry(editor, "ESCALATION_LEVEL", { systemId: system.id }, ENTITIES.ESCALATION_LEVEL.schema.parse({ level, name: `Level ${level}`, contactIds: [level === 1 ? owner.id : backup.id] }), meta());
    levelIds.push(row.id);
  }
  const run = await startRun(editor, procedure.id, { kind: "DRILL", incidentRef: null });
  await finishRun(editor, run, "RESOLVED", "");
  return { systemId: system.id, slug, ownerId: owner.id, backupId: backup.id, fmId: fm.id, procedureId: procedure.id, levelIds };
}

async function item(systemId: string, rule: ReadinessRuleId, now = new Date()) {
  const [system] = await listReadiness([systemId], now);
  return system!.readiness.items.find((i) => i.rule === rule)!;
}

async function update(type: "SYSTEM" | "FAILURE_MODE" | "PROCEDURE", id: string, change: Record<string, unknown>) {
  const current = (await getEntitySnapshot(type, id))!;
  const values = { ...current.snapshot };
  for (const key of ["deletedAt", "lastReviewedAt", "lastReviewedById", "readinessExceptions", "systemId"]) delete values[key];
  return saveEntry(editor, type, { id }, ENTITIES[type].schema.parse({ ...values, ...change }), { ...meta(), expectedVersion: current.version });
}

beforeAll(async () => {
  const a = await db.user.create({ data: { email: `a-${uid()}@example.com`, name: "Ada Admin", role: "ADMIN", passwordHash: "x" } });
  const e = await db.user.create({ data: { email: `e-${uid()}@example.com`, name: "Erin Editor", role: "EDITOR", passwordHash: "x" } });
  admin = { id: a.id, name: a.name, role: a.role };
  editor = { id: e.id, name: e.name, role: e.role };
});

afterAll(() => db.$disconnect());

test("a system with everything in place meets every rule, and one with nothing fails every rule", async () => {
  const ready = await readySystem();
  const [system] = await listReadiness([ready.systemId]);
  expect(system!.readiness.items.map((i) => [i.rule, i.state])).toEqual(READINESS_RULE_IDS.filter((rule) => rule !== "team").map((rule) => [rule, "met"]));
  expect(system!.readiness.unmet).toBe(0);

  const empty = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: `empty-${uid()}`, name: "Empty", tier: "TIER_3" }), meta());
  const [bare] = await listReadiness([empty.id]);
  // With no procedures there is nothing to drill or to expect: those two hold; the failure-mode rule says what is missing.
  expect(bare!.readiness.items.filter((i) => i.state === "unmet").map((i) => i.rule)).toEqual(["owners", "on-call", "failure-modes", "escalation", "reviewed"]);
  expect(bare!.readiness.items.find((i) => i.rule === "failure-modes")!.detail).toBe("no failure modes");
});

describe("one rule at a time", () => {
  test("owners: owner and backup owner set (a deleted contact counts as none)", async () => {
    const ready = await readySystem();
    expect((await item(ready.systemId, "owners")).state).toBe("met");
    await update("SYSTEM", ready.systemId, { ownerId: "" });
    expect(await item(ready.systemId, "owners")).toMatchObject({ state: "unmet", detail: "no owner", fixHref: `/systems/${ready.slug}/edit#field-ownerId` });
    await update("SYSTEM", ready.systemId, { ownerId: ready.ownerId });
    await deleteEntry(editor, "CONTACT", ready.backupId, { ...meta(), expectedVersion: 1 });
    expect(await item(ready.systemId, "owners")).toMatchObject({ state: "unmet", detail: "no backup owner" });
  });

  test("on-call: set", async () => {
    const ready = await readySystem();
    expect((await item(ready.systemId, "on-call")).state).toBe("met");
    await update("SYSTEM", ready.systemId, { onCall: "  " });
    expect(await item(ready.systemId, "on-call")).toMatchObject({ state: "unmet", detail: "no on-call set" });
  });

  test("failure modes: each has alert names, a severity, immediate actions and a live procedure", async () => {
    const ready = await readySystem();
    expect((await item(ready.systemId, "failure-modes")).state).toBe("met");
    await update("FAILURE_MODE", ready.fmId, { alertNames: [], severity: "UNKNOWN" });
    expect(await item(ready.systemId, "failure-modes")).toMatchObject({
      state: "unmet",
      detail: "1 failure mode without alert names, 1 failure mode without a severity (SEV?)",
      fixHref: `/failure-modes/${ready.fmId}/edit`,
    });
    await update("FAILURE_MODE", ready.fmId, { alertNames: ["WorkerStuck"], severity: "SEV2", immediateActions: [] });
    expect((await item(ready.systemId, "failure-modes")).detail).toBe("1 failure mode without immediate actions");
    await update("FAILURE_MODE", ready.fmId, { immediateActions: ["Check the queue"] });
    expect((await item(ready.systemId, "failure-modes")).state).toBe("met");
    // Its only procedure deleted: the link stays, but no live procedure fixes it.
    const procedure = (await getEntitySnapshot("PROCEDURE", ready.procedureId))!;
    await deleteEntry(editor, "PROCEDURE", ready.procedureId, { ...meta(), expectedVersion: procedure.version });
    expect((await item(ready.systemId, "failure-modes")).detail).toBe("1 failure mode without a procedure");
  });

  test("expected results: every step with a command says what to expect", async () => {
    const ready = await readySystem();
    expect((await item(ready.systemId, "expected-results")).state).toBe("met");
    await update("PROCEDURE", ready.procedureId, { steps: [{ instruction: "Restart it", command: "systemctl restart worker" }, { instruction: "Drain it", command: "drain.sh" }, { instruction: "Tell the channel" }] });
    expect(await item(ready.systemId, "expected-results")).toMatchObject({
      state: "unmet",
      detail: "2 steps with a command but no expected result",
      fixHref: `/procedures/${ready.procedureId}/edit`,
    });
  });

  test("escalation: at least two levels with a live contact", async () => {
    const ready = await readySystem();
    expect((await item(ready.systemId, "escalation")).state).toBe("met");
    await deleteEntry(editor, "ESCALATION_LEVEL", ready.levelIds[1]!, { ...meta(), expectedVersion: 1 });
    expect(await item(ready.systemId, "escalation")).toMatchObject({ state: "unmet", detail: "only one escalation level with contacts" });
  });

  test("reviewed: within the system's review interval", async () => {
    const ready = await readySystem();
    expect((await item(ready.systemId, "reviewed")).state).toBe("met");
    expect(await item(ready.systemId, "reviewed", new Date(Date.now() + 95 * DAY))).toMatchObject({ state: "unmet", detail: "review overdue by 5 days" });
    const never = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: `never-${uid()}`, name: "Never", tier: "TIER_3" }), meta());
    expect(await item(never.id, "reviewed")).toMatchObject({ state: "unmet", detail: "never reviewed" });
  });

  test("drilled: every procedure has a completed drill within its interval", async () => {
    const ready = await readySystem();
    expect((await item(ready.systemId, "drilled")).state).toBe("met");
    expect(await item(ready.systemId, "drilled", new Date(Date.now() + 91 * DAY))).toMatchObject({ state: "unmet", detail: "1 drill overdue", fixHref: `/procedures/${ready.procedureId}#runs` });
    // A longer interval on the procedure: not due yet.
    await update("PROCEDURE", ready.procedureId, { drillIntervalDays: 180 });
    expect((await item(ready.systemId, "drilled", new Date(Date.now() + 91 * DAY))).state).toBe("met");
    // A second procedure never drilled; an abandoned drill does not count.
    const second = await saveEntry(editor, "PROCEDURE", { systemId: ready.systemId }, ENTITIES.PROCEDURE.schema.parse({ title: "Fail over", steps: [{ instruction: "Flip it" }] }), meta());
    const abandoned = await startRun(editor, second.id, { kind: "DRILL", incidentRef: null });
    await finishRun(editor, abandoned, "ABANDONED", "");
    expect(await item(ready.systemId, "drilled")).toMatchObject({ state: "unmet", detail: "1 procedure never drilled", fixHref: `/procedures/${second.id}#runs` });
  });
});

describe("not applicable", () => {
  test("an admin marks a rule not applicable with a reason, kept in the system's history; an editor cannot", async () => {
    const ready = await readySystem();
    await update("SYSTEM", ready.systemId, { onCall: "" });
    const current = (await getEntitySnapshot("SYSTEM", ready.systemId))!;
    await expect(setReadinessException(editor, ready.systemId, current.version, "on-call", "batch job")).rejects.toBeInstanceOf(ForbiddenError);
    await setReadinessException(admin, ready.systemId, current.version, "on-call", "A nightly batch job: nobody is paged for it");
    expect(await item(ready.systemId, "on-call")).toMatchObject({ state: "not-applicable", reason: "A nightly batch job: nobody is paged for it" });
    const [latest] = await listRevisions("SYSTEM", ready.systemId);
    expect(latest!.changeNote).toBe('Readiness: "On-call set" marked not applicable: A nightly batch job: nobody is paged for it');
    expect(latest!.authorName).toBe("Ada Admin");
    // An editor's save of the form keeps the mark (the form does not carry it).
    await update("SYSTEM", ready.systemId, { purpose: "Runs at night" });
    expect((await item(ready.systemId, "on-call")).state).toBe("not-applicable");
    await setReadinessException(admin, ready.systemId, current.version + 2, "on-call", null);
    expect((await item(ready.systemId, "on-call")).state).toBe("unmet");
  });
});

test("systems sort worst first", async () => {
  const ready = await readySystem();
  const worse = await readySystem();
  await update("SYSTEM", worse.systemId, { onCall: "", ownerId: "" });
  const sorted = await listReadiness([ready.systemId, worse.systemId]);
  expect(sorted.map((s) => s.id)).toEqual([worse.systemId, ready.systemId]);
  expect(sorted.map((s) => s.readiness.unmet)).toEqual([2, 0]);
});
