import type { Metadata } from "next";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { PORTAL_SETTINGS, portalSettings, type SettingKey } from "@/lib/portal-settings";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { SendDigestsForm, SettingForm } from "./setting-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="change the portal's settings" />;
  const settings = await portalSettings();
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="How the portal works for everyone. Each change is in the audit log." />
      {(Object.keys(PORTAL_SETTINGS) as SettingKey[]).map((key) => (
        <SettingForm key={key} name={key} label={PORTAL_SETTINGS[key].label} hint={PORTAL_SETTINGS[key].hint} on={settings[key]} />
      ))}
      <SendDigestsForm />
    </div>
  );
}
