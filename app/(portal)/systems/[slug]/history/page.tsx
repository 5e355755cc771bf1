import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { requireUser } from "@/lib/session";
import { mayEditSystem } from "@/lib/teams/policy";
import { findSystem } from "@/lib/data/systems";
import { PageHeader } from "@/components/page-header";
import { HistoryView } from "@/components/history/history-view";

type Props = { params: Promise<{ slug: string }>; searchParams: Promise<{ from?: string; to?: string; restored?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `History of ${(await params).slug}` };
}

export default async function SystemHistoryPage({ params, searchParams }: Props) {
  const [{ slug }, query, user] = await Promise.all([params, searchParams, requireUser()]);
  const system = await findSystem(slug);
  if (!system) notFound();
  return (
    <>
      <PageHeader
        eyebrow={<Link href={`/systems/${system.slug}`}>← {system.name}</Link>}
        title={`History of ${system.name}`}
        description="Every saved version. Pick two to compare; restoring writes a new version equal to the old one."
      />
      <HistoryView type="SYSTEM" entityId={system.id} canRestore={await mayEditSystem(user, system.id)} {...query} />
    </>
  );
}
