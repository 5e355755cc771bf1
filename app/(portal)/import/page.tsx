import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { importLimits } from "@/lib/runbooks/read";
import { readBudget } from "@/lib/runbooks/off-thread";
import { MAX_ALIASES } from "@/lib/runbooks/yaml";
import { maxUploadBytes } from "@/lib/limits";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { buttonClass } from "@/components/ui/button";

export const metadata: Metadata = { title: "Import" };

/** What /import/upload sends back with ?problem=… */
const PROBLEMS: Record<string, string> = {
  "no-files": "Choose one or more .yaml or .md files, or a .zip, to import.",
  unreadable: "The upload did not arrive whole. Try again; if it keeps failing, upload fewer files at a time.",
  forbidden: "Importing needs the editor role. Ask an admin if you should have it.",
};

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

export default async function ImportPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, query] = await Promise.all([requireUser(), searchParams]);
  if (!hasRole(user, "EDITOR")) return <ForbiddenNotice needed="editor" what="import runbooks" />;
  const problem = typeof query.problem === "string" ? PROBLEMS[query.problem] : undefined;
  const limits = importLimits();
  const budget = readBudget();
  return (
    <div className="max-w-3xl space-y-6">
      <PageHeader
        title="Import"
        description={
          <>
            Bring runbooks into the portal: its own <code>runbook-portal/v1</code> YAML (as <Link href="/export">Export</Link> gives it), Markdown alert
            runbooks (<code>&lt;AlertName&gt;.md</code>), Prometheus alerting rules, or a Backstage <code>catalog-info.yaml</code>.
          </>
        }
      />
      {problem ? (
        <p role="alert" className="rounded border border-red-300 bg-red-50 p-3 text-sm font-medium text-red-800">
          {problem}
        </p>
      ) : null}
      <form method="post" action="/import/upload" encType="multipart/form-data" className="space-y-4 rounded-lg border border-slate-300 bg-white p-5">
        <div className="space-y-1">
          <label htmlFor="files" className="block text-sm font-semibold">
            Runbook files
          </label>
          <input
            id="files"
            name="files"
            type="file"
            multiple
            required
            accept=".yaml,.yml,.md,.zip,application/zip,application/yaml,text/yaml,text/markdown"
            aria-describedby="files-hint"
            className="block w-full rounded-md border border-slate-400 bg-white p-2 text-sm"
          />
          <p id="files-hint" className="text-xs text-slate-600">
            One or more <code>.yaml</code> or <code>.md</code> files, or a <code>.zip</code> of them (folders inside are fine; a folder of Markdown
            runbooks becomes a system).
          </p>
        </div>
        <button type="submit" className={buttonClass("primary")}>
          Upload and preview
        </button>
      </form>
      <section aria-labelledby="how" className="space-y-2 text-slate-800">
        <h2 id="how" className="text-lg font-bold">What happens</h2>
        <ol className="list-decimal space-y-1 pl-6">
          <li>Every file is read and checked first. Nothing is written yet.</li>
          <li>
            The preview lists what would change: entries created, updated (field by field), deleted (marked <code>deleted: true</code>) or unchanged, and every
            problem with its file, place and what to fix.
          </li>
          <li>
            You confirm. The import runs as one change, all or nothing: each changed entry gets a new version noted “Imported from &lt;file&gt;”, under your name.
            If anyone edits one of these entries after the preview, the import is refused and the preview shows their change.
          </li>
        </ol>
        <p>Importing the same files again changes nothing. Entries the files do not mention are left as they are.</p>
        <h2 className="pt-2 text-lg font-bold">Limits</h2>
        <ul className="list-disc pl-6 text-sm">
          <li>Upload: at most {mb(maxUploadBytes())} at once.</li>
          <li>
            One file: at most {mb(limits.maxFileBytes)} once unzipped; all files together: at most {mb(limits.maxTotalBytes)} and {limits.maxFiles.toLocaleString("en")} files.
          </li>
          <li>Entries in one import: at most {limits.maxEntries.toLocaleString("en")}.</li>
          <li>
            YAML: at most {limits.maxDocuments.toLocaleString("en")} documents in one file, nesting {limits.maxDepth} levels deep, {limits.maxNodes.toLocaleString("en")} values in all, and{" "}
            {MAX_ALIASES} aliases (<code>*name</code>) in one document.
          </li>
          <li>Alerting rules: at most {limits.maxAlerts.toLocaleString("en")} alerts in one import.</li>
          <li>
            Reading the files: at most {budget.seconds} s and {budget.megabytes.toLocaleString("en")} MB of memory; past that, the upload is refused as too complex.
          </li>
        </ul>
        <p className="text-sm text-slate-700">
          An admin changes these with <code>RUNBOOK_IMPORT_MAX_UPLOAD_MB</code>, <code>RUNBOOK_IMPORT_MAX_FILE_MB</code>, <code>RUNBOOK_IMPORT_MAX_TOTAL_MB</code>,{" "}
          <code>RUNBOOK_IMPORT_MAX_FILES</code>, <code>RUNBOOK_IMPORT_MAX_ENTRIES</code>, <code>RUNBOOK_IMPORT_MAX_DOCUMENTS</code>, <code>RUNBOOK_IMPORT_MAX_DEPTH</code>,{" "}
          <code>RUNBOOK_IMPORT_MAX_NODES</code>, <code>RUNBOOK_IMPORT_MAX_ALERTS</code>, <code>RUNBOOK_IMPORT_READ_SECONDS</code> and <code>RUNBOOK_IMPORT_READ_MB</code>. From a terminal: <code>npm run import -- &lt;folder|zip&gt; --dry-run</code>.
        </p>
      </section>
    </div>
  );
}
