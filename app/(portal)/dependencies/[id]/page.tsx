import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getDependency } from "@/lib/data/dependencies";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/dependency";
import { DEPENDENCY_DETAILS } from "@/lib/entries/dependency";
import { EntryDetail } from "@/components/entry/entry-pages";
import { Markdown } from "@/components/markdown";
import { Badge } from "@/components/ui/badge";
import { Label } from "@/components/runbook/failure-mode-parts";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const dep = await getDependency((await params).id);
  return { title: dep ? `${dep.name} · ${dep.system.name}` : "Not found" };
}

export default async function DependencyPage({ params, searchParams }: Props) {
  const [{ id }, { saved }] = await Promise.all([params, searchParams]);
  const dep = await getDependency(id);
  if (!dep) notFound();
  const target = dep.dependsOnSystem && !dep.dependsOnSystem.deletedAt ? dep.dependsOnSystem : null;
  return (
    <EntryDetail
      type="DEPENDENCY"
      id={id}
      saved={saved}
      badges={<Badge>{DEPENDENCY_KIND_LABELS[dep.kind]}</Badge>}
      description={target ? <p>Its own runbook: <Link href={`/systems/${target.slug}`}>{target.name}</Link></p> : null}
      consequence="The dependency is hidden from the runbook."
    >
      <dl className="grid gap-4 md:grid-cols-2">
        {DEPENDENCY_DETAILS.map(([field, label]) => [label, dep[field]] as const).map(([label, value]) => (
          <div key={label} className="rounded-lg border border-slate-300 bg-white p-4">
            <dt><Label>{label}</Label></dt>
            <dd><Markdown>{value || "—"}</Markdown></dd>
          </div>
        ))}
      </dl>
    </EntryDetail>
  );
}
