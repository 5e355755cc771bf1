import { requireUser } from "@/lib/session";
import { SiteHeader } from "@/components/nav/site-header";
import { OfflineSaver } from "@/components/offline/offline-saver";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      {/* Whose page this is: the offline copies of public/sw.js are kept per person. */}
      <meta name="runbook-viewer" content={user.id} />
      <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:p-2">
        Skip to content
      </a>
      <SiteHeader user={user} />
      <main id="main" className="mx-auto max-w-6xl px-4 py-6">
        {children}
      </main>
      <OfflineSaver />
    </>
  );
}
