import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { z } from "zod";
import { requireUser } from "@/lib/session";
import { listChangeRequests } from "@/lib/approvals/views";
import { PageHeader } from "@/components/page-header";
import { Time } from "@/components/time";
import { ChangeStatusBadge, changeLabel } from "@/components/approvals/parts";
import { ENTITY_ID } from "@/lib/validation/common";

export const metadata: Metadata = { title: "Approvals" };

const querySchema = z.object({ show: z.enum(["open", "decided"]).catch("open"), after: ENTITY_ID.optional().catch(undefined) });

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const [user, raw] = await Promise.all([requireUser(), searchParams]);
  const query = querySchema.parse(raw);
  const { items, next } = await listChangeRequests(user, query.show, query.after);
  const tab = (show: "open" | "decided", label: string) => (
    <Link href={`/approvals?show=${show}`} aria-current={query.show === show ? "page" : undefined} className="rounded px-3 py-1 font-semibold aria-[current=page]:bg-slate-900 aria-[current=page]:text-white">
      {label}
    </Link>
  );
  return (
    <>
      <PageHeader
        title="Approvals"
        description="Changes to runbooks that need a second person: systems whose changes need approval, and procedures marked “approval required”. Anyone may look; an editor other than the author approves or rejects."
      />
      <nav aria-label="Which changes" className="mb-4 flex gap-2">
        {tab("open", "Waiting")}
        {tab("decided", "Decided")}
      </nav>
      {items.length === 0 ? (
        <p className="rounded border border-slate-300 bg-white p-4">
          {query.show === "open" ? "No change is waiting for approval." : "No change has been decided yet."}
        </p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-lg border border-slate-300 bg-white" aria-label={query.show === "open" ? "Changes waiting" : "Changes decided"}>
          {items.map((item) => (
            <li key={item.id} className="space-y-1 p-3">
              <div className="flex flex-wrap items-baseline gap-2">
                <ChangeStatusBadge status={item.status} />
                <span className="text-sm text-slate-700">
                  {changeLabel(item.kind, item.entityType)}
                </span>
                <Link href={`/approvals/${item.id}`} className="font-semibold">
                  {item.title}
                </Link>
                {item.system.slug ? (
                  <span className="text-sm text-slate-700">
                    in <Link href={`/systems/${item.system.slug}`}>{item.system.name}</Link>
                  </span>
                ) : null}
              </div>
              <p className="text-sm text-slate-700">
                Proposed by {item.authorName} <Time value={item.createdAt} withTime />
                {item.reviewerName ? (
                  <>
                    {" "}· {item.status === "OVERRIDDEN" ? "" : `${item.status.toLowerCase()} by ${item.reviewerName} `}
                    <Time value={item.reviewedAt} withTime />
                  </>
                ) : null}
                {item.changeNote ? ` · “${item.changeNote}”` : ""}
              </p>
            </li>
          ))}
        </ul>
      )}
      {next ? (
        <p className="mt-4">
          <Link href={`/approvals?show=${query.show}&after=${next}`}>More changes</Link>
        </p>
      ) : null}
    </>
  );
}
