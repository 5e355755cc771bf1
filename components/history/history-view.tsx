import type { EntityType } from "@/lib/generated/prisma/enums";
import { type Snapshot } from "@/lib/entries/snapshot";
import { listRevisions } from "@/lib/history/revisions";
import { compareSnapshots } from "@/lib/history/diff";
import { describe } from "@/lib/entries";
import { namesForIds } from "@/lib/data/systems";
import Link from "@/components/ui/link";
import { Time } from "@/components/time";
import { Badge } from "@/components/ui/badge";
import { Changes } from "./changes";
import { RestoreButton } from "./restore-button";
import { Table, TableBody, TableCaption, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";

// The history page of any entity: every version, any two compared, any restored.

export type HistoryViewProps = {
  type: EntityType;
  entityId: string;
  canRestore: boolean;
  from?: string;
  to?: string;
  restored?: string;
};

const COMPARE_FORM = "compare-versions";

const ACTION_LABEL = { CREATE: "Created", UPDATE: "Edited", DELETE: "Deleted", RESTORE: "Restored" } as const;

function collectIds(snapshot: Snapshot | undefined): string[] {
  if (!snapshot) return [];
  return Object.values(snapshot)
    .flat()
    .filter((v): v is string => typeof v === "string" && /^c[a-z0-9]{20,}$/.test(v));
}

export async function HistoryView({ type, entityId, canRestore, from, to, restored }: HistoryViewProps) {
  const revisions = await listRevisions(type, entityId);
  if (revisions.length === 0) return <p>No history recorded.</p>;
  const latest = revisions[0]!;
  const toVersion = Number(to) || latest.version;
  const fromVersion = Number(from) || Math.max(1, toVersion - 1);
  const a = revisions.find((r) => r.version === fromVersion);
  const b = revisions.find((r) => r.version === toVersion);
  const comparing = !!(a && b && (from || to));
  const changes = comparing ? compareSnapshots(describe(type), a!.snapshot as Snapshot, b!.snapshot as Snapshot) : [];
  const names = Object.fromEntries(await namesForIds([...collectIds(a?.snapshot as Snapshot), ...collectIds(b?.snapshot as Snapshot)]));

  return (
    <div className="space-y-6">
      {restored ? (
        <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 font-medium text-emerald-900">
          Version {restored} was restored as version {latest.version}.
        </p>
      ) : null}
      {/* The radios belong to the compare form through their form attribute: each restore button is a form of its own, and forms cannot nest. */}
      <div className="space-y-3">
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <Table>
            <TableCaption className="sr-only">Versions, newest first. Pick two to compare.</TableCaption>
            <TableHeader>
              <TableRow>
                <TableHead>Version</TableHead>
                <TableHead>Compare from</TableHead>
                <TableHead>to</TableHead>
                <TableHead>Change</TableHead>
                <TableHead>Author</TableHead>
                <TableHead>When</TableHead>
                <TableHead><span className="sr-only">Restore</span></TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {revisions.map((revision) => (
                <TableRow key={revision.id} className="align-top">
                  <TableHead scope="row" className="whitespace-nowrap font-semibold">
                    Version {revision.version}
                    {revision.version === latest.version ? <span className="ml-2"><Badge tone="ok">current</Badge></span> : null}
                  </TableHead>
                  <TableCell>
                    <input type="radio" form={COMPARE_FORM} name="from" value={revision.version} defaultChecked={revision.version === fromVersion} aria-label={`Compare from version ${revision.version}`} />
                  </TableCell>
                  <TableCell>
                    <input type="radio" form={COMPARE_FORM} name="to" value={revision.version} defaultChecked={revision.version === toVersion} aria-label={`Compare to version ${revision.version}`} />
                  </TableCell>
                  <TableCell>
                    <span className="font-medium">{ACTION_LABEL[revision.action]}</span>
                    {revision.changeNote ? <span>: {revision.changeNote}</span> : null}
                    {revision.incidentRef ? <Link href={`/incidents/${encodeURIComponent(revision.incidentRef)}`} className="ml-2"><Badge tone="warn">{revision.incidentRef}</Badge></Link> : null}
                    {revision.runId ? <Link href={`/runs/${revision.runId}`} className="ml-2 text-sm">from a run</Link> : null}
                  </TableCell>
                  <TableCell>
                    {revision.authorName}
                    {revision.changeRequest ? <Approval request={revision.changeRequest} /> : null}
                  </TableCell>
                  <TableCell className="whitespace-nowrap"><Time value={revision.createdAt} withTime /></TableCell>
                  <TableCell className="text-right">
                    {canRestore && revision.version !== latest.version ? (
                      <RestoreButton entityType={type} entityId={entityId} version={revision.version} expectedVersion={latest.version} />
                    ) : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
        <form id={COMPARE_FORM} method="get">
          <button type="submit" className="rounded-md bg-blue-800 px-3 py-2 text-sm font-semibold text-white hover:bg-blue-900">
            Compare selected versions
          </button>
        </form>
      </div>

      {comparing ? (
        <section aria-labelledby="comparison" className="space-y-2">
          <h2 id="comparison" className="text-lg font-bold">
            Changes from version {fromVersion} to version {toVersion}
          </h2>
          <Changes changes={changes} names={names} emptyText="These two versions are the same." />
        </section>
      ) : null}
    </div>
  );
}

/** Who approved a change that needed approval, or that it went live by override. */
function Approval({ request }: { request: { id: string; status: string; reviewerName: string | null } }) {
  const text =
    request.status === "OVERRIDDEN"
      ? "emergency override, awaiting approval"
      : request.status === "APPROVED" && request.reviewerName
        ? `approved by ${request.reviewerName}`
        : request.status === "REJECTED"
          ? `override rejected by ${request.reviewerName ?? "a reviewer"}`
          : request.status.toLowerCase();
  return (
    <span className="block text-sm">
      <Link href={`/approvals/${request.id}`}>{text}</Link>
    </span>
  );
}
