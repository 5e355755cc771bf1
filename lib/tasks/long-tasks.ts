import "server-only";
import { db } from "@/lib/db";
import { assertRole, hasRole, type UserActor } from "@/lib/auth/roles";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { LongTaskKind, LongTaskState } from "@/lib/generated/prisma/enums";
import { addJob } from "@/lib/jobs/queue";
import { jobsOf } from "@/lib/jobs/admin";
import { positiveSetting } from "@/lib/settings";
import { auditExport } from "@/lib/audit/exports";
import { applyDraft, DraftNotFoundError, StalePreviewError, type ApplyProgress, type PreviewOptions } from "@/lib/runbooks/drafts";
import { ImportConflictError, ImportWriteError, type ImportMeta, type ImportResult } from "@/lib/runbooks/apply";
import { bundleArchive, runbooksArchive } from "@/lib/runbooks/archives";
import { zipStream } from "@/lib/runbooks/download";

// Work too long for one request, run by the job queue (lib/jobs, graphile-worker) and
// followed on /tasks/<id>: an import of more than RUNBOOK_IMPORT_JOB_ENTRIES entries, the
// offline bundle, the whole-portal zip. The page shows how far it is (a refresh shows more,
// with or without JavaScript) and the result. A portal stopped in the middle hands the job
// back (lib/jobs/runner.ts) and it runs again: an import is one transaction, so it either
// commits whole, marking its task done in the same transaction, or leaves nothing written.

/** Whether an import of files holding `entries` entries runs as a job: more than RUNBOOK_IMPORT_JOB_ENTRIES (default 300). */
export function runsAsJob(entries: number): boolean {
  return entries > positiveSetting("RUNBOOK_IMPORT_JOB_ENTRIES", 300);
}

/** How long a finished task (and an export's file) is kept. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export type ImportInput = { draftId: string; fingerprint: string; meta: ImportMeta; options: PreviewOptions };
export type ExportInput = { includeDeleted?: boolean };

/** How far a task is: its step and its counts. */
export type TaskProgress =
  | ApplyProgress
  | ({ step: "done"; read: number; planned: number; written: number; total: number })
  | { step: "queued" }
  | { step: "bundling"; systems: number; of: number }
  | { step: "exporting" }
  | { step: "zipping"; files: number };

export type TaskView = {
  id: string;
  kind: LongTaskKind;
  state: LongTaskState;
  progress: TaskProgress;
  result: ImportResult | { files: number; systems: number; bytes: number } | null;
  error: string | null;
  fileName: string | null;
  draftId: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

async function queue(actor: UserActor, kind: LongTaskKind, input: ImportInput | ExportInput): Promise<string> {
  return db.$transaction(async (tx) => {
    await tx.longTask.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEEP_MS) }, state: { in: ["DONE", "FAILED"] } } });
    const task = await tx.longTask.create({ data: { kind, authorId: actor.id, input: input as Prisma.InputJsonValue, progress: { step: "queued" } }, select: { id: true } });
    // A task catches its own errors and says them on its page; the job runs again only when
    // a portal stopped in the middle of it (its jobs handed back, lib/jobs/runner.ts).
    await addJob(tx, "task:run", { taskId: task.id }, { maxAttempts: 3 });
    return task.id;
  });
}

/** Queues the import of a previewed upload (the preview `fingerprint` the person confirmed). */
export async function queueImport(actor: UserActor, input: ImportInput): Promise<string> {
  assertRole(actor, "EDITOR");
  return queue(actor, "IMPORT", input);
}

/** Queues the offline bundle or the whole-portal zip; anyone signed in may export. */
export async function queueExport(actor: UserActor, kind: "BUNDLE" | "EXPORT", input: ExportInput = {}): Promise<string> {
  assertRole(actor, "VIEWER");
  return queue(actor, kind, input);
}

const VIEW = { id: true, kind: true, state: true, progress: true, result: true, error: true, fileName: true, input: true, createdAt: true, startedAt: true, finishedAt: true, authorId: true } as const;

/** A task as its page shows it: only to the person who started it, or an admin. */
export async function loadTask(actor: UserActor, id: string): Promise<TaskView | null> {
  const row = await db.longTask.findUnique({ where: { id }, select: VIEW });
  if (!row || (row.authorId !== actor.id && !hasRole(actor, "ADMIN"))) return null;
  // Shown as failed, not stored so: an admin may still run its job again at /admin/jobs.
  const dropped = (row.state === "QUEUED" || row.state === "RUNNING") && (await abandoned(id));
  const input = row.input as Partial<ImportInput>;
  return {
    id: row.id,
    kind: row.kind,
    state: dropped ? "FAILED" : row.state,
    progress: row.progress as TaskProgress,
    result: row.result as TaskView["result"],
    error: dropped ? ABANDONED : row.error,
    fileName: row.fileName,
    draftId: row.kind === "IMPORT" ? (input.draftId ?? null) : null,
    createdAt: row.createdAt,
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
  };
}

const ABANDONED =
  "It stopped: the portal running it stopped in the middle each time it was tried (or its job was discarded at Jobs), so it will not run again unless an admin retries its job there. Nothing of an import was written; start it again.";

/**
 * Whether nothing will run the task any more: its job is gone (discarded) or dead (every
 * attempt taken, none running). A task catches its own errors, so a job dies only with the
 * processes that ran it.
 */
async function abandoned(taskId: string): Promise<boolean> {
  return !(await jobsOf("task:run", { taskId })).some((job) => job.attempts < job.maxAttempts || job.locked);
}

