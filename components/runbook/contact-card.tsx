import Link from "@/components/ui/link";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import type { ContactKind } from "@/lib/generated/prisma/enums";

export type ContactCardData = {
  id: string;
  name: string;
  kind: ContactKind;
  role: string;
  email: string;
  phone: string;
  chat: string;
  pagerUrl: string;
};

export type ContactCardProps = { contact: ContactCardData; heading?: string; compact?: boolean; /** the name links to the contact page */ linked?: boolean };

/** How to reach someone: every channel they have, as links a phone can use. */
export function ContactCard({ contact, heading, compact = false, linked = false }: ContactCardProps) {
  return (
    <div className={compact ? "" : "rounded-lg border border-slate-300 bg-white p-3"}>
      {heading ? <p className="text-xs font-semibold uppercase tracking-wide text-slate-600">{heading}</p> : null}
      <p className="font-semibold">
        {linked ? <Link href={`/contacts/${contact.id}`}>{contact.name}</Link> : contact.name} <span className="text-sm font-normal text-slate-600">· {contact.role || CONTACT_KIND_LABELS[contact.kind]}</span>
      </p>
      <ul className="text-sm">
        {contact.phone ? (
          <li>
            Phone: <a href={`tel:${contact.phone.replace(/[^+0-9]/g, "")}`}>{contact.phone}</a>
          </li>
        ) : null}
        {contact.email ? (
          <li>
            Email: <a href={`mailto:${contact.email}`}>{contact.email}</a>
          </li>
        ) : null}
        {contact.chat ? <li>Chat: <span className="font-mono">{contact.chat}</span></li> : null}
        {contact.pagerUrl ? (
          <li>
            Pager: <a href={contact.pagerUrl} rel="noopener noreferrer">{contact.pagerUrl.replace(/^https?:\/\//, "")}</a>
          </li>
        ) : null}
      </ul>
    </div>
  );
}
