import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { cacheThisPage } from "@/lib/server/request-context";
import { getProcedure } from "@/lib/data/procedures";
import { EntryDetail } from "@/components/entry/entry-pages";
import { SeverityBadge } from "@/components/ui/badge";
import { ProcedureBody } from "@/components/runbook/procedure-steps";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const procedure = await getProcedure((await params).id);
  return { title: procedure ? `${procedure.title} · ${procedure.system.name}` : "Not found" };
}

export default async function ProcedurePage({ params, searchParams }: Props) {
  const [{ id }, { saved }] = await Promise.all([params, searchParams]);
  const procedure = await getProcedure(id);
  if (!procedure) notFound();
  cacheThisPage([`system:${procedure.systemId}`, ...procedure.failureModes.map((fm) => `system:${fm.systemId}`)]);
  return (
    <EntryDetail type="PROCEDURE" id={id} saved={saved} consequence="The procedure is hidden from the runbook and unlinked from view in its failure modes.">
      <section className="rounded-lg border border-slate-300 bg-white p-4">
        <ProcedureBody procedure={procedure} />
      </section>
      <section aria-labelledby="used-by" className="space-y-2">
        <h2 id="used-by" className="text-lg font-bold">Fixes these failure modes</h2>
        {procedure.failureModes.length === 0 ? <p className="text-slate-600">No failure mode links to this procedure yet.</p> : (
          <ul className="space-y-1">
            {procedure.failureModes.map((fm) => (
              <li key={fm.id} className="flex items-center gap-2">
                <SeverityBadge severity={fm.severity} />
                <Link href={`/failure-modes/${fm.id}`}>{fm.title}</Link>
              </li>
            ))}
          </ul>
        )}
      </section>
    </EntryDetail>
  );
}
