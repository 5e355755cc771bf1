import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { DESTINATION_KINDS, listDestinations, teamsToPick } from "@/lib/notify/destinations";
import { DESTINATION_EVENTS, DESTINATION_EVENTS_SHORT } from "@/lib/notify/channels";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { Time } from "@/components/time";
import { NewDestinationForm } from "./destination-forms";
import { DELIVERY_STATUS } from "./delivery-status";

export const metadata: Metadata = { title: "Destinations" };


export default async function DestinationsPage({ searchParams }: { searchParams: Promise<{ deleted?: string }> }) {
  const user = await requireUser();
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="manage chat channels and webhooks" />;
  const [destinations, teams, { deleted }] = await Promise.all([listDestinations(), teamsToPick(), searchParams]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Destinations"
        description="Chat channels and webhooks the portal posts to: approvals waiting, incident runs, and each day's reviews and drills due. E-mail goes to people by itself (see Mail settings)."
      />
      {deleted ? (
        <p role="status" className="rounded border border-emerald-300 bg-emerald-50 p-3 text-sm font-medium text-emerald-900">
          The destination was deleted.
        </p>
      ) : null}
      {destinations.length === 0 ? (
        <p className="rounded-lg border border-dashed border-slate-400 bg-white p-4 text-slate-700">No destinations yet. Add your team&apos;s Slack, Mattermost or Teams channel below, or a webhook of your own.</p>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Destinations</caption>
            <thead className="bg-slate-100">
              <tr>
                <th scope="col" className="p-2">Name</th>
                <th scope="col" className="p-2">Kind</th>
                <th scope="col" className="p-2">For</th>
                <th scope="col" className="p-2">Gets</th>
                <th scope="col" className="p-2">Last delivery</th>
              </tr>
            </thead>
            <tbody>
              {destinations.map((d) => {
                const last = d.deliveries[0];
                return (
                  <tr key={d.id} className="border-t border-slate-200 align-top">
                    <td className="p-2">
                      <Link className="font-semibold underline" href={`/admin/destinations/${d.id}`}>
                        {d.name}
                      </Link>
                      {d.disabledAt ? <p className="text-red-800">Disabled: {d.disabledReason}</p> : null}
                    </td>
                    <td className="p-2">{DESTINATION_KINDS[d.kind]}</td>
                    <td className="p-2">{d.team ? <Link className="underline" href={`/teams/${d.team.key}`}>{d.team.name}</Link> : "Every system"}</td>
                    <td className="p-2">{d.events.map((e) => DESTINATION_EVENTS_SHORT[e as keyof typeof DESTINATION_EVENTS_SHORT] ?? e).join(", ")}</td>
                    <td className="p-2">{last ? (
                        <>
                          <span className={DELIVERY_STATUS[last.status].tone}>{DELIVERY_STATUS[last.status].label}</span>
                          {last.httpStatus ? ` (${last.httpStatus})` : ""}, <Time value={last.createdAt} withTime />
                        </>
                      ) : (
                        "Nothing yet"
                      )}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <NewDestinationForm
        kinds={Object.entries(DESTINATION_KINDS).map(([value, label]) => ({ value, label }))}
        teams={teams.map((t) => ({ value: t.id, label: t.name }))}
        events={Object.entries(DESTINATION_EVENTS).map(([value, label]) => ({ value, label }))}
      />
    </div>
  );
}
