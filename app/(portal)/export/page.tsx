import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { PageHeader } from "@/components/page-header";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Export" };

function IncludeDeleted({ id }: { id: string }) {
  return (
    <label htmlFor={id} className="flex items-center gap-2 text-sm">
      <input id={id} type="checkbox" name="deleted" value="1" className="h-4 w-4" />
      Include deleted entries (marked <code>deleted: true</code>)
    </label>
  );
}

export default async function ExportPage() {
  const user = await requireUser();
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
        <form method="get" action="/export/runbooks.zip" className="flex flex-wrap items-center gap-4">
          <button type="submit" className={buttonClass("primary")}>
            Download runbook files (.zip)
          </button>
          <IncludeDeleted id="yaml-deleted" />
        </form>
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
        <form method="get" action="/export/bundle.zip" className="flex flex-wrap items-center gap-4">
          <button type="submit" className={buttonClass("primary")}>
            Download offline bundle (.zip)
          </button>
        </form>
        <p className="text-sm text-slate-700">
          From a terminal: <code>npm run export -- --html &lt;folder&gt;</code>. Refresh the copy after changes, e.g. nightly from a scheduled job.
        </p>
      </section>
    </div>
  );
}
