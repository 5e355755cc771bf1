import "server-only";
import type { ReactNode } from "react";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { getEntitySnapshot, type Snapshot } from "@/lib/entries/snapshot";
import { openChangeOf } from "@/lib/approvals/views";
import { deleteEntryAction, saveEntryAction } from "@/lib/entries/actions";
import { getEntryHeading, type SystemRef } from "@/lib/data/common";
import { findSystem } from "@/lib/data/systems";
import { nextInSequence } from "@/lib/data/pickers";
import { pickerOptions } from "@/lib/data/pickers";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { HistoryView } from "@/components/history/history-view";
import { ButtonLink } from "@/components/ui/button";
import { DeletedNotice, SavedNotice } from "@/components/entry/entry-notices";
import { DeleteEntryForm } from "./delete-entry-form";
import { ENTRY_FORMS } from "./forms";
import { mayEditEntry, mayEditSystem, TEAM_ONLY } from "@/lib/teams/policy";
import { MoreDetails } from "./more-details";
import { ENTITIES, entryHref, type EntryType } from "@/lib/entries";
import { ApprovalNeededNotice, PendingChangeNotice } from "@/components/approvals/pending-notice";

// The pages every runbook entry type has besides its own detail content: the detail
// frame, create, edit and history. Each type's route files are one line on top of these.

type FormType = Exclude<EntryType, "SYSTEM">;

/** Instead of a form, for an editor outside the system's owning teams. */
function TeamOnlyNotice() {
  return (
    <p role="status" className="rounded-lg border border-amber-400 bg-amber-50 p-4 font-medium text-amber-950">
      {TEAM_ONLY}
    </p>
  );
}

function Breadcrumb({ type, system }: { type: EntryType; system: SystemRef | null }) {
  const info = ENTITIES[type];
  return (
    <span className="flex flex-wrap items-center gap-1">
      {system ? (
        <>
          <Link href={`/systems/${system.slug}`}>{system.name}</Link>
          <span aria-hidden>›</span>
        </>
      ) : null}
      <Link href={system ? `/${info.segment}?system=${system.id}` : `/${info.segment}`}>{info.plural}</Link>
    </span>
  );
}

export type EntryDetailProps = {
  type: FormType;
  id: string;
  saved?: string;
  /** Extra things shown next to the version (a severity badge). */
  badges?: ReactNode;
  description?: ReactNode;
  children: ReactNode;
  consequence: string;
};

/** The frame of a detail page: saved and deleted notices, title, Edit and History, Delete at the bottom. */
export async function EntryDetail({ type, id, saved, badges, description, children, consequence }: EntryDetailProps) {
  const [user, entry] = await Promise.all([requireUser(), getEntryHeading(type, id)]);
  if (!entry) notFound();
  const info = ENTITIES[type];
  const canEdit = await mayEditEntry(user, info, id, entry.system?.id);
  const deleted = !!entry.deletedAt;
  const systemDeleted = !!entry.system?.deletedAt;
  return (
    <article className="space-y-6">
      {saved ? <SavedNotice version={entry.version} /> : null}
      {entry.deletedAt ? <DeletedNotice type={type} id={id} label={info.label} deletedAt={entry.deletedAt} version={entry.version} canRestore={canEdit} /> : null}
      <PendingChangeNotice type={type} id={id} />
      {systemDeleted && !deleted ? (
        <p role="status" className="rounded-lg border border-amber-400 bg-amber-50 p-3 font-medium text-amber-950">
          Its system, {entry.system!.name}, was deleted: this entry is hidden with it until the system is restored.
        </p>
      ) : null}
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-2">
            <Breadcrumb type={type} system={entry.system} />
            <span aria-hidden>·</span>
            {badges}
            <span>Version {entry.version}</span>
          </span>
        }
        title={entry.title}
        description={description}
        actions={
          <>
            {canEdit && !deleted ? <ButtonLink href={`/${info.segment}/${id}/edit`} variant="primary">Edit</ButtonLink> : null}
            <ButtonLink href={`/${info.segment}/${id}/history`}>History</ButtonLink>
          </>
        }
      />
      {children}
      <MoreDetails type={type} id={id} />
      {canEdit && !deleted ? (
        <footer className="border-t border-slate-300 pt-4">
          <DeleteEntryForm action={deleteEntryAction.bind(null, type, id)} version={entry.version} label={info.label} consequence={consequence} />
        </footer>
      ) : null}
    </article>
  );
}

