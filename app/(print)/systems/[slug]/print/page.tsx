import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getSystemOverview, type SystemOverview } from "@/lib/data/systems";
import { clip, plainText } from "@/lib/plain-text";
import { CONTACT_KIND_LABELS, DEPENDENCY_KIND_LABELS } from "@/lib/validation/runbook";
import { TIER_LABELS } from "@/lib/validation/system";
import { Time } from "@/components/time";
import { PrintButton } from "./print-button";

// The one-page overview that hangs next to the desk. Everything an on-call engineer
// needs without a screen; long text is shortened, with a pointer to the page online.

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Print · ${(await params).slug}` };
}

type Contact = NonNullable<SystemOverview["owner"]>;

function Short({ children, max }: { children: string; max: number }) {
  const { text, clipped } = clip(plainText(children), max);
  return (
    <>
      {text || "—"}
      {clipped ? <sup className="text-[6pt]">†</sup> : null}
    </>
  );
}

function reach(contact: Contact) {
  return [contact.phone, contact.chat, contact.email, contact.pagerUrl.replace(/^https?:\/\//, "")].filter(Boolean).join(" · ");
}

function H({ children }: { children: React.ReactNode }) {
  return <h2 className="mb-0.5 mt-1.5 border-b border-black text-[8.5pt] font-bold uppercase tracking-wide">{children}</h2>;
}

export default async function PrintSystemPage({ params }: Props) {
  const { slug } = await params;
  const system = await getSystemOverview(slug);
  if (!system) notFound();
  const contacts = new Map<string, Contact>();
  for (const contact of [system.owner, system.backupOwner, ...system.escalationLevels.flatMap((l) => l.contacts)]) {
    if (contact && !contact.deletedAt) contacts.set(contact.id, contact);
  }
  const components = system.components as { kind: string; name: string; identifier: string }[];

  return (
    <div className="mx-auto max-w-[190mm] bg-white p-4 text-[7.5pt] leading-snug text-black print:max-w-none print:p-0">
      <div className="no-print mb-4 flex items-center gap-4 text-sm">
        <Link href={`/systems/${system.slug}`}>← Back to {system.name}</Link>
        <PrintButton />
        <span className="text-slate-600">Fits one A4 or Letter page.</span>
      </div>

      <header className="flex items-baseline justify-between gap-4 border-b-2 border-black pb-1">
        <h1 className="text-[13pt] font-bold">{system.name}</h1>
        <p className="text-[8pt] font-semibold">
          {TIER_LABELS[system.tier]} · {system.schedule || "no schedule"}
        </p>
      </header>
      <p className="mt-1"><Short max={300}>{system.purpose}</Short></p>

      <section className="mt-1 grid grid-cols-3 gap-2">
        <div><span className="font-bold">Owner: </span>{system.owner ? `${system.owner.name} (${reach(system.owner)})` : "none"}</div>
        <div><span className="font-bold">Backup: </span>{system.backupOwner ? `${system.backupOwner.name} (${reach(system.backupOwner)})` : "none"}</div>
        <div><span className="font-bold">On call: </span><Short max={140}>{system.onCall}</Short></div>
      </section>

      <H>Failure modes</H>
      <table className="w-full border-collapse">
        <tbody>
          {system.failureModes.map((fm) => (
            <tr key={fm.id} className="print-avoid-break border-b border-gray-400 align-top">
              <td className="w-[12mm] py-0.5 pr-1 font-bold">{fm.severity}</td>
              <td className="py-0.5 pr-1">
                <span className="font-bold">{fm.title}</span>
                {fm.alertNames.length ? <span className="font-mono"> [{fm.alertNames.join(", ")}]</span> : null}
                <div>Impact: <Short max={110}>{fm.customerImpact}</Short></div>
              </td>
              <td className="w-[55%] py-0.5">
                <ol className="list-decimal pl-3">
                  {fm.immediateActions.slice(0, 5).map((step, index) => (
                    <li key={index}><Short max={90}>{step}</Short></li>
                  ))}
                </ol>
                {fm.immediateActions.length > 5 ? <span>… {fm.immediateActions.length - 5} more steps online†</span> : null}
                {fm.procedures.length ? <div className="font-semibold">Procedure: {fm.procedures.map((p) => p.title).join("; ")}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {system.procedures.map((procedure) => {
        const steps = procedure.steps as { instruction: string; command: string; expectedResult: string }[];
        return (
          <section key={procedure.id} className="print-avoid-break">
            <H>Procedure: {procedure.title}{procedure.estimatedMinutes ? ` (~${procedure.estimatedMinutes} min)` : ""}</H>
            <ol className="list-decimal pl-3">
              {steps.slice(0, 8).map((step, index) => (
                <li key={index}>
                  <Short max={110}>{step.instruction}</Short>
                  {step.command ? <code className="block break-all font-mono text-[6.5pt]">{clip(step.command, 200).text}</code> : null}
                  {step.expectedResult ? <span className="italic"> → <Short max={90}>{step.expectedResult}</Short></span> : null}
                </li>
              ))}
            </ol>
          </section>
        );
      })}

      <div className="grid grid-cols-2 gap-3">
        <section>
          <H>Escalation</H>
          <ol>
            {system.escalationLevels.map((level) => (
              <li key={level.id} className="print-avoid-break">
                <span className="font-bold">L{level.level} {level.name}</span>
                {level.afterMinutes !== null ? ` · after ${level.afterMinutes} min` : ""}
                {level.expectedResponseMinutes !== null ? ` · responds ≤${level.expectedResponseMinutes} min` : ""}
                {level.contacts.length ? ` · ${level.contacts.map((c) => c.name).join(", ")}` : ""}
              </li>
            ))}
          </ol>
        </section>
        <section>
          <H>Dependencies</H>
          <ul>
            {system.dependencies.map((dep) => (
              <li key={dep.id} className="print-avoid-break">
                <span className="font-bold">{dep.name}</span> ({DEPENDENCY_KIND_LABELS[dep.kind]}): <Short max={70}>{dep.failureModes}</Short> → <Short max={70}>{dep.mitigation}</Short>
              </li>
            ))}
          </ul>
        </section>
      </div>

      {components.length ? (
        <>
          <H>Components</H>
          <p>
            {components.map((c, index) => (
              <span key={index}>
                {index ? " · " : ""}
                {c.kind} <span className="font-mono">{c.identifier || c.name}</span>
              </span>
            ))}
          </p>
        </>
      ) : null}

      <H>Key contacts</H>
      <ul className="grid grid-cols-2 gap-x-3">
        {[...contacts.values()].map((contact) => (
          <li key={contact.id}>
            <span className="font-bold">{contact.name}</span> ({contact.role || CONTACT_KIND_LABELS[contact.kind]}): {reach(contact)}
          </li>
        ))}
      </ul>

      <footer className="mt-2 flex justify-between border-t border-black pt-0.5 text-[6.5pt]">
        <span>
          Version {system.version} · last reviewed <Time value={system.lastReviewedAt} fallback="never" /> · printed <Time value={new Date()} />
        </span>
        <span>† shortened on paper: full runbook at /systems/{system.slug}</span>
      </footer>
    </div>
  );
}
