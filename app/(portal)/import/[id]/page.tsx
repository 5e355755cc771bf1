import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { ENTITIES, entryHref } from "@/lib/entries";
import { draftEntries, loadDraft, previewDraft } from "@/lib/runbooks/drafts";
import { runningImport, runsAsJob } from "@/lib/tasks/long-tasks";
import type { PlannedEntry, PlanStatus } from "@/lib/runbooks/plan";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { Badge } from "@/components/ui/badge";
import { Changes } from "@/components/history/changes";
import { confirmImportAction, discardImportAction } from "../actions";
import { ConfirmImportForm, DiscardImportForm } from "./import-forms";
import { AfterImport, Imported } from "../imported";
import { severityMapSchema } from "@/lib/validation/runbook-files";
import { SEVERITY_LABELS } from "@/lib/validation/failure-mode";
import { buttonClass } from "@/components/ui/button";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

export const metadata: Metadata = { title: "Import preview" };

/** Entries shown in full on one page; the rest are counted (and imported all the same). */
const SHOWN = 300;

const STATUS: Record<PlanStatus, { label: string; tone: "ok" | "warn" | "danger" | "neutral" }> = {
  create: { label: "new", tone: "ok" },
  update: { label: "updated", tone: "warn" },
  delete: { label: "deleted", tone: "danger" },
  unchanged: { label: "unchanged", tone: "neutral" },
  skip: { label: "skipped", tone: "neutral" },
};

