import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { getEscalationLevel } from "@/lib/data/escalation-levels";
import { EntryDetail } from "@/components/entry/entry-pages";
import { Markdown } from "@/components/markdown";
import { ContactCard } from "@/components/runbook/contact-card";
import { Label } from "@/components/runbook/failure-mode-parts";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const level = await getEscalationLevel((await params).id);
  return { title: level ? `L${level.level} ${level.name} · ${level.system.name}` : "Not found" };
}

export default async function EscalationLevelPage({ params, searchParams }: Props) {
  const [{ id }, { saved }] = await Promise.all([params, searchParams]);
  const level = await getEscalationLevel(id);
  if (!level) notFound();
  const timing = [
    level.afterMinutes !== null ? `Called after ${level.afterMinutes} min` : null,
    level.expectedResponseMinutes !== null ? `responds within ${level.expectedResponseMinutes} min` : null,
  ].filter(Boolean);
  return (
    <EntryDetail type="ESCALATION_LEVEL" id={id} saved={saved} description={timing.length ? <p>{timing.join(" · ")}</p> : null} consequence="The level is taken out of the escalation ladder.">
      <div className="grid gap-4 md:grid-cols-2">
        <section className="rounded-lg border border-slate-300 bg-white p-4">
          <Label>When</Label>
          <Markdown>{level.when || "—"}</Markdown>
        </section>
        <section className="rounded-lg border border-slate-300 bg-white p-4">
          <Label>Responsibilities</Label>
          <Markdown>{level.responsibilities || "—"}</Markdown>
        </section>
      </div>
      <section aria-labelledby="contacts" className="space-y-2">
        <h2 id="contacts" className="text-lg font-bold">Who to call</h2>
        {level.contacts.length === 0 ? <p className="text-slate-600">No contacts on this level yet.</p> : null}
        <div className="grid gap-3 md:grid-cols-2">
          {level.contacts.map((contact) => (
            <ContactCard key={contact.id} contact={contact} linked />
          ))}
        </div>
      </section>
    </EntryDetail>
  );
}