/** The person's recent tasks of some kinds, newest first. */
export async function recentTasks(actor: UserActor, kinds: LongTaskKind[], take = 5) {
  return db.longTask.findMany({
    where: { authorId: actor.id, kind: { in: kinds } },
    orderBy: { createdAt: "desc" },
    take,
    select: { id: true, kind: true, state: true, fileName: true, createdAt: true, finishedAt: true },
  });
}

/** An export's file, for its author or an admin, while it is kept. */
export async function taskFile(actor: UserActor, id: string): Promise<{ name: string; bytes: Uint8Array } | null> {
  const row = await db.longTask.findUnique({ where: { id }, select: { authorId: true, state: true, file: true, fileName: true } });
  if (!row || row.state !== "DONE" || !row.file || !row.fileName || (row.authorId !== actor.id && !hasRole(actor, "ADMIN"))) return null;
  return { name: row.fileName, bytes: new Uint8Array(row.file) };
}

/** Writes progress at most every `ms` (the latest, a moment later, when it comes sooner), outside the task's own work. */
function reporter(id: string, ms = 300) {
  let last = 0;
  let pending: TaskProgress | null = null;
  let timer: NodeJS.Timeout | null = null;
  let writing: Promise<unknown> = Promise.resolve();
  const write = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (!pending) return;
    const progress = pending;
    pending = null;
    last = performance.now();
    writing = writing.then(() => db.longTask.update({ where: { id }, data: { progress } }).catch(() => {}));
  };
  return {
    tell(progress: TaskProgress) {
      pending = progress;
      const wait = ms - (performance.now() - last);
      if (wait <= 0) write();
      else timer ??= setTimeout(write, wait);
    },
    async flush() {
      write();
      await writing;
    },
  };
}

/** Why an import failed, in words for the person who started it. */
function importFailure(error: unknown): string | null {
  if (error instanceof StalePreviewError) return "The portal changed since the preview was shown, so nothing was imported. Open the preview again, check it and confirm.";
  if (error instanceof ImportConflictError) return `${error.message} Nothing was imported.`;
  if (error instanceof ImportWriteError) return `The portal refused this import, so nothing was written. ${error.message}`;
  if (error instanceof DraftNotFoundError) return error.message;
  return null;
}

/** The job: runs the task once (again after a restart, when it had not finished). */
export async function runTask(taskId: string): Promise<void> {
  const task = await db.longTask.findUnique({ where: { id: taskId }, select: { id: true, kind: true, state: true, input: true, startedAt: true, author: { select: { id: true, name: true, role: true, disabled: true } } } });
  if (!task || task.state === "DONE" || task.state === "FAILED") return;
  await db.longTask.update({ where: { id: taskId }, data: { state: "RUNNING", startedAt: task.startedAt ?? new Date() } });
  const actor: UserActor = { id: task.author.id, name: task.author.name, role: task.author.role };
  const progress = reporter(taskId);
  const fail = async (message: string) => {
    await progress.flush();
    await db.longTask.update({ where: { id: taskId }, data: { state: "FAILED", error: message, finishedAt: new Date() } });
  };
  try {
    if (task.author.disabled) return await fail("The account that started this is disabled, so it did not run.");
    if (task.kind === "IMPORT") {
      const input = task.input as ImportInput;
      let last: TaskProgress = { step: "reading" };
      const done = (result: ImportResult) => ({ state: "DONE" as const, result, progress: { ...last, step: "done" } as Prisma.InputJsonValue, finishedAt: new Date() });
      const result = await applyDraft(actor, input.draftId, input.fingerprint, input.meta, {
        ...input.options,
        onProgress: (now) => progress.tell((last = now)),
        // Done in the import's own transaction: committed together, or neither.
        alsoInTransaction: (tx, result) => tx.longTask.update({ where: { id: taskId }, data: done(result) }).then(() => {}),
      });
      // Again once any progress still on its way has been written (and for an upload another
      // task had imported already: applyDraft only returns its result).
      await progress.flush();
      await db.longTask.update({ where: { id: taskId }, data: done(result) });
      return;
    }
    const input = task.input as ExportInput;
    if (task.kind === "EXPORT") progress.tell({ step: "exporting" });
    const archive = task.kind === "BUNDLE" ? await bundleArchive((done, of) => progress.tell({ step: "bundling", systems: done, of })) : await runbooksArchive(!!input.includeDeleted);
    progress.tell({ step: "zipping", files: archive.audit.files });
    const bytes = new Uint8Array(await new Response(zipStream(archive.files, archive.folder)).arrayBuffer());
    await progress.flush();
    await auditExport(actor, archive.audit);
    await db.longTask.update({
      where: { id: taskId },
      data: { state: "DONE", file: Buffer.from(bytes), fileName: archive.name, result: { files: archive.audit.files, systems: archive.systems, bytes: bytes.length }, progress: { step: "zipping", files: archive.audit.files }, finishedAt: new Date() },
    });
  } catch (error) {
    const message = importFailure(error);
    if (!message) console.error(`[tasks] ${task.kind.toLowerCase()} ${taskId} failed`, error);
    await fail(message ?? "It stopped on an error the portal did not expect, so nothing was written. The server's log has the details; try again.");
  }
}

/** The import of this upload queued or running now, if any: its preview sends the person there. */
export async function runningImport(draftId: string): Promise<string | null> {
  const task = await db.longTask.findFirst({ where: { kind: "IMPORT", state: { in: ["QUEUED", "RUNNING"] }, input: { path: ["draftId"], equals: draftId } }, select: { id: true } });
  return task?.id ?? null;
}
