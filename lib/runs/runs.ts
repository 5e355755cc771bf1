import "server-only";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { RunKind, RunStatus, StepOutcome } from "@/lib/generated/prisma/enums";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { getEntitySnapshot, listSnapshots } from "@/lib/entries/snapshot";
import { NotFoundError, WriteRejectedError } from "@/lib/entries/errors";
import type { ProcedureStep } from "@/lib/validation/procedure";
import { newId } from "@/lib/db/ids";
import { auditEvents } from "@/lib/audit/events";
import { addJob } from "@/lib/jobs/queue";

// Runs: a procedure followed step by step, as a drill or during an incident. Every write
// is one transaction that first touches the run's row (which serializes two people on one
// run and makes the system's cached pages stale, prisma/migrations/*_runs), checks what
// the writer saw against what is stored (no mark or note overwritten unseen), and is
// refused once the run has ended. Anyone signed in may follow a run; runs are never deleted.

const STEP_SELECT = { index: true, outcome: true, reason: true, observed: true, seconds: true, markedAt: true, markedByName: true } as const satisfies Prisma.RunStepSelect;

/** Someone marked the step, or changed the notes, since the writer's page was loaded. */
export class RunChangedError extends Error {}

export type RunStepRow = {
  index: number;
  outcome: StepOutcome;
  reason: string;
  observed: string;
  seconds: number | null;
  markedAt: Date | null;
  markedByName: string | null;
};

/** Starts a run of a live procedure: the procedure's current version is copied into the run. */
export async function startRun(actor: Actor, procedureId: string, start: { kind: RunKind; incidentRef: string | null }) {
  assertRole(actor, "VIEWER");
  const procedure = await db.remediationProcedure.findUnique({
    where: { id: procedureId },
    select: { id: true, systemId: true, deletedAt: true, system: { select: { deletedAt: true } } },
  });
  if (!procedure) throw new NotFoundError("PROCEDURE", procedureId);
  if (procedure.deletedAt || procedure.system.deletedAt) throw new WriteRejectedError("This procedure is deleted; restore it before running it");
  const current = await getEntitySnapshot("PROCEDURE", procedureId);
  const steps = (current!.snapshot.steps as ProcedureStep[]) ?? [];
  if (steps.length === 0) throw new WriteRejectedError("This procedure has no steps yet: write them down before running it");
  const id = newId();
  await db.$transaction(async (tx) => {
    await tx.run.create({
      data: {
        id,
        procedureId,
        systemId: procedure.systemId,
        procedureVersion: current!.version,
        snapshot: current!.snapshot as Prisma.InputJsonValue,
        kind: start.kind,
        incidentRef: start.kind === "INCIDENT" ? start.incidentRef : null,
        startedById: actor.id,
        startedByName: actor.name,
      },
    });
    await tx.runStep.createMany({ data: steps.map((_, index) => ({ runId: id, index })) });
    if (start.kind === "INCIDENT") await addJob(tx, "notify:run", { runId: id, event: "started" });
    await auditEvents(tx, actor, [{ action: "run.started", entityType: "RUN", entityId: id, systemId: procedure.systemId, detail: { procedureId, kind: start.kind, ...(start.incidentRef ? { incidentRef: start.incidentRef } : {}) } }]);
  });
  return id;
}

/** Locks an open run for the rest of the transaction and counts the change; refuses an ended one. */
async function touchOpenRun(tx: Prisma.TransactionClient, runId: string) {
  const rows = await tx.$queryRaw<{ startedAt: Date; status: RunStatus }[]>`
    UPDATE "Run" SET "version" = "version" + 1, "updatedAt" = now() WHERE "id" = ${runId} RETURNING "startedAt", "status"`;
  const run = rows[0];
  if (!run) throw new NotFoundError("PROCEDURE", `run ${runId}`);
  if (run.status !== "IN_PROGRESS") throw new WriteRejectedError("This run has ended; it can no longer be changed");
  return run;
}

/**
 * Records how a step went. A step still to do takes the time since the last mark (or the
 * run's start); marking a step again corrects it and keeps its time. `seen` is the outcome
 * the person's page showed: if someone else marked the step meanwhile, nothing is written.
 */
