import type { Metadata } from "next";
import { requireUser } from "@/lib/session";
import { hasRole } from "@/lib/auth/roles";
import { firedWithoutRunbook, systemsToPick } from "@/lib/alerts/firing";
import { FiredWithoutRunbook } from "@/components/alerts/fired-without-runbook";
import { PageHeader } from "@/components/page-header";
import { coverageAction } from "./actions";
import { CoverageForm } from "./coverage-form";

export const metadata: Metadata = { title: "Alert coverage" };

export default async function CoveragePage() {
  const user = await requireUser();
  const canWrite = hasRole(user, "EDITOR");
  const [unwritten, systems] = await Promise.all([firedWithoutRunbook(), canWrite ? systemsToPick() : []]);
  return (
    <div className="max-w-5xl space-y-6">
      <PageHeader
        title="Alert coverage"
        description={
          <>
            Which of your Prometheus alerts have a runbook here, which have none, and whether each rule’s <code>runbook_url</code> already sends people to it. Nothing
            is saved. From a terminal or CI: <code>npm run coverage -- rules/</code> (exits 1 while an alert has no runbook).
          </>
        }
      />
      <FiredWithoutRunbook alerts={unwritten} systems={systems} canWrite={canWrite} />
      <h2 className="text-xl font-bold">Check a rules file</h2>
      <CoverageForm action={coverageAction} />
    </div>
  );
}
