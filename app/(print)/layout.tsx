import { requireUser } from "@/lib/session";
import { OfflineSaver } from "@/components/offline/offline-saver";

export default async function PrintLayout({ children }: { children: React.ReactNode }) {
  const user = await requireUser();
  return (
    <>
      <meta name="runbook-viewer" content={user.id} />
      <main id="main">{children}</main>
      <OfflineSaver />
    </>
  );
}
