import { unzipSync } from "fflate";
import { afterAll, beforeAll, expect, test } from "vitest";
import { ownDatabase } from "@/test/own-database";
import { db } from "@/lib/db";
import type { UserActor } from "@/lib/auth/roles";
import { generateRunbooks } from "@/lib/demo/generate";
import { setFiles } from "@/lib/demo/set";
import { loadDraft, previewDraft, saveDraft } from "@/lib/runbooks/drafts";
import { search } from "@/lib/search";
import { loadTask, queueExport, queueImport, runningImport, runTask, taskFile } from "./long-tasks";

// Long imports and exports as jobs (the job runner calls runTask; here it is called
// directly): the counts as they go, the result, the failure that writes nothing, and a
// task run again (a portal restarted in the middle) that finishes without doing anything twice.

const database = await ownDatabase("long_tasks");
afterAll(async () => {
  await db.$disconnect();
  await database.drop();
});

let editor: UserActor;
let other: UserActor;
let admin: UserActor;

beforeAll(async () => {
  const user = (email: string, role: "EDITOR" | "ADMIN") => db.user.create({ data: { email, name: email.split("@")[0]!, role, passwordHash: "x" } });
  const actor = (u: { id: string; name: string; role: UserActor["role"] }): UserActor => ({ id: u.id, name: u.name, role: u.role });
  editor = actor(await user("ivy@example.com", "EDITOR"));
  other = actor(await user("oli@example.com", "EDITOR"));
  admin = actor(await user("ada@example.com", "ADMIN"));
});

const systems = () => db.system.count();

async function queued(count: number, seed: number) {
  const draftId = await saveDraft(editor, setFiles(generateRunbooks(count, seed)));
  const preview = await previewDraft((await loadDraft(editor, draftId))!);
  expect(preview.problems).toEqual([]);
  return { draftId, preview, task: await queueImport(editor, { draftId, fingerprint: preview.fingerprint, meta: {}, options: {} }) };
}

test("a queued import runs as a job: its counts as it goes, then its result, and what it wrote is found at once", async () => {
  const { draftId, preview, task } = await queued(12, 7);
  expect((await loadTask(editor, task))!).toMatchObject({ state: "QUEUED", progress: { step: "queued" }, draftId });
  expect(await runningImport(draftId)).toBe(task);
  // The job, queued in the same transaction as the task.
  expect(await db.$queryRawUnsafe(`SELECT task_identifier FROM graphile_worker.jobs`)).toEqual([{ task_identifier: "task:run" }]);

  await runTask(task);
  const done = (await loadTask(editor, task))!;
  const planned = preview.plan.entries.filter((e) => e.status === "create").length;
  expect(done.state).toBe("DONE");
  expect(done.result).toMatchObject({ created: planned, updated: 0, deleted: 0 });
  expect(done.draftId).toBe(draftId);
  expect(done.progress).toEqual({ step: "done", read: planned, planned, written: planned, total: planned });
  expect(done.finishedAt).toBeInstanceOf(Date);
  expect(await systems()).toBe(12);
  expect((await loadDraft(editor, draftId))!.appliedAt).toBeInstanceOf(Date);
  expect(await runningImport(draftId)).toBeNull();
  const title = (await db.failureMode.findFirstOrThrow({ select: { title: true } })).title;
  expect((await search({ q: title })).hits.length).toBeGreaterThan(0);

  // Run again (a portal restarted after the import committed): nothing more is done.
  await db.longTask.update({ where: { id: task }, data: { state: "RUNNING" } });
  await runTask(task);
  expect(await systems()).toBe(12);
  expect((await loadTask(editor, task))!.state).toBe("DONE");

  // Only the person who started it, or an admin, sees it.
  expect(await loadTask(other, task)).toBeNull();
  expect(await loadTask(admin, task)).not.toBeNull();
});

test("an import whose preview went stale fails in plain words, and writes nothing", async () => {
  const { task } = await queued(3, 8);
  const id = await saveDraft(editor, setFiles(generateRunbooks(3, 9)));
  const draft = (await loadDraft(editor, id))!;
  // Someone imports other versions of the same systems first.
  const { applyImport } = await import("@/lib/runbooks/apply");
  const first = await applyImport(editor, (await previewDraft(draft)).plan);
  expect(first.updated).toBeGreaterThan(0);
  const revisions = await db.revision.count();
  await runTask(task);
  const failed = (await loadTask(editor, task))!;
  expect(failed.state).toBe("FAILED");
  expect(failed.error).toMatch(/^The portal changed since the preview was shown, so nothing was imported\./);
  expect(await db.revision.count()).toBe(revisions);
});

test("the offline bundle and the runbook zip are made by a job, with the systems counted, and kept for the person who asked", async () => {
  const bundle = await queueExport(other, "BUNDLE");
  await runTask(bundle);
  const ready = (await loadTask(other, bundle))!;
  const count = await db.system.count({ where: { deletedAt: null } });
  expect(ready).toMatchObject({ state: "DONE", progress: { step: "zipping" }, result: { systems: count } });
  expect(ready.fileName).toMatch(/^runbook-portal-offline-\d{4}-\d{2}-\d{2}\.zip$/);
  const file = (await taskFile(other, bundle))!;
  const names = Object.keys(unzipSync(file.bytes));
  expect(names).toContain(`${ready.fileName!.replace(/\.zip$/, "")}/index.html`);
  expect(names.filter((name) => /\/systems\/[^/]+\.html$/.test(name))).toHaveLength(count);
  expect(await taskFile(editor, bundle)).toBeNull();
  expect(await taskFile(admin, bundle)).not.toBeNull();

  const zip = await queueExport(other, "EXPORT");
  await runTask(zip);
  const files = Object.keys(unzipSync((await taskFile(other, zip))!.bytes));
  expect(files).toContain("contacts.yaml");
  expect(files.filter((name) => name.startsWith("systems/"))).toHaveLength(count);
  // Each export is in the audit log, as a download is.
  expect(await db.auditEvent.count({ where: { action: "export.downloaded" } })).toBe(2);
});

test("a task nothing will run any more (its job dead after the portal stopped in the middle each time, or discarded) says so, and is not left running", async () => {
  const dead = await queueExport(other, "EXPORT");
  await db.longTask.update({ where: { id: dead }, data: { state: "RUNNING" } });
  expect((await loadTask(other, dead))!.state).toBe("RUNNING");
  // Every attempt taken, none running: what a third kill -9 leaves.
  await db.$executeRawUnsafe(`UPDATE graphile_worker._private_jobs SET attempts = max_attempts, locked_at = NULL, locked_by = NULL WHERE payload->>'taskId' = $1`, dead);
  expect((await loadTask(other, dead))!).toMatchObject({ state: "FAILED", error: expect.stringMatching(/^It stopped: the portal running it stopped in the middle each time/) });

  const discarded = await queueExport(other, "BUNDLE");
  expect((await loadTask(other, discarded))!.state).toBe("QUEUED");
  await db.$executeRawUnsafe(`DELETE FROM graphile_worker._private_jobs WHERE payload->>'taskId' = $1`, discarded);
  expect((await loadTask(other, discarded))!.state).toBe("FAILED");
});