export async function markStep(
  actor: Actor,
  mark: { runId: string; index: number; outcome: Exclude<StepOutcome, "PENDING">; seen: StepOutcome; reason: string; observed: string },
): Promise<RunStepRow> {
  assertRole(actor, "VIEWER");
  return db.$transaction(async (tx) => {
    const run = await touchOpenRun(tx, mark.runId);
    const step = await tx.runStep.findUnique({ where: { runId_index: { runId: mark.runId, index: mark.index } } });
    if (!step) throw new WriteRejectedError("This run has no such step");
    if (step.outcome !== mark.seen) {
      throw new RunChangedError(`${step.markedByName ?? "Someone"} marked this step ${step.outcome.toLowerCase()} meanwhile; the page now shows their mark. Yours was not saved.`);
    }
    const now = new Date();
    let seconds = step.seconds;
    if (step.outcome === "PENDING") {
      const last = await tx.runStep.aggregate({ where: { runId: mark.runId, markedAt: { not: null } }, _max: { markedAt: true } });
      const from = last._max.markedAt && last._max.markedAt > run.startedAt ? last._max.markedAt : run.startedAt;
      seconds = Math.max(0, Math.round((now.getTime() - from.getTime()) / 1000));
    }
    return tx.runStep.update({
      where: { runId_index: { runId: mark.runId, index: mark.index } },
      data: {
        outcome: mark.outcome,
        reason: mark.outcome === "DONE" ? "" : mark.reason,
        observed: mark.observed,
        seconds,
        markedAt: step.outcome === "PENDING" ? now : step.markedAt,
        markedByName: actor.name,
      },
      select: STEP_SELECT,
    });
  });
}

/** Saves the run's notes, unless someone else changed them since `base` was read. */
export async function saveRunNotes(actor: Actor, runId: string, notes: string, base: string) {
  assertRole(actor, "VIEWER");
  return db.$transaction(async (tx) => {
    await touchOpenRun(tx, runId);
    const { notes: stored } = (await tx.run.findUnique({ where: { id: runId }, select: { notes: true } }))!;
    if (stored !== base && stored !== notes) throw new RunChangedError("Someone else changed the notes meanwhile: theirs are shown above yours. Merge them and save again.");
    await tx.run.update({ where: { id: runId }, data: { notes } });
    return notes;
  });
}

/** Ends an open run: resolved, partly resolved or abandoned. Steps never marked stay "not done". */
export async function finishRun(actor: Actor, runId: string, status: Exclude<RunStatus, "IN_PROGRESS">, summary: string) {
  assertRole(actor, "VIEWER");
  return db.$transaction(async (tx) => {
    await touchOpenRun(tx, runId);
    const run = await tx.run.update({ where: { id: runId }, data: { status, summary, endedAt: new Date(), endedByName: actor.name }, select: { id: true, status: true, endedAt: true, systemId: true, procedureId: true, kind: true } });
    if (run.kind === "INCIDENT") await addJob(tx, "notify:run", { runId, event: "ended" });
    await auditEvents(tx, actor, [{ action: "run.finished", entityType: "RUN", entityId: runId, systemId: run.systemId, detail: { procedureId: run.procedureId, status } }]);
    return run;
  });
}

/** A run as its page shows it: the snapshot followed, its steps, and the revisions made from it. */
export async function getRun(id: string) {
  const run = await db.run.findUnique({
    where: { id },
    include: {
      steps: { orderBy: { index: "asc" }, select: STEP_SELECT },
      procedure: { select: { id: true, title: true, version: true, deletedAt: true, system: { select: { id: true, slug: true, name: true } } } },
      revisions: { orderBy: { createdAt: "asc" }, select: { id: true, entityType: true, entityId: true, version: true, changeNote: true, authorName: true, createdAt: true } },
    },
  });
  if (!run) return null;
  return { ...run, snapshotSteps: ((run.snapshot as { steps?: ProcedureStep[] }).steps ?? []) as ProcedureStep[] };
}

export type RunView = NonNullable<Awaited<ReturnType<typeof getRun>>>;

