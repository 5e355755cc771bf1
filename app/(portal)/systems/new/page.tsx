import type { Metadata } from "next";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { pickerOptions } from "@/lib/data/pickers";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { SystemForm } from "@/components/entry/forms/system-form";
import { saveEntryAction } from "@/lib/entries/actions";

export const metadata: Metadata = { title: "New system" };

export default async function NewSystemPage() {
  const user = await requireUser();
  if (!hasRole(user, "EDITOR")) return <ForbiddenNotice needed="editor" what="create systems" />;
  const options = await pickerOptions("SYSTEM", null);
  return (
    <>
      <PageHeader title="New system" description="Start with what it does and who owns it; failure modes, procedures and escalation come next." />
      <SystemForm action={saveEntryAction.bind(null, "SYSTEM", null, null)} options={options} cancelHref="/systems" initial={{}} />
    </>
  );
}
