import type { Metadata } from "next";
import { requireUser } from "@/lib/session";
import { mailSettingsOf } from "@/lib/notify/mail-settings";
import { PageHeader } from "@/components/page-header";
import { MailSettingsForm } from "./mail-settings-form";

export const metadata: Metadata = { title: "Mail settings" };

export default async function MailSettingsPage() {
  const user = await requireUser();
  const { email, kinds, digestHour, portal } = await mailSettingsOf(user);
  const mailed = !!process.env.RUNBOOK_SMTP_URL;
  return (
    <div className="max-w-2xl space-y-6">
      <PageHeader title="Mail settings" description={`What the portal e-mails you, at ${email}.`} />
      {mailed ? null : <p role="status" className="rounded-lg border border-amber-400 bg-amber-50 p-3">This portal sends no mail yet: an administrator sets RUNBOOK_SMTP_URL first.</p>}
      <MailSettingsForm kinds={kinds} digestHour={digestHour} portal={portal} />
    </div>
  );
}
