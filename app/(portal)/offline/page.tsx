import type { Metadata } from "next";
import { PageHeader } from "@/components/page-header";
import { SavedOffline } from "@/components/offline/saved-offline";

export const metadata: Metadata = { title: "Saved for offline reading" };

// What this device keeps for reading when the network or the portal is gone. The list is
// the browser's own (public/sw.js keeps it); offline, the worker writes this page itself.

export default function OfflinePage() {
  return (
    <>
      <PageHeader title="Saved for offline reading" description="Runbook pages this device keeps, for when the network or the portal is gone." />
      <div className="max-w-3xl space-y-4">
        <p>
          Every runbook page you open here is saved on this device: overviews, print sheets, failure modes, procedures, escalation levels, dependencies and contacts. On a
          system&apos;s overview, <strong>Keep offline</strong> saves all of its pages at once and keeps them up to date while you are online. Offline, saved pages open at their usual
          address with a notice saying when they were saved; forms and edits need the portal.
        </p>
        <p>Signing out removes everything saved. Pages saved for one person are never shown to another: a different person signing in on this device clears them.</p>
        <SavedOffline />
      </div>
    </>
  );
}
