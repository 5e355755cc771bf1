import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { redirect } from "next/navigation";
import { requireUser } from "@/lib/session";
import { findFailureModesByAlert } from "@/lib/data/failure-modes";
import { alertNameQuery } from "@/lib/validation/failure-mode";
import { clip, plainText } from "@/lib/plain-text";
import { PageHeader } from "@/components/page-header";
import { SeverityBadge } from "@/components/ui/badge";

// /alerts?name=…: where /alerts/<alertName> (app/alerts/[name]/route.ts) sends an alert
// that several failure modes list, or none.

type Props = { searchParams: Promise<{ name?: string }> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  return { title: `Alert ${(await searchParams).name ?? ""}` };
}

export default async function AlertPage({ searchParams }: Props) {
  await requireUser();
  const parsed = alertNameQuery.safeParse((await searchParams).name ?? "");
  const name = parsed.success ? parsed.data : "";
  const matches = name ? await findFailureModesByAlert(name) : [];
  if (matches.length === 1) redirect(`/failure-modes/${matches[0]!.id}`);

  if (matches.length === 0) {
    return (
      <>
        <PageHeader eyebrow="Alert" title={<code className="font-mono">{name || "(no name)"}</code>} />
        <div className="max-w-2xl space-y-3 rounded-lg border border-amber-400 bg-amber-50 p-4">
          <p className="font-semibold">No failure mode lists this alert name yet.</p>
          <p>
            Alert names match exactly (apart from upper and lower case). The alert may be new, renamed, or not written down yet.
          </p>
          <ul className="list-disc space-y-1 pl-5">
            <li>
              <Link href={`/search?q=${encodeURIComponent(name)}`}>Search every runbook for “{name}”</Link>
            </li>
            <li>
              <Link href="/systems">Browse the systems</Link> and open the one that alerted.
            </li>
            <li>After the incident, add the alert name to the failure mode it belongs to, so the next person lands on it directly.</li>
          </ul>
        </div>
      </>
    );
  }

  return (
    <>
      <PageHeader eyebrow="Alert" title={<code className="font-mono">{name}</code>} description={`${matches.length} failure modes list this alert. Pick the one that fits what you see.`} />
      <ul className="space-y-3">
        {matches.map((fm) => (
          <li key={fm.id} className="rounded-lg border border-slate-300 bg-white p-4">
            <div className="flex flex-wrap items-center gap-2">
              <SeverityBadge severity={fm.severity} />
              <Link href={`/failure-modes/${fm.id}`} className="text-lg font-bold">{fm.title}</Link>
              <span className="text-slate-600">· {fm.system.name}</span>
            </div>
            {fm.customerImpact ? <p className="mt-1 text-sm">{clip(plainText(fm.customerImpact), 200).text}</p> : null}
          </li>
        ))}
      </ul>
    </>
  );
}
