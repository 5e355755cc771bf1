import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { PageHeader } from "@/components/page-header";
import { buttonClass } from "@/components/ui/button";
import { recentTasks } from "@/lib/tasks/long-tasks";
import { prepareExportAction } from "./actions";
import { PrepareExportForm } from "./prepare-form";

export const metadata: Metadata = { title: "Export" };

function IncludeDeleted({ id }: { id: string }) {
  return (
    <label htmlFor={id} className="flex items-center gap-2 text-sm">
      <input id={id} type="checkbox" name="deleted" value="1" className="h-4 w-4 shrink-0" />
      <span>
        Include deleted entries (marked <code>deleted: true</code>)
      </span>
    </label>
  );
}

const STATE_WORDS = { QUEUED: "queued", RUNNING: "running", DONE: "ready", FAILED: "failed" } as const;

export default async function ExportPage() {
  const user = await requireUser();
  const recent = await recentTasks(user, ["BUNDLE", "EXPORT"]);
  return (
    <div className="max-w-3xl space-y-8">
      <PageHeader
        title="Export"
        description="Take every runbook out of the portal: as files to keep in Git and import again, or as a copy to read when the portal itself is down."
      />
      <section aria-labelledby="yaml" className="space-y-3 rounded-lg border border-slate-300 bg-white p-5">
        <h2 id="yaml" className="text-xl font-bold">Runbook files (YAML)</h2>
        <p className="text-slate-800">
          A <code>.zip</code> of <code>systems/&lt;slug&gt;.yaml</code>, one per system with all its failure modes, procedures, escalation levels and dependencies, and{" "}
          <code>contacts.yaml</code>. The same content always gives the same bytes, so a Git diff shows only what changed. The format is described in the README (“Runbooks as code”) and <code>docs/format.md</code>.
        </p>
        <PrepareExportForm action={prepareExportAction.bind(null, "EXPORT")} label="Prepare runbook files (.zip)">
          <IncludeDeleted id="yaml-deleted" />
        </PrepareExportForm>
        <p className="text-sm text-slate-700">
          One system only: “Export YAML” on its overview. From a terminal: <code>npm run export -- &lt;folder&gt;</code>.
          {hasRole(user, "EDITOR") ? (
            <>
              {" "}
              Bring files back in with <Link href="/import">Import</Link>.
            </>
          ) : null}
        </p>
      </section>
      <section aria-labelledby="catalog" className="space-y-3 rounded-lg border border-slate-300 bg-white p-5">
        <h2 id="catalog" className="text-xl font-bold">Backstage catalog</h2>
        <p className="text-slate-800">
          <code>catalog-info.yaml</code> with one entity per system (name, title, description, owner, tier, links, what it depends on), each with a{" "}
          <code>metadata.links</code> entry and a <code>runbook-portal.io/overview</code> annotation pointing to its overview here, so the catalog’s page of a
          service leads to its runbook. One system only: “catalog-info.yaml” on its overview.
        </p>
        <a href="/export/catalog-info.yaml" download className={buttonClass("primary")}>
          Download catalog-info.yaml
        </a>
      </section>
      <section aria-labelledby="offline" className="space-y-3 rounded-lg border border-slate-300 bg-white p-5">
        <h2 id="offline" className="text-xl font-bold">Offline bundle (HTML)</h2>
        <p className="text-slate-800">
          A static copy of every runbook that opens from a laptop with no server: unzip it and open <code>index.html</code>. It lists the systems, holds each
          overview (it prints on one page, like the portal’s), sends <code>alerts/&lt;AlertName&gt;.html</code> to the right failure mode, and has a search box
          that works without a network. Every page says when it was exported.
        </p>
        <PrepareExportForm action={prepareExportAction.bind(null, "BUNDLE")} label="Prepare offline bundle (.zip)" />
        <p className="text-sm text-slate-700">
          From a terminal: <code>npm run export -- --html &lt;folder&gt;</code>. Refresh the copy after changes, e.g. nightly from a scheduled job.
        </p>
      </section>
      <p className="text-sm text-slate-700">
        Each zip is made in the background, with its progress on a page of its own; the download is kept there for a day. Direct links for scripts:{" "}
        <a href="/export/runbooks.zip" download>runbooks.zip</a>, <a href="/export/bundle.zip" download>bundle.zip</a> (or the API, <code>GET /api/v1/export</code>).
      </p>
      {recent.length ? (
        <section aria-labelledby="recent" className="space-y-2">
          <h2 id="recent" className="text-lg font-bold">Your recent exports</h2>
          <ul className="list-disc space-y-1 pl-6">
            {recent.map((task) => (
              <li key={task.id}>
                <Link href={`/tasks/${task.id}`}>{task.kind === "BUNDLE" ? "Offline bundle" : "Runbook files"}</Link>, {task.createdAt.toISOString().slice(0, 16).replace("T", " ")} UTC: {STATE_WORDS[task.state]}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
