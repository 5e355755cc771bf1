import type { Metadata } from "next";
import { notFound } from "next/navigation";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { canDecide, getChangeRequest } from "@/lib/approvals/views";
import { describe, entryHref, type EntryType } from "@/lib/entries";
import { PageHeader } from "@/components/page-header";
import { Time } from "@/components/time";
import { Changes } from "@/components/history/changes";
import { ChangeStatusBadge, changeLabel } from "@/components/approvals/parts";
import { DecisionForm } from "@/components/approvals/decision-form";
import { decideChangeAction } from "../actions";

export const metadata: Metadata = { title: "Change request" };

const DONE: Record<string, string> = {
  approve: "Approved: the change is live, as a new version naming its author and you.",
  reject: "Rejected: nothing was applied. The author sees your reason here.",
  withdraw: "Withdrawn: nothing was applied.",
  override: "Applied now by emergency override. It waits for someone else's approval after the fact.",
  rebase: "Rebased onto the current version: it waits for approval again.",
};

export default async function ChangeRequestPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, { id }, query] = await Promise.all([requireUser(), params, searchParams]);
  if (!/^c[a-z0-9]{20,30}$/.test(id)) notFound();
  const request = await getChangeRequest(user, id);
  if (!request) notFound();
  const desc = describe(request.entityType);
  const entryLink = entryHref(request.entityType as EntryType, request.entityId, request.systemSlug);
  const { names } = request;
  const author = !!user.id && user.id === request.authorId;
  const decider = canDecide(user, request);
  const open = request.status === "PENDING";
  const moved = !!request.liveChanges;
  const bind = (decision: "approve" | "reject" | "withdraw" | "override" | "rebase") => decideChangeAction.bind(null, request.id, decision);
  const done = typeof query.done === "string" ? DONE[query.done] : undefined;

  return (
    <div className="max-w-4xl space-y-6">
      <PageHeader
        eyebrow={<Link href="/approvals">Approvals</Link>}
        title={`${changeLabel(request.kind, request.entityType)}: ${request.title}`}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ChangeStatusBadge status={request.status} />
            <span>
              {desc.label} {request.liveVersion === null ? request.title : <Link href={entryLink}>{request.title}</Link>}
              {desc.ofSystem && request.systemSlug ? (
                <>
                  {" "}in <Link href={`/systems/${request.systemSlug}`}>{request.systemName}</Link>
                </>
              ) : null}
            </span>
          </span>
        }
      />
      {query.opened ? (
        <p role="status" className="rounded border border-amber-300 bg-amber-50 p-3 font-medium text-amber-950">
          Sent for approval. This entry needs a second person: your change is not live until another editor approves it.
        </p>
      ) : null}
      {done ? (
        <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 font-medium text-emerald-900">
          {done}
        </p>
      ) : null}

      {request.adminsOnly ? (
        <p role="note" className="rounded border border-amber-300 bg-amber-50 p-3 font-medium text-amber-950">
          This change turns approval off for the system: only another admin can approve it.
        </p>
      ) : null}
      {request.status === "OVERRIDDEN" ? (
        <p role="alert" className="rounded-lg border-2 border-red-500 bg-red-50 p-4 font-semibold text-red-900">
          Applied by emergency override by {request.authorName}, without a second person: “{request.reviewComment}”. It is live and waits for someone else’s approval after the fact.
        </p>
      ) : null}

      <dl className="grid gap-x-4 gap-y-1 rounded-lg border border-slate-300 bg-white p-4 text-sm sm:grid-cols-[10rem_1fr]">
        <dt className="font-semibold">Proposed by</dt>
        <dd>
          {request.authorName}, <Time value={request.createdAt} withTime />
          {request.updatedAt.getTime() !== request.createdAt.getTime() && open ? (
            <>
              {" "}(changed <Time value={request.updatedAt} withTime />)
            </>
          ) : null}
        </dd>
        <dt className="font-semibold">Made from</dt>
        <dd>
          {request.kind === "CREATE" ? "a new entry" : `version ${request.baseVersion}`}
          {request.kind === "RESTORE" ? `, restoring version ${request.restoreVersion}` : ""}
        </dd>
        <dt className="font-semibold">Change note</dt>
        <dd>{request.changeNote || "—"}</dd>
        {request.incidentRef ? (
          <>
            <dt className="font-semibold">Incident</dt>
            <dd>
              <Link href={`/incidents/${encodeURIComponent(request.incidentRef)}`}>{request.incidentRef}</Link>
            </dd>
          </>
        ) : null}
        {request.reviewerName ? (
          <>
            <dt className="font-semibold">{request.status === "APPROVED" ? "Approved by" : "Rejected by"}</dt>
            <dd>
              {request.reviewerName}, <Time value={request.reviewedAt} withTime />
              {request.reviewComment ? `: “${request.reviewComment}”` : ""}
            </dd>
          </>
        ) : null}
        {request.revision ? (
          <>
            <dt className="font-semibold">Applied as</dt>
            <dd>
              <Link href={`${entryLink}/history`}>version {request.revision.version}</Link>
            </dd>
          </>
        ) : null}
      </dl>

      <section aria-labelledby="what" className="space-y-2">
        <h2 id="what" className="text-lg font-bold">
          {request.kind === "DELETE" ? "What this deletes" : "What this changes"}
        </h2>
        {request.kind === "DELETE" ? <p>Deletes this {desc.label.toLowerCase()} (it is kept with its history and can be restored).</p> : null}
        <Changes changes={request.changes} names={names} emptyText="No field changes." />
      </section>

      {moved ? (
        <section aria-labelledby="meanwhile" className="space-y-2 rounded-lg border-2 border-amber-400 bg-amber-50 p-4">
          <h2 id="meanwhile" className="text-lg font-bold text-amber-950">
            The live entry changed since (now version {request.liveVersion})
          </h2>
          <p className="text-amber-950">
            This change was made from version {request.baseVersion}. It cannot be approved as it is: that would overwrite what changed meanwhile. The author rebases it onto the current version first.
          </p>
          <Changes changes={request.liveChanges!} names={names} />
        </section>
      ) : null}

      {open || request.status === "OVERRIDDEN" ? (
        <section aria-labelledby="decide" className="space-y-4 border-t border-slate-300 pt-4">
          <h2 id="decide" className="text-lg font-bold">
            Decide
          </h2>
          {!hasRole(user, "EDITOR") ? <p>You can see this change; editors and admins other than its author decide on it.</p> : null}
          {decider && !(open && moved) ? (
            <div className="grid gap-6 sm:grid-cols-2">
              <DecisionForm
                action={bind("approve")}
                requestVersion={request.version}
                label={request.status === "OVERRIDDEN" ? "Approve after the fact" : "Approve and apply"}
                variant="primary"
                comment={{ label: "Comment" }}
              />
              <DecisionForm
                action={bind("reject")}
                requestVersion={request.version}
                label="Reject"
                variant="danger"
                comment={{ label: "Why reject it", required: true, hint: request.status === "OVERRIDDEN" ? "The change stays live; restore the earlier version from history to undo it." : undefined }}
              />
            </div>
          ) : null}
          {decider && open && moved ? <p>Approving waits until the author rebases this change onto version {request.liveVersion}. You can still reject it.</p> : null}
          {decider && open && moved ? (
            <DecisionForm action={bind("reject")} requestVersion={request.version} label="Reject" variant="danger" comment={{ label: "Why reject it", required: true }} />
          ) : null}
          {author && hasRole(user, "EDITOR") ? (
            <>
              {request.status === "OVERRIDDEN" ? <p>You applied this change by override: someone else approves it after the fact.</p> : <p>You proposed this change: someone else approves it.</p>}
              {open ? (
                <div className="flex flex-wrap items-start gap-6">
                  {moved ? <DecisionForm action={bind("rebase")} requestVersion={request.version} label={`Rebase onto version ${request.liveVersion}`} variant="primary" /> : null}
                  <DecisionForm action={bind("withdraw")} requestVersion={request.version} label="Withdraw this change" />
                </div>
              ) : null}
              {open && hasRole(user, "ADMIN") && !moved ? (
                <details className="rounded-lg border-2 border-red-500 bg-red-50 p-4">
                  <summary className="cursor-pointer font-bold text-red-900">Emergency: apply now, approve after</summary>
                  <div className="mt-3 space-y-2">
                    <p className="text-red-950">
                      Only when waiting would make an incident worse. The change goes live at once under your name, the audit log records the override, and it waits for another editor’s
                      approval after the fact.
                    </p>
                    <DecisionForm action={bind("override")} requestVersion={request.version} label="Apply now without approval" variant="danger" comment={{ label: "Why this cannot wait", required: true }} />
                  </div>
                </details>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}
