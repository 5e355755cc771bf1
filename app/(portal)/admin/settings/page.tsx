import type { Metadata } from "next";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { PORTAL_SETTINGS, portalSettings, type SettingKey } from "@/lib/portal-settings";
import { PageHeader } from "@/components/page-header";
import { ForbiddenNotice } from "@/components/forbidden-notice";
import { SendDigestsForm, SettingForm } from "./setting-form";
import { portalAddress } from "@/lib/http/portal-address";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage() {
  const user = await requireUser();
  if (!hasRole(user, "ADMIN")) return <ForbiddenNotice needed="admin" what="change the portal's settings" />;
  const [settings, portal] = await Promise.all([portalSettings(), portalAddress()]);
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="How the portal works for everyone. Each change is in the audit log." />
      {(Object.keys(PORTAL_SETTINGS) as SettingKey[]).map((key) => (
        <SettingForm key={key} name={key} label={PORTAL_SETTINGS[key].label} hint={PORTAL_SETTINGS[key].hint} on={settings[key]} />
      ))}
      <SendDigestsForm />
      <section aria-labelledby="integrations" className="space-y-2 rounded-lg border border-slate-300 bg-white p-4">
        <h2 id="integrations" className="text-lg font-bold">Alerts and chat</h2>
        <p className="text-sm text-slate-700">Set up outside the portal (README, “Live alerts”); what this portal has now:</p>
        <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[12rem_1fr]">
          <dt className="font-semibold">Alert webhook</dt>
          <dd>
            <code>{portal}/api/v1/alerts/webhook</code>, with an ingest token (API tokens, scope “Ingest”)
          </dd>
          <dt className="font-semibold">Incident label</dt>
          <dd>{process.env.RUNBOOK_INCIDENT_LABEL ? <code>{process.env.RUNBOOK_INCIDENT_LABEL}</code> : "none: incidents are named ALERT-…"}</dd>
          <dt className="font-semibold">Slack /runbook</dt>
          <dd>{process.env.RUNBOOK_SLACK_SIGNING_SECRET ? <>set up: Request URL <code>{portal}/api/chat/slack</code></> : "not set up (RUNBOOK_SLACK_SIGNING_SECRET)"}</dd>
          <dt className="font-semibold">Mattermost /runbook</dt>
          <dd>{process.env.RUNBOOK_MATTERMOST_COMMAND_TOKENS ? <>set up: Request URL <code>{portal}/api/chat/mattermost</code></> : "not set up (RUNBOOK_MATTERMOST_COMMAND_TOKENS)"}</dd>
        </dl>
      </section>
    </div>
  );
}
