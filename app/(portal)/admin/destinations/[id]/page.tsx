import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { DESTINATION_KINDS, getDestination, teamsToPick } from "@/lib/notify/destinations";
import { DESTINATION_EVENTS } from "@/lib/notify/channels";
import { ENTITY_ID } from "@/lib/validation/common";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { Time } from "@/components/time";
import { DELIVERY_STATUS } from "../delivery-status";
import { DestinationButton, EditDestinationForm, RotateSecretForm } from "../destination-forms";

export const metadata: Metadata = { title: "Destination" };


export default async function DestinationPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="manage chat channels and webhooks" />;
  const { id } = await params;
  if (!ENTITY_ID.safeParse(id).success) notFound();
  const [destination, teams] = await Promise.all([getDestination(id), teamsToPick()]);
  if (!destination) notFound();
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={<Link href="/admin/destinations">Destinations</Link>}
        title={destination.name}
        description={`${DESTINATION_KINDS[destination.kind]} · ${destination.team ? `for ${destination.team.name}'s systems` : "for every system"} · ${destination.urlHint}`}
      />
      {destination.disabledAt ? (
        <div role="status" className="space-y-2 rounded-lg border border-red-300 bg-red-50 p-4 text-red-900">
          <p className="font-semibold">
            Disabled since <Time value={destination.disabledAt} withTime />: {destination.disabledReason}
          </p>
          <DestinationButton id={destination.id} action="enable" fields={{ enabled: "on" }} label="Enable again" pendingLabel="Enabling…" variant="primary" />
        </div>
      ) : null}
      <section className="flex flex-wrap items-start gap-4 rounded-lg border border-slate-300 bg-white p-4">
        <DestinationButton id={destination.id} action="test" label="Send a test" pendingLabel="Sending…" variant="primary" />
        {destination.disabledAt ? null : <DestinationButton id={destination.id} action="pause" fields={{ enabled: "off" }} label="Pause" pendingLabel="Pausing…" />}
        <DestinationButton id={destination.id} action="delete" label="Delete" pendingLabel="Deleting…" variant="danger" confirm={`Delete "${destination.name}"? It gets nothing more, and its log goes with it.`} />
      </section>
      {destination.kind === "WEBHOOK" ? (
        <section className="space-y-3 rounded-lg border border-slate-300 bg-white p-4">
          <h2 className="text-lg font-bold">Signing secret</h2>
          <p className="text-sm text-slate-700">
            Each message carries webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks). The secret was shown once, when it was made.
            {destination.previousSecretEncrypted ? " A rotation is under way: the previous secret signs each message too." : ""}
          </p>
          <RotateSecretForm id={destination.id} />
          {destination.previousSecretEncrypted ? <DestinationButton id={destination.id} action="drop" label="Drop the previous secret" pendingLabel="Dropping…" /> : null}
        </section>
      ) : null}
      <EditDestinationForm
        destination={destination}
        teams={teams.map((t) => ({ value: t.id, label: t.name }))}
        events={Object.entries(DESTINATION_EVENTS).map(([value, label]) => ({ value, label }))}
      />
      <section className="space-y-2">
        <h2 className="text-lg font-bold">Delivery log</h2>
        {destination.deliveries.length === 0 ? (
          <p className="text-slate-700">Nothing sent yet. Send a test to see it arrive.</p>
        ) : (
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <table className="w-full text-left text-sm">
              <caption className="sr-only">The last 50 deliveries, newest first</caption>
              <thead className="bg-slate-100">
                <tr>
                  <th scope="col" className="p-2">When</th>
                  <th scope="col" className="p-2">What</th>
                  <th scope="col" className="p-2">Attempt</th>
                  <th scope="col" className="p-2">Result</th>
                </tr>
              </thead>
              <tbody>
                {destination.deliveries.map((d) => (
                  <tr key={d.id} className="border-t border-slate-200 align-top">
                    <td className="p-2 whitespace-nowrap">
                      <Time value={d.createdAt} withTime />
                    </td>
                    <td className="p-2">{d.summary}</td>
                    <td className="p-2">{d.attempt}</td>
                    <td className={`p-2 ${DELIVERY_STATUS[d.status].tone}`}>
                      <span className="font-semibold">{DELIVERY_STATUS[d.status].label}</span>
                      {d.httpStatus ? ` (${d.httpStatus})` : ""}
                      {d.reason ? <span className="block text-slate-700">{d.reason}</span> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
