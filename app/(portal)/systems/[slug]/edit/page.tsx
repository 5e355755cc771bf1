import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { getSystemForEdit } from "@/lib/data/systems";
import { pickerOptions } from "@/lib/data/pickers";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { SystemForm } from "@/components/entry/forms/system-form";
import { saveEntryAction } from "@/lib/entries/actions";
import { ApprovalNeededNotice } from "@/components/approvals/pending-notice";
import { openChangeOf } from "@/lib/approvals/requests";

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Edit ${(await params).slug}` };
}

export default async function EditSystemPage({ params }: Props) {
  const { slug } = await params;
  const user = await requireUser();
  if (!hasRole(user, "EDITOR")) return <ForbiddenNotice needed="editor" what="edit systems" />;
  const [system, options] = await Promise.all([getSystemForEdit(slug), pickerOptions("SYSTEM", null)]);
  if (!system || system.deletedAt) notFound();
  return (
    <>
      <PageHeader eyebrow={`Version ${system.version}`} title={`Edit ${system.name}`} />
      <ApprovalNeededNotice type="SYSTEM" id={system.id} userId={user.id} waiting={await openChangeOf("SYSTEM", system.id)} />
      <SystemForm
        action={saveEntryAction.bind(null, "SYSTEM", system.id, null)}
        version={system.version}
        contacts={options.ownerId ?? []}
        cancelHref={`/systems/${system.slug}`}
        initial={{
          slug: system.slug,
          name: system.name,
          purpose: system.purpose,
          schedule: system.schedule,
          inputs: system.inputs,
          outputs: system.outputs,
          components: system.components as { kind: string; name: string; identifier: string }[],
          tier: system.tier,
          ownerId: system.ownerId ?? "",
          backupOwnerId: system.backupOwnerId ?? "",
          onCall: system.onCall,
          links: system.links as { label: string; url: string }[],
          boundaries: system.boundaries,
          deploymentNotes: system.deploymentNotes,
          reviewIntervalDays: String(system.reviewIntervalDays),
        }}
      />
    </>
  );
}