/** What a list of runs shows of each (components/runs/run-parts.tsx RunList). */
export const RUN_LIST_SELECT = {
  id: true,
  kind: true,
  incidentRef: true,
  status: true,
  startedAt: true,
  endedAt: true,
  startedByName: true,
  procedure: { select: { title: true } },
} as const satisfies Prisma.RunSelect;

/** The latest runs of any of `procedureIds` (a procedure's, or a failure mode's procedures'), newest first. */
export async function listRunsOfProcedures(procedureIds: string[], take = 10) {
  if (procedureIds.length === 0) return [];
  return db.run.findMany({ where: { procedureId: { in: procedureIds } }, orderBy: { startedAt: "desc" }, take, select: RUN_LIST_SELECT });
}

/** Runs still going (someone may need to join one), and the latest ended ones. */
export async function listRecentRuns(take = 30) {
  const [open, ended] = await Promise.all([
    db.run.findMany({ where: { status: "IN_PROGRESS" }, orderBy: { startedAt: "desc" }, take, select: RUN_LIST_SELECT }),
    db.run.findMany({ where: { status: { not: "IN_PROGRESS" } }, orderBy: { endedAt: "desc" }, take, select: RUN_LIST_SELECT }),
  ]);
  return { open, ended };
}

/** `runId` when it names a run of the procedure (an edit made from it links to it), else null. */
export async function runOfProcedure(runId: string, procedureId: string): Promise<string | null> {
  const run = await db.run.findUnique({ where: { id: runId }, select: { procedureId: true } });
  return run?.procedureId === procedureId ? runId : null;
}

/** A run that already happened, written in one go (the demo's past drills): each step's outcome and minutes, in order. */
export type PastRun = {
  kind: RunKind;
  incidentRef?: string;
  startedAt: Date;
  steps: { outcome: Exclude<StepOutcome, "PENDING">; minutes: number; reason?: string; observed?: string }[];
  status: Exclude<RunStatus, "IN_PROGRESS">;
  summary?: string;
};

/** Records a past run of a procedure's current version, inside the caller's transaction. */
export async function recordPastRun(tx: Prisma.TransactionClient, actor: Actor, procedureId: string, past: PastRun) {
  assertRole(actor, "VIEWER");
  const [current] = await listSnapshots("PROCEDURE", { id: procedureId }, tx);
  if (!current) throw new NotFoundError("PROCEDURE", procedureId);
  const steps = current.steps as ProcedureStep[];
  if (past.steps.length > steps.length) throw new WriteRejectedError("A past run has more steps than its procedure");
  const { version, ...rest } = current;
  const snapshot: Record<string, unknown> = { ...rest };
  delete snapshot.id;
  const id = newId();
  let at = past.startedAt.getTime();
  const marks = past.steps.map((step, index) => {
    at += step.minutes * 60_000;
    return { runId: id, index, outcome: step.outcome, reason: step.reason ?? "", observed: step.observed ?? "", seconds: step.minutes * 60, markedAt: new Date(at), markedByName: actor.name };
  });
  await tx.run.create({
    data: {
      id,
      procedureId,
      systemId: String(snapshot.systemId),
      procedureVersion: version,
      snapshot: snapshot as Prisma.InputJsonValue,
      kind: past.kind,
      incidentRef: past.kind === "INCIDENT" ? (past.incidentRef ?? null) : null,
      status: past.status,
      summary: past.summary ?? "",
      startedById: actor.id,
      startedByName: actor.name,
      startedAt: past.startedAt,
      endedAt: new Date(at + 60_000),
      endedByName: actor.name,
    },
  });
  await tx.runStep.createMany({ data: steps.map((_, index) => marks[index] ?? { runId: id, index }) });
  const systemId = String(snapshot.systemId);
  await auditEvents(tx, actor, [
    { action: "run.started", entityType: "RUN", entityId: id, systemId, detail: { procedureId, kind: past.kind, recorded: true } },
    { action: "run.finished", entityType: "RUN", entityId: id, systemId, detail: { procedureId, status: past.status, recorded: true } },
  ]);
  return id;
}
