import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { getSystemOverview } from "@/lib/data/systems";
import { cacheThisPage } from "@/lib/http/request-context";
import { PageHeader } from "@/components/page-header";
import { Markdown } from "@/components/markdown";
import { Time } from "@/components/time";
import { SeverityBadge, TierBadge } from "@/components/ui/badge";
import { ButtonLink } from "@/components/ui/button";
import { ContactCard, type ContactCardData } from "@/components/runbook/contact-card";
import { AlertNames, ImmediateActions, Label } from "@/components/runbook/failure-mode-parts";
import { ProcedureBody } from "@/components/runbook/procedure-steps";
import { drillStatuses } from "@/lib/runs/drills";
import { DrillLine } from "@/components/runs/run-parts";
import { ApprovalPolicyForm, MarkReviewedForm, WatchForm } from "./system-controls";
import { isWatching, reminderPlan } from "@/lib/notify/reminders";
import { firingNames } from "@/lib/alerts/firing";
import { ReminderLine } from "@/components/runbook/reminder-line";
import { PendingChangeNotice } from "@/components/approvals/pending-notice";
import { approvalPolicyAction, markReviewedAction, watchAction } from "../actions";
import { deleteEntryAction } from "@/lib/entries/actions";
import { DeletedNotice, SavedNotice } from "@/components/entry/entry-notices";
import { DeleteEntryForm } from "@/components/entry/delete-entry-form";
import { MoreDetails } from "@/components/entry/more-details";
import { mayEditSystem } from "@/lib/teams/policy";
import { KeepOffline } from "@/components/offline/keep-offline";
import { ComponentsTable, DependenciesTable, DownloadMenu, Empty, ReviewBadge, Section } from "@/components/runbook/system-overview-parts";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const system = await getSystemOverview((await params).slug);
  return { title: system?.name ?? "System not found" };
}