/** The edit page of an entry; `aside` is shown beside the form (a run's failed steps), `meta` fills in "Why this change". */
export async function EntryEditPage({ type, id, aside, meta }: { type: EntryType; id: string; aside?: ReactNode; meta?: { changeNote?: string; incidentRef?: string; runId?: string } }) {
  const user = await requireUser();
  const info = ENTITIES[type];
  if (!hasRole(user, "EDITOR")) return <ForbiddenNotice needed="editor" what={`edit ${info.plural.toLowerCase()}`} />;
  const [entry, current, waiting] = await Promise.all([getEntryHeading(type, id), getEntitySnapshot(type, id), openChangeOf(type, id)]);
  if (!entry || !current || entry.deletedAt) notFound();
  if (!(await mayEditEntry(user, info, id, entry.system?.id))) return <TeamOnlyNotice />;
  const Form = ENTRY_FORMS[type];
  const options = await pickerOptions(type, info.ofSystem ? (entry.system?.id ?? null) : null);
  const cancelHref = entryHref(type, id, entry.system?.slug ?? null);
  // The editor's own change waiting for approval, made from this version: editing again starts from it.
  const own = waiting?.status === "PENDING" && waiting.kind === "UPDATE" && waiting.authorId === user.id && waiting.baseVersion === current.version ? waiting : null;
  const initial = own ? (own.proposed as Snapshot) : current.snapshot;
  meta = own && !meta ? { changeNote: own.changeNote, incidentRef: own.incidentRef ?? undefined } : meta;
  return (
    <>
      <PageHeader eyebrow={<span className="flex gap-2"><Breadcrumb type={type} system={info.ofSystem ? entry.system : null} /><span>· Version {current.version}</span></span>} title={`Edit ${entry.title}`} />
      <ApprovalNeededNotice type={type} id={id} userId={user.id} waiting={waiting} formHoldsIt={!!own} />
      {aside ? (
        <div className="grid items-start gap-6 lg:grid-cols-[1fr_22rem]">
          <div className="min-w-0 lg:order-first">
            <Form action={saveEntryAction.bind(null, type, id, null)} initial={initial} version={current.version} options={options} cancelHref={cancelHref} meta={meta} />
          </div>
          <aside className="order-first min-w-0 lg:sticky lg:top-4 lg:order-last">{aside}</aside>
        </div>
      ) : (
        <Form action={saveEntryAction.bind(null, type, id, null)} initial={initial} version={current.version} options={options} cancelHref={cancelHref} meta={meta} />
      )}
    </>
  );
}

/** Create a child entry of the system `slug`, or a contact (no slug). */
export async function EntryNewPage({ type, slug, prefill = {} }: { type: FormType; slug?: string; prefill?: Record<string, unknown> }) {
  const user = await requireUser();
  const info = ENTITIES[type];
  if (!hasRole(user, "EDITOR")) return <ForbiddenNotice needed="editor" what={`add ${info.plural.toLowerCase()}`} />;
  let system: SystemRef | null = null;
  if (info.ofSystem) {
    const found = await findSystem(slug ?? "");
    system = found && !found.deletedAt ? found : null;
    if (!system) notFound();
    if (!(await mayEditSystem(user, system.id))) return <TeamOnlyNotice />;
  }
  const Form = ENTRY_FORMS[type];
  const { sequence } = ENTITIES[type];
  const [options, next] = await Promise.all([pickerOptions(type, system?.id ?? null), sequence && system ? nextInSequence(ENTITIES[type], system.id) : null]);
  const initial = { ...prefill, ...(next === null ? {} : { [sequence!]: next }) };
  return (
    <>
      <PageHeader eyebrow={<Breadcrumb type={type} system={system} />} title={system ? `New ${info.label.toLowerCase()} of ${system.name}` : `New ${info.label.toLowerCase()}`} />
      {system ? <ApprovalNeededNotice type="SYSTEM" id={system.id} userId={user.id} creating /> : null}
      <Form
        action={saveEntryAction.bind(null, type, null, system?.id ?? null)}
        initial={initial}
        options={options}
        cancelHref={system ? `/systems/${system.slug}` : `/${info.segment}`}
      />
    </>
  );
}

export async function EntryHistoryPage({ type, id, query }: { type: FormType; id: string; query: { from?: string; to?: string; restored?: string } }) {
  const [user, entry] = await Promise.all([requireUser(), getEntryHeading(type, id)]);
  if (!entry) notFound();
  const info = ENTITIES[type];
  const canRestore = await mayEditEntry(user, info, id, entry.system?.id);
  return (
    <>
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap gap-2">
            <Breadcrumb type={type} system={entry.system} />
            <span aria-hidden>·</span>
            <Link href={`/${info.segment}/${id}`}>← {entry.title}</Link>
          </span>
        }
        title={`History of ${entry.title}`}
        description="Every saved version. Pick two to compare; restoring writes a new version equal to the old one."
      />
      <HistoryView type={type} entityId={id} canRestore={canRestore} {...query} />
    </>
  );
}
