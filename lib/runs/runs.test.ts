import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { db } from "@/lib/db";
import type { Actor } from "@/lib/auth/roles";
import { saveEntry } from "@/lib/entries/save";
import { getEntitySnapshot } from "@/lib/entries/snapshot";
import { ENTITIES } from "@/lib/entries";
import { markStepSchema, startRunFormSchema } from "@/lib/validation/runs";
import { finishRun, getRun, markStep, RunChangedError, saveRunNotes, startRun } from "./runs";
import { drillStatuses, stepStats } from "./drills";

// Runs through the same transactions the run page uses: snapshots, marks, times,
// two people on one run, the end, and what runs tell about a procedure.

let editor: Actor;
let viewer: Actor;
let other: Actor;
const uid = () => Math.random().toString(36).slice(2, 10);
const meta = { changeNote: "test", incidentRef: null };
const STEPS = [
  { instruction: "Pause the consumer", command: "kubectl scale deploy/consumer --replicas=0", expectedResult: "0 replicas" },
  { instruction: "Drain the queue", command: "drain.sh", expectedResult: "queue empty" },
  { instruction: "Resume the consumer", command: "", expectedResult: "" },
];

async function newProcedure() {
  const system = await saveEntry(editor, "SYSTEM", {}, ENTITIES.SYSTEM.schema.parse({ slug: `runs-${uid()}`, name: "Runs host", tier: "TIER_2" }), meta);
  return saveEntry(editor, "PROCEDURE", { systemId: system.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Drain the queue", steps: STEPS, estimatedMinutes: 10 }), meta);
}

/** Moves the run's clock back, as if it had started `seconds` ago (the database checks nothing about it). */
async function startedAgo(runId: string, seconds: number) {
  await db.$executeRaw`UPDATE "Run" SET "startedAt" = now() - make_interval(secs => ${seconds}) WHERE "id" = ${runId}`;
}

beforeAll(async () => {
  for (const [role, name] of [["EDITOR", "Erin Editor"], ["VIEWER", "Vic Viewer"], ["VIEWER", "Olu Oncall"]] as const) {
    const user = await db.user.create({ data: { email: `${uid()}@example.com`, name, role, passwordHash: "x" } });
    const actor = { id: user.id, name, role };
    if (name === "Erin Editor") editor = actor;
    else if (name === "Vic Viewer") viewer = actor;
    else other = actor;
  }
});

afterAll(() => db.$disconnect());

describe("a run", () => {
  test("a viewer runs a drill: each mark is stored with its time, reason and observation; the snapshot outlives edits", async () => {
    const procedure = await newProcedure();
    const runId = await startRun(viewer, procedure.id, { kind: "DRILL", incidentRef: null });
    await startedAgo(runId, 120);
    const first = await markStep(viewer, { runId, index: 0, outcome: "DONE", seen: "PENDING", reason: "ignored", observed: "scaled to 0 in 4 s" });
    expect(first).toMatchObject({ outcome: "DONE", reason: "", observed: "scaled to 0 in 4 s", markedByName: "Vic Viewer" });
    expect(first.seconds).toBeGreaterThanOrEqual(120);
    expect(first.seconds).toBeLessThan(180);
    const second = await markStep(viewer, { runId, index: 1, outcome: "FAILED", seen: "PENDING", reason: "drain.sh not on the bastion", observed: "command not found" });
    expect(second.seconds).toBeLessThan(60);
    await markStep(viewer, { runId, index: 2, outcome: "SKIPPED", seen: "PENDING", reason: "queue never drained", observed: "" });

    // The procedure changes afterwards; the run still shows what was followed.
    const current = (await getEntitySnapshot("PROCEDURE", procedure.id))!;
    await saveEntry(editor, "PROCEDURE", { id: procedure.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Drain the queue", steps: [STEPS[0], { ...STEPS[1], command: "/opt/bin/drain.sh" }] }), { ...meta, expectedVersion: current.version });
    await finishRun(viewer, runId, "PARTLY_RESOLVED", "Drain script missing");
    const run = (await getRun(runId))!;
    expect(run).toMatchObject({ kind: "DRILL", status: "PARTLY_RESOLVED", procedureVersion: 1, startedByName: "Vic Viewer", endedByName: "Vic Viewer", summary: "Drain script missing" });
    expect(run.snapshotSteps.map((s) => s.command)).toEqual(STEPS.map((s) => s.command));
    expect(run.steps.map((s) => [s.outcome, s.reason])).toEqual([["DONE", ""], ["FAILED", "drain.sh not on the bastion"], ["SKIPPED", "queue never drained"]]);
    expect(run.endedAt).not.toBeNull();
  });

  test("an ended run cannot change; an incident run needs its reference", async () => {
    const procedure = await newProcedure();
    const runId = await startRun(editor, procedure.id, { kind: "INCIDENT", incidentRef: "INC-2041" });
    await finishRun(editor, runId, "ABANDONED", "");
    await expect(markStep(editor, { runId, index: 0, outcome: "DONE", seen: "PENDING", reason: "", observed: "" })).rejects.toThrow(/has ended/);
    await expect(finishRun(editor, runId, "RESOLVED", "")).rejects.toThrow(/has ended/);
    expect(startRunFormSchema.safeParse({ kind: "INCIDENT", incidentRef: "" }).success).toBe(false);
    expect(startRunFormSchema.safeParse({ kind: "INCIDENT", incidentRef: "INC 2041/x" }).success).toBe(false);
    expect(startRunFormSchema.parse({ kind: "DRILL", incidentRef: "INC-1" })).toEqual({ kind: "DRILL", incidentRef: null });
    expect(markStepSchema.safeParse({ runId, index: 0, outcome: "FAILED", seen: "PENDING", reason: " " }).success).toBe(false);
    // The database keeps runs forever.
    await expect(db.$executeRaw`DELETE FROM "Run" WHERE "id" = ${runId}`).rejects.toThrow(/kept forever/);
  });

  test("two people on one run: a mark made meanwhile is never overwritten, nor are notes", async () => {
    const procedure = await newProcedure();
    const runId = await startRun(viewer, procedure.id, { kind: "DRILL", incidentRef: null });
    await markStep(viewer, { runId, index: 0, outcome: "DONE", seen: "PENDING", reason: "", observed: "" });
    await expect(markStep(other, { runId, index: 0, outcome: "FAILED", seen: "PENDING", reason: "timeout", observed: "" })).rejects.toBeInstanceOf(RunChangedError);
    // Having seen the mark, the other person corrects it: its time is kept.
    const before = (await getRun(runId))!.steps[0]!;
    const corrected = await markStep(other, { runId, index: 0, outcome: "FAILED", seen: "DONE", reason: "replicas stuck at 1", observed: "" });
    expect(corrected).toMatchObject({ outcome: "FAILED", seconds: before.seconds, markedByName: "Olu Oncall" });
    expect(corrected.markedAt).toEqual(before.markedAt);

    await saveRunNotes(viewer, runId, "paged the DBA", "");
    await expect(saveRunNotes(other, runId, "vendor ticket 7", "")).rejects.toBeInstanceOf(RunChangedError);
    await saveRunNotes(other, runId, "paged the DBA\nvendor ticket 7", "paged the DBA");
    expect((await getRun(runId))!.notes).toBe("paged the DBA\nvendor ticket 7");
  });
});

describe("what runs tell about a procedure", () => {
  test("last drill and overdue, step medians and failures, matched by instruction", async () => {
    const procedure = await newProcedure();
    const never = await drillStatuses([{ id: procedure.id, drillIntervalDays: 90 }]);
    expect(never.get(procedure.id)).toMatchObject({ state: "never", last: null });

    for (const [ago, outcome] of [[300, "DONE"], [60, "FAILED"], [600, "DONE"]] as const) {
      const runId = await startRun(viewer, procedure.id, { kind: "DRILL", incidentRef: null });
      await startedAgo(runId, ago);
      await markStep(viewer, { runId, index: 0, outcome, seen: "PENDING", reason: outcome === "FAILED" ? "stuck" : "", observed: "" });
      await finishRun(viewer, runId, "RESOLVED", "");
    }
    // An incident run counts for step figures, not as a drill.
    const incident = await startRun(viewer, procedure.id, { kind: "INCIDENT", incidentRef: "INC-7" });
    await markStep(viewer, { runId: incident, index: 1, outcome: "SKIPPED", seen: "PENDING", reason: "not needed", observed: "" });

    const stats = await stepStats(procedure.id, STEPS);
    expect(stats[0]).toMatchObject({ runs: 3, failures: 1, skips: 0 });
    expect(stats[0]!.medianSeconds).toBeGreaterThanOrEqual(300);
    expect(stats[0]!.medianSeconds).toBeLessThan(360);
    expect(stats[1]).toMatchObject({ runs: 1, skips: 1 });
    expect(stats[2]).toEqual({ runs: 0, medianSeconds: null, failures: 0, skips: 0 });
    // A step moved to another place keeps its figures.
    expect((await stepStats(procedure.id, [STEPS[2]!, STEPS[0]!]))[1]).toMatchObject({ runs: 3, failures: 1 });

    const status = (await drillStatuses([{ id: procedure.id, drillIntervalDays: 90 }])).get(procedure.id)!;
    expect(status.state).toBe("current");
    const later = (await drillStatuses([{ id: procedure.id, drillIntervalDays: 90 }], new Date(Date.now() + 100 * 86_400_000))).get(procedure.id)!;
    expect(later).toMatchObject({ state: "overdue", daysOverdue: 10 });
  });

  test("a revision saved from a run links to it, both ways", async () => {
    const procedure = await newProcedure();
    const runId = await startRun(viewer, procedure.id, { kind: "INCIDENT", incidentRef: "INC-99" });
    await finishRun(viewer, runId, "RESOLVED", "");
    const current = (await getEntitySnapshot("PROCEDURE", procedure.id))!;
    await saveEntry(editor, "PROCEDURE", { id: procedure.id }, ENTITIES.PROCEDURE.schema.parse({ title: "Drain the queue v2", steps: STEPS }), { changeNote: "after INC-99", incidentRef: "INC-99", runId, expectedVersion: current.version });
    const run = (await getRun(runId))!;
    expect(run.revisions).toMatchObject([{ entityType: "PROCEDURE", entityId: procedure.id, version: 2, changeNote: "after INC-99", authorName: "Erin Editor" }]);
  });
});
