import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getContact } from "@/lib/data/contacts";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import { EntryDetail } from "@/components/entry/entry-pages";
import { Markdown } from "@/components/markdown";
import { Badge, TierBadge } from "@/components/ui/badge";
import { ContactCard } from "@/components/runbook/contact-card";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<{ saved?: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const contact = await getContact((await params).id);
  return { title: contact?.name ?? "Not found" };
}

export default async function ContactPage({ params, searchParams }: Props) {
  const [{ id }, { saved }] = await Promise.all([params, searchParams]);
  const contact = await getContact(id);
  if (!contact) notFound();
  const systems = [
    ...contact.ownedSystems.map((s) => ({ ...s, as: "Owner" })),
    ...contact.backedUpSystems.map((s) => ({ ...s, as: "Backup owner" })),
  ];
  return (
    <EntryDetail type="CONTACT" id={id} saved={saved} badges={<Badge>{CONTACT_KIND_LABELS[contact.kind]}</Badge>} description={contact.role || null} consequence="The contact disappears from the runbooks that list it.">
      <ContactCard contact={contact} />
      {contact.kind === "TEAM" ? (
        <p>
          <Link href={`/teams/${contact.key}`}>The team’s page: its members, and the state of the systems it owns →</Link>
        </p>
      ) : null}
      {contact.notes ? <Markdown>{contact.notes}</Markdown> : null}
      <section aria-labelledby="systems" className="space-y-2">
        <h2 id="systems" className="text-lg font-bold">Systems</h2>
        {systems.length === 0 ? <p className="text-slate-600">Owns no system and backs up none.</p> : (
          <ul className="space-y-1">
            {systems.map((s) => (
              <li key={`${s.as}-${s.id}`} className="flex items-center gap-2">
                <TierBadge tier={s.tier} />
                <Link href={`/systems/${s.slug}`}>{s.name}</Link>
                <span className="text-sm text-slate-600">· {s.as}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="levels" className="space-y-2">
        <h2 id="levels" className="text-lg font-bold">Escalation levels</h2>
        {contact.escalationLevels.length === 0 ? <p className="text-slate-600">On no escalation ladder.</p> : (
          <ul className="space-y-1">
            {contact.escalationLevels.map((level) => (
              <li key={level.id}>
                <Link href={`/escalation-levels/${level.id}`}>L{level.level} · {level.name}</Link>
                <span className="text-sm text-slate-600"> of <Link href={`/systems/${level.system.slug}`}>{level.system.name}</Link></span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </EntryDetail>
  );
}