export default async function SystemPage({ params, searchParams }: Props) {
  const [{ slug }, { saved }, user] = await Promise.all([params, searchParams, requireUser()]);
  const system = await getSystemOverview(slug);
  if (!system) notFound();
  // What it shows, its read functions name (lib/data/cache-tags.ts).
  cacheThisPage();
  const [drills, watching, reminders, firing] = await Promise.all([
    drillStatuses(system.procedures),
    isWatching(user.id, system.id),
    reminderPlan(system),
    firingNames(system.failureModes.flatMap((fm) => fm.alertNames)),
  ]);
  const isFiring = (fm: { alertNames: string[] }) => fm.alertNames.some((name) => firing.has(name.toLowerCase()));
  // What is firing comes first; otherwise the order stays (most severe first).
  const failureModes = [...system.failureModes.filter(isFiring), ...system.failureModes.filter((fm) => !isFiring(fm))];
  const canEdit = await mayEditSystem(user, system.id);
  const deleted = !!system.deletedAt;
  const adder = (segment: string, label: string) => (canEdit && !deleted ? { href: `/systems/${system.slug}/${segment}/new`, label } : null);
  const contactSheet = new Map<string, ContactCardData>();
  for (const contact of [system.owner, system.backupOwner, ...system.escalationLevels.flatMap((l) => l.contacts)]) {
    if (contact && !contact.deletedAt) contactSheet.set(contact.id, contact);
  }

  return (
    <article className="space-y-8">
      {saved ? <SavedNotice version={system.version} /> : null}
      <PendingChangeNotice type="SYSTEM" id={system.id} />
      {system.deletedAt ? <DeletedNotice type="SYSTEM" id={system.id} label="System" deletedAt={system.deletedAt} version={system.version} canRestore={canEdit} /> : null}

      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <TierBadge tier={system.tier} />
            <span>Version {system.version}</span>
            <span>·</span>
            <ReviewBadge system={system} />
          </span>
        }
        title={system.name}
        description={<Markdown>{system.purpose}</Markdown>}
        actions={
          <>
            {canEdit && !deleted ? <ButtonLink href={`/systems/${system.slug}/edit`} variant="primary">Edit</ButtonLink> : null}
            <ButtonLink href={`/systems/${system.slug}/history`}>History</ButtonLink>
            <ButtonLink href={`/systems/${system.slug}/print`}>Print</ButtonLink>
            <DownloadMenu slug={system.slug} />
            {/* On a phone the header's buttons keep to one row, so the first failure mode stays on the first screen: Watch is in the footer there. */}
            {!deleted ? <WatchForm action={watchAction.bind(null, system.slug)} watching={watching} className="hidden sm:inline-flex" /> : null}
          </>
        }
      />

      <div className="grid grid-cols-[minmax(0,1fr)] gap-8 lg:grid-cols-[minmax(0,1fr)_17rem]">
        <Section id="failure-modes" title="Failure modes" count={system.failureModes.length} add={adder("failure-modes", "Add failure mode")}>
          {system.failureModes.length === 0 ? <Empty>No failure modes written down yet.</Empty> : null}
          <ul className="space-y-3">
            {failureModes.map((fm) => (
              <li key={fm.id} className={`rounded-lg bg-white p-4 ${isFiring(fm) ? "border-2 border-red-700" : "border border-slate-300"}`}>
                <div className="flex flex-wrap items-center gap-2">
                  {isFiring(fm) ? <span className="rounded bg-red-700 px-2 py-0.5 text-sm font-bold text-white">Firing now</span> : null}
                  <SeverityBadge severity={fm.severity} />
                  <h3 className="text-lg font-bold">
                    <Link href={`/failure-modes/${fm.id}`}>{fm.title}</Link>
                  </h3>
                </div>
                <div className="mt-1">
                  <AlertNames names={fm.alertNames} />
                </div>
                <div className="mt-2 grid gap-3 md:grid-cols-2">
                  <div>
                    <Label>Customer impact</Label>
                    <Markdown>{fm.customerImpact || "—"}</Markdown>
                  </div>
                  <div>
                    <Label>First action</Label>
                    {fm.immediateActions[0] ? <Markdown className="font-semibold">{fm.immediateActions[0]}</Markdown> : <p>—</p>}
                  </div>
                </div>
                {fm.procedures.length ? (
                  <p className="mt-2 text-sm">
                    Fix with:{" "}
                    {fm.procedures.map((p, index) => (
                      <span key={p.id}>{index ? ", " : ""}<a href={`#procedure-${p.id}`}>{p.title}</a></span>
                    ))}
                  </p>
                ) : null}
                {fm.immediateActions.length > 1 || fm.detection || fm.causes || fm.escalation ? (
                  <details className="mt-2 print-open">
                    <summary className="cursor-pointer text-sm font-semibold text-blue-900">All immediate actions, detection and causes</summary>
                    <div className="mt-2 space-y-3">
                      <div>
                        <Label>Immediate actions</Label>
                        <ImmediateActions steps={fm.immediateActions} />
                      </div>
                      {fm.detection ? <div><Label>Detection</Label><Markdown>{fm.detection}</Markdown></div> : null}
                      {fm.causes ? <div><Label>Causes</Label><Markdown>{fm.causes}</Markdown></div> : null}
                      {fm.escalation ? <div><Label>Escalation</Label><Markdown>{fm.escalation}</Markdown></div> : null}
                    </div>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </Section>

        {/* On a phone this comes after the failure modes (what to do first), on a wide screen beside them. */}
        <aside aria-label="At a glance" className="grid gap-3 self-start sm:grid-cols-3 lg:sticky lg:top-4 lg:col-start-2 lg:row-span-6 lg:row-start-1 lg:grid-cols-1">
          <div className="rounded-lg border border-slate-300 bg-white p-3">
            <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">On call</p>
            {system.onCall ? <Markdown>{system.onCall}</Markdown> : <p>—</p>}
            <p className="mt-2 text-xs font-semibold uppercase tracking-wide text-slate-600">Schedule</p>
            <p className="font-medium">{system.schedule || "—"}</p>
          </div>
          {system.owner ? <ContactCard heading="Owner" contact={system.owner} linked /> : <div className="rounded-lg border border-amber-300 bg-amber-50 p-3 font-medium">No owner set</div>}
          {system.backupOwner ? <ContactCard heading="Backup owner" contact={system.backupOwner} linked /> : <div className="rounded-lg border border-slate-300 bg-white p-3 text-slate-600">No backup owner</div>}
          {/* Last in its column: appearing once the page's script runs, it moves nothing already shown. */}
          {!deleted ? <KeepOffline slug={system.slug} /> : null}
        </aside>
        <Section id="procedures" title="Remediation procedures" count={system.procedures.length} add={adder("procedures", "Add procedure")}>
          {system.procedures.length === 0 ? <Empty>No procedures yet.</Empty> : null}
          {system.procedures.map((procedure) => (
            <div key={procedure.id} id={`procedure-${procedure.id}`} className="rounded-lg border border-slate-300 bg-white p-4">
              <h3 className="mb-2 text-lg font-bold">
                <Link href={`/procedures/${procedure.id}`}>{procedure.title}</Link>
              </h3>
              <DrillLine status={drills.get(procedure.id)!} estimatedMinutes={procedure.estimatedMinutes} intervalDays={procedure.drillIntervalDays} />
              <ProcedureBody procedure={procedure} />
            </div>
          ))}
        </Section>

        <Section id="escalation" title="Escalation" count={system.escalationLevels.length} add={adder("escalation-levels", "Add escalation level")}>
          {system.escalationLevels.length === 0 ? <Empty>No escalation ladder yet.</Empty> : null}
          <ol className="space-y-3">
            {system.escalationLevels.map((level) => (
              <li key={level.id} className="rounded-lg border border-slate-300 bg-white p-3">
                <p className="font-bold">
                  <Link href={`/escalation-levels/${level.id}`}>L{level.level} · {level.name}</Link>
                  <span className="ml-2 text-sm font-normal text-slate-700">
                    {level.afterMinutes !== null ? `after ${level.afterMinutes} min` : ""}
                    {level.expectedResponseMinutes !== null ? ` · responds within ${level.expectedResponseMinutes} min` : ""}
                  </span>
                </p>
                <Markdown className="text-sm">{level.when}</Markdown>
                <Markdown className="text-sm">{level.responsibilities}</Markdown>
                {level.contacts.length ? (
                  <div className="mt-2 grid gap-2 md:grid-cols-2">
                    {level.contacts.map((contact) => <ContactCard key={contact.id} contact={contact} linked />)}
                  </div>
                ) : null}
              </li>
            ))}
          </ol>
        </Section>

        <Section id="dependencies" title="Dependencies" count={system.dependencies.length} add={adder("dependencies", "Add dependency")}>
          {system.dependencies.length === 0 ? <Empty>No dependencies recorded.</Empty> : null}
          <div className="overflow-x-auto rounded-lg border border-slate-300 bg-white">
            <DependenciesTable dependencies={system.dependencies} />
          </div>
          {system.dependents.length ? (
            <p className="text-sm">
              Systems that depend on this one:{" "}
              {system.dependents.map((d) => (
                <Link key={d.id} href={`/systems/${d.system.slug}`} className="mr-2">{d.system.name}</Link>
              ))}
            </p>
          ) : null}
        </Section>

        <Section id="contacts" title="Contact sheet" count={contactSheet.size}>
          {contactSheet.size === 0 ? <Empty>No contacts on this runbook yet.</Empty> : null}
          <div className="grid gap-3 md:grid-cols-2 lg:grid-cols-3">
            {[...contactSheet.values()].map((contact) => (
              <ContactCard key={contact.id} contact={contact} linked />
            ))}
          </div>
        </Section>

        <Section id="architecture" title="How it is built">
          <div className="grid gap-4 md:grid-cols-2">
            <div>
              <h3 className="font-semibold">Inputs</h3>
              <Markdown>{system.inputs || "—"}</Markdown>
            </div>
            <div>
              <h3 className="font-semibold">Outputs</h3>
              <Markdown>{system.outputs || "—"}</Markdown>
            </div>
          </div>
          <ComponentsTable components={system.components as { kind: string; name: string; identifier: string }[]} />
          {(system.links as { label: string; url: string }[]).length ? (
            <div>
              <h3 className="font-semibold">Links</h3>
              <ul className="list-disc pl-5">
                {(system.links as { label: string; url: string }[]).map((link, index) => (
                  <li key={index}>
                    <a href={link.url} rel="noopener noreferrer">{link.label}</a>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          {system.boundaries ? (
            <div>
              <h3 className="font-semibold">Boundaries: check first</h3>
              <Markdown>{system.boundaries}</Markdown>
            </div>
          ) : null}
          {system.deploymentNotes ? (
            <div>
              <h3 className="font-semibold">Deployment</h3>
              <Markdown>{system.deploymentNotes}</Markdown>
            </div>
          ) : null}
        </Section>
        <MoreDetails type="SYSTEM" id={system.id} />
      </div>

      <footer id="review" className="space-y-4 border-t border-slate-300 pt-4 text-sm text-slate-700">
        <p>
          Version {system.version} · last reviewed <Time value={system.lastReviewedAt} fallback="never" />
          {system.lastReviewedBy ? ` by ${system.lastReviewedBy.name}` : ""} · review every {system.reviewIntervalDays} days
        </p>
        <ReminderLine plan={reminders} />
        {!deleted ? (
          <div className="no-print sm:hidden">
            <WatchForm action={watchAction.bind(null, system.slug)} watching={watching} />
          </div>
        ) : null}
        <p>
          {system.changesNeedApproval
            ? "Changes to this system and its entries need approval: each waits for a second person at Approvals."
            : "Changes to this system apply at once (no approval needed)."}
        </p>
        {hasRole(user, "ADMIN") && !deleted ? (
          <div className="no-print">
            <ApprovalPolicyForm action={approvalPolicyAction.bind(null, system.slug, !system.changesNeedApproval)} version={system.version} on={system.changesNeedApproval} />
          </div>
        ) : null}
        {canEdit && !deleted ? (
          <div className="no-print flex flex-wrap items-start gap-4">
            <MarkReviewedForm action={markReviewedAction.bind(null, system.slug)} version={system.version} />
            <DeleteEntryForm
              action={deleteEntryAction.bind(null, "SYSTEM", system.id)}
              version={system.version}
              label="System"
              consequence="The system and its runbook are hidden, not destroyed."
            />
          </div>
        ) : null}
      </footer>
    </article>
  );
}
