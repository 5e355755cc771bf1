import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { loadTask, type TaskProgress, type TaskView } from "@/lib/tasks/long-tasks";
import { PageHeader } from "@/components/page-header";
import { buttonClass } from "@/components/ui/button";
import type { ImportResult as ImportOutcome } from "@/lib/runbooks/apply";
import { AfterImport, Imported } from "../../import/imported";
import { Refresher } from "./refresher";

export const metadata: Metadata = { title: "Progress" };

// A long import or export (lib/tasks/long-tasks.ts), as far as it is. While it runs, the
// page follows it every two seconds (a script asks for it again; without one, its Refresh
// link or the browser's does); the work goes on whether or not anyone watches.

const TITLES: Record<TaskView["kind"], string> = { IMPORT: "Import", BUNDLE: "Offline bundle", EXPORT: "Runbook files (.zip)" };

const count = (n: number | undefined) => (n ?? 0).toLocaleString("en");
const megabytes = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

/** The step in words, and how much of the whole is done (0–1), when that is known. */
function described(task: TaskView): { step: string; done?: number; figures: [string, string][] } {
  const p: TaskProgress = task.progress;
  if (task.state === "QUEUED") return { step: "Waiting for the portal’s job runner to take it.", figures: [] };
  if (p.step === "queued") return { step: "Starting.", figures: [] };
  if (p.step === "reading") return { step: "Reading the files.", figures: p.read === undefined ? [] : [["Entries read", count(p.read)]] };
  if (p.step === "planning") return { step: "Comparing the files with the portal.", figures: [["Entries read", count(p.read)]] };
  if (p.step === "writing" || p.step === "indexing" || p.step === "done") {
    const figures: [string, string][] = [
      ["Entries read", count(p.read)],
      ["Entries to write", count(p.planned)],
      ["Entries written", `${count(p.written)} of ${count(p.total)}`],
    ];
    const step = p.step === "writing" ? "Writing the entries, each with its first or next version." : p.step === "indexing" ? "Making the entries searchable, then committing." : "Done.";
    return { step, done: p.total ? p.written / p.total : 1, figures };
  }
  if (p.step === "bundling") return { step: "Writing each system’s pages.", done: p.of ? p.systems / p.of : 0, figures: [["Systems bundled", `${count(p.systems)} of ${count(p.of)}`]] };
  if (p.step === "exporting") return { step: "Writing each system’s file.", figures: [] };
  if (p.step === "zipping") return { step: "Zipping the files.", figures: [["Files", count(p.files)]] };
  return { step: "Working.", figures: [] };
}

function ImportResult({ task }: { task: TaskView }) {
  return (
    <>
      <Imported result={task.result as ImportOutcome} />
      <AfterImport />
    </>
  );
}

function ExportResult({ task }: { task: TaskView }) {
  const r = task.result as Extract<TaskView["result"], { bytes: number }>;
  return (
    <>
      <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 font-medium text-emerald-900">
        Ready: {count(r.systems)} systems in {count(r.files)} files. The download is kept for a day.
      </p>
      <p>
        <a href={`/tasks/${task.id}/download`} download className={buttonClass("primary")}>
          Download {task.fileName} ({megabytes(r.bytes)})
        </a>
      </p>
      <p>
        <Link href="/export">Back to Export</Link>
      </p>
    </>
  );
}

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!/^c[a-z0-9]{20,30}$/.test(id)) notFound();
  const task = await loadTask(user, id);
  if (!task) notFound();
  const running = task.state === "QUEUED" || task.state === "RUNNING";
  const { step, done, figures } = described(task);
  const back = task.kind === "IMPORT" ? <Link href="/import">Import</Link> : <Link href="/export">Export</Link>;
  return (
    <div className="max-w-3xl space-y-5">
      <Refresher running={running} />
      <PageHeader
        title={TITLES[task.kind]}
        eyebrow={back}
        description={`Started ${task.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC${task.finishedAt ? `, finished after ${Math.max(1, Math.round((task.finishedAt.getTime() - (task.startedAt ?? task.createdAt).getTime()) / 1000))} s` : ""}.`}
      />
      <section aria-labelledby="progress" className="space-y-3 rounded-lg border border-slate-300 bg-white p-5">
        <div aria-live="polite" className="space-y-3">
          <h2 id="progress" className="text-lg font-bold">
            {task.state === "QUEUED" ? "Queued" : task.state === "RUNNING" ? "Running" : task.state === "DONE" ? "Done" : "Failed"}
          </h2>
          {running ? <p>{step}</p> : null}
        </div>
        {running || task.state === "DONE" ? (
          <progress className="h-3 w-full" max={1} value={task.state === "DONE" ? 1 : done} aria-label={`${TITLES[task.kind]}: progress`}>
            {done === undefined ? "" : `${Math.round(done * 100)}%`}
          </progress>
        ) : null}
        {figures.length ? (
          <dl className="grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 text-sm">
            {figures.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-slate-700">{label}</dt>
                <dd className="font-medium tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
        ) : null}
        {running ? (
          <p className="text-sm text-slate-700">
            This page follows it every 2 seconds (<a href={`/tasks/${task.id}`}>Refresh</a> to see how far it is without JavaScript). You can leave it: the work goes on, and this
            page shows the result when you come back.
          </p>
        ) : null}
      </section>
      {task.state === "FAILED" ? (
        <div role="alert" className="space-y-2 rounded border-2 border-red-400 bg-red-50 p-4 text-red-950">
          <p className="font-medium">{task.error}</p>
          {task.draftId ? (
            <p>
              <Link href={`/import/${task.draftId}`}>Back to the preview</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      {task.state === "DONE" && task.result ? task.kind === "IMPORT" ? <ImportResult task={task} /> : <ExportResult task={task} /> : null}
    </div>
  );
}