const kb = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`);

function entryName(entry: PlannedEntry) {
  const where = entry.ref.system && ENTITIES[entry.ref.type].ofSystem ? ` · ${entry.ref.system}` : "";
  return `${entry.label}${where}`;
}

function EntryRow({ entry }: { entry: PlannedEntry }) {
  const desc = ENTITIES[entry.ref.type];
  const status = STATUS[entry.status];
  const href = entry.id && entry.status !== "delete" ? entryHref(entry.ref.type, entry.id, desc.address === "slug" ? entry.ref.name : null) : null;
  return (
    <li className="space-y-2 p-3">
      <div className="flex flex-wrap items-baseline gap-2">
        <Badge tone={status.tone}>{status.label}</Badge>
        {entry.needsApproval ? <Badge tone="warn">Waits for approval</Badge> : null}
        <span className="text-sm text-slate-700">{desc.label}</span>
        {href ? (
          <Link href={href} className="font-semibold">
            {entryName(entry)}
          </Link>
        ) : (
          <span className="font-semibold">{entryName(entry)}</span>
        )}
        <span className="text-xs text-slate-600">
          {entry.file}
          {entry.where ? `, ${entry.where}` : ""}
        </span>
      </div>
      {entry.note ? <p className="text-sm text-slate-800">{entry.note}</p> : null}
      {entry.status === "update" ? <Changes changes={entry.changes} names={{}} /> : null}
      {entry.status === "create" && entry.changes.length ? (
        <details>
          <summary className="cursor-pointer text-sm">Its fields</summary>
          <div className="mt-2">
            <Changes changes={entry.changes} names={{}} />
          </div>
        </details>
      ) : null}
    </li>
  );
}

export default async function ImportPreviewPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, { id }, query] = await Promise.all([requireUser(), params, searchParams]);
  const includeSkipped = query.include === "skipped";
  // ?sev.critical=SEV2: the severity each severity label of alerting rules becomes.
  const severities = severityMapSchema.parse(Object.fromEntries(Object.entries(query).filter(([key]) => key.startsWith("sev.")).map(([key, value]) => [key.slice(4), value])));
  if (!hasRole(user, "EDITOR")) return <ForbiddenNotice needed="editor" what="import runbooks" />;
  if (!/^c[a-z0-9]{20,30}$/.test(id)) notFound();
  const draft = await loadDraft(user, id);
  if (!draft) notFound();
  const files = (
    <p className="text-sm text-slate-700">
      Uploaded: {draft.files.map((file) => `${file.name} (${kb(file.bytes)})`).join(", ")}
    </p>
  );

  if (draft.appliedAt && draft.result) {
    return (
      <div className="max-w-4xl space-y-4">
        <PageHeader title="Imported" eyebrow={<Link href="/import">Import</Link>} />
        <Imported result={draft.result} />
        {files}
        <AfterImport />
      </div>
    );
  }

  const running = await runningImport(draft.id);
  if (running) {
    return (
      <div className="max-w-4xl space-y-4">
        <PageHeader title="Importing" eyebrow={<Link href="/import">Import</Link>} />
        <p role="status" className="rounded border border-sky-300 bg-sky-50 p-3 font-medium text-sky-950">
          These files are being imported now. <Link href={`/tasks/${running}`}>Follow the import</Link>.
        </p>
        {files}
      </div>
    );
  }

  const { plan, problems, skipped, severities: severityLabels, fingerprint } = await previewDraft(draft, { includeSkipped, severities });
  const inFiles = await draftEntries(draft, { includeSkipped, severities });
  const includable = skipped.filter((s) => /unless included/.test(s.message));
  const count = (status: PlanStatus) => plan.entries.filter((e) => e.status === status).length;
  const changed = plan.entries.filter((e) => e.status === "create" || e.status === "update" || e.status === "delete");
  const unchanged = plan.entries.filter((e) => e.status === "unchanged" || e.status === "skip");
  const gated = changed.filter((e) => e.needsApproval).length;

  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Import preview"
        eyebrow={<Link href="/import">Import</Link>}
        description="Nothing has been written yet. Check what would change, then confirm."
      />
      {files}
      {problems.length ? (
        <section aria-labelledby="problems" className="space-y-3 rounded-lg border-2 border-red-400 bg-red-50 p-4">
          <h2 id="problems" className="text-lg font-bold text-red-900">
            {problems.length} problem{problems.length === 1 ? "" : "s"}: nothing can be imported until the files are fixed
          </h2>
          <div className="overflow-x-auto">
            <Table>
              <TableHeader variant="plain">
                <TableRow className="text-xs uppercase tracking-wide text-red-900">
                  <TableHead variant="compact" className="pr-3">File</TableHead>
                  <TableHead variant="compact" className="pr-3">Where</TableHead>
                  <TableHead variant="compact">Problem</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody variant="plain" className="divide-y divide-red-200">
                {problems.slice(0, 500).map((problem, index) => (
                  <TableRow key={index}>
                    <TableCell variant="compact" className="pr-3 align-top font-mono text-xs break-all">{problem.file || "(the upload)"}</TableCell>
                    <TableCell variant="compact" className="pr-3 align-top font-mono text-xs">{problem.where || "—"}</TableCell>
                    <TableCell variant="compact" className="align-top">{problem.message}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </div>
          {problems.length > 500 ? <p className="text-sm">… and {problems.length - 500} more.</p> : null}
          <p className="text-sm text-red-900">
            Fix the files and <Link href="/import">upload them again</Link>.
          </p>
        </section>
      ) : null}

      {skipped.length || includeSkipped ? (
        <section aria-labelledby="skipped" className="space-y-2 rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="skipped" className="text-lg font-bold">
            Left out ({skipped.length})
          </h2>
          {skipped.length ? (
            <ul className="space-y-1 text-sm">
              {skipped.slice(0, 200).map((file, i) => (
                <li key={i}>
                  <span className="font-mono text-xs break-all">
                    {file.file}
                    {file.where ? `, ${file.where}` : ""}
                  </span>
                  : {file.message}
                </li>
              ))}
            </ul>
          ) : null}
          {includable.length ? (
            <p className="text-sm">
              <Link href={`/import/${draft.id}?include=skipped`}>Include the {includable.length} pointer and deprecated runbook{includable.length === 1 ? "" : "s"}</Link>
            </p>
          ) : includeSkipped ? (
            <p className="text-sm">
              Pointer and deprecated runbooks are included. <Link href={`/import/${draft.id}`}>Leave them out</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {severityLabels?.length ? (
        <section aria-labelledby="severities" className="space-y-2 rounded-lg border border-slate-300 bg-white p-4">
          <h2 id="severities" className="text-lg font-bold">
            Severities of the alerts
          </h2>
          <p className="text-sm text-slate-800">
            The rules say how loud an alert is (<code>labels.severity</code>); the portal’s severities say how bad the failure is. Check how one becomes the other.
            SEV1 is never chosen for you.
          </p>
          <form method="get" className="flex flex-wrap items-end gap-4">
            {includeSkipped ? <input type="hidden" name="include" value="skipped" /> : null}
            {severityLabels.map(({ label, severity }) => (
              <div key={label} className="space-y-1">
                <label htmlFor={`sev-${label}`} className="block text-sm font-semibold">
                  {label ? <code>{label}</code> : "no severity label"}
                </label>
                <select id={`sev-${label}`} name={`sev.${label}`} defaultValue={severity} className="rounded-md border border-slate-400 bg-white px-2 py-1.5 text-sm">
                  {Object.entries(SEVERITY_LABELS).map(([value, text]) => (
                    <option key={value} value={value}>
                      {text}
                    </option>
                  ))}
                </select>
              </div>
            ))}
            <button type="submit" className={buttonClass("secondary")}>
              Update the preview
            </button>
          </form>
        </section>
      ) : null}

      <section aria-labelledby="summary" className="space-y-2">
        <h2 id="summary" className="text-lg font-bold">
          What would change
        </h2>
        <p data-testid="import-summary">
          {count("create")} new, {count("update")} updated, {count("delete")} deleted, {count("unchanged")} unchanged
          {count("skip") ? `, ${count("skip")} skipped` : ""}.
        </p>
        {gated ? (
          <p className="rounded border border-amber-300 bg-amber-50 p-3 text-amber-950" data-testid="import-approvals">
            {gated} of these change{gated === 1 ? "s" : ""} touch{gated === 1 ? "es" : ""} entries that need approval: {gated === 1 ? "it" : "they"} will not apply at once but
            wait at <Link href="/approvals">Approvals</Link> for a second person.
          </p>
        ) : null}
        {changed.length ? (
          <ul className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white">
            {changed.slice(0, SHOWN).map((entry) => (
              <EntryRow key={`${entry.ref.type}:${entry.ref.system ?? ""}/${entry.ref.name}`} entry={entry} />
            ))}
          </ul>
        ) : !problems.length ? (
          <p className="rounded border border-slate-300 bg-white p-3">Nothing to change: the portal already holds exactly what these files say.</p>
        ) : null}
        {changed.length > SHOWN ? <p className="text-sm text-slate-700">… and {changed.length - SHOWN} more changes, not shown here; they are imported too.</p> : null}
        {unchanged.length ? (
          <details>
            <summary className="cursor-pointer text-sm">
              {unchanged.length} entr{unchanged.length === 1 ? "y" : "ies"} left as {unchanged.length === 1 ? "it is" : "they are"}
            </summary>
            <ul className="mt-2 divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white">
              {unchanged.slice(0, SHOWN).map((entry) => (
                <EntryRow key={`${entry.ref.type}:${entry.ref.system ?? ""}/${entry.ref.name}`} entry={entry} />
              ))}
            </ul>
          </details>
        ) : null}
      </section>

      {!problems.length && changed.length && runsAsJob(inFiles) ? (
        <p className="text-sm text-slate-700">
          These files hold {inFiles.toLocaleString("en")} entries: once confirmed, the import runs in the background, and the next page shows how far it is.
        </p>
      ) : null}
      <div className="flex flex-wrap items-end justify-between gap-6 border-t border-slate-300 pt-4">
        {!problems.length && changed.length ? (
          <ConfirmImportForm
            action={confirmImportAction.bind(null, draft.id)}
            fingerprint={fingerprint}
            changes={changed.length}
            includeSkipped={includeSkipped}
            severities={Object.fromEntries((severityLabels ?? []).map(({ label, severity }) => [label, severity]))}
          />
        ) : null}
        <DiscardImportForm action={discardImportAction.bind(null, draft.id)} />
      </div>
    </div>
  );
}
