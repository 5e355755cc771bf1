import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getSystemOverview } from "@/lib/data/systems";
import { sheetOf, type Short as ShortText } from "@/lib/runbooks/sheet";
import { Time } from "@/components/time";
import { SEVERITY_CODES } from "@/lib/validation/runbook";
import { drillStatuses } from "@/lib/runs/drills";
import type { DrillStatus } from "@/lib/runs/drill-status";
import { PrintButton } from "./print-button";

const drillDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

// The one-page overview that hangs next to the desk. Everything an on-call engineer
// needs without a screen; long text is shortened (lib/runbooks/sheet.ts, shared with the
// offline bundle), with a pointer to the page online.

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Print · ${(await params).slug}` };
}

function Short({ value }: { value: ShortText }) {
  return (
    <>
      {value.text}
      {value.clipped ? <sup className="text-[6pt]">†</sup> : null}
    </>
  );
}

function H({ children }: { children: React.ReactNode }) {
  return <h2 className="mb-0.5 mt-1.5 border-b border-black text-[8.5pt] font-bold uppercase tracking-wide">{children}</h2>;
}

/** "· drilled 3 Nov 2026", "· never drilled", with "overdue" when it is: on the procedure's heading line. */
function DrillNote({ status }: { status: DrillStatus | undefined }) {
  if (!status) return null;
  return (
    <span className="font-normal normal-case tracking-normal" data-testid="print-drill">
      {" · "}
      {status.last ? `drilled ${drillDate.format(status.last.endedAt)}` : "never drilled"}
      {status.state === "overdue" ? <strong> · drill overdue</strong> : null}
    </span>
  );
}

export default async function PrintSystemPage({ params }: Props) {
  const { slug } = await params;
  const system = await getSystemOverview(slug);
  if (!system) notFound();
  const sheet = sheetOf(system);
  const drills = await drillStatuses(system.procedures);

  return (
    <div className="mx-auto max-w-[190mm] bg-white p-4 text-[7.5pt] leading-snug text-black print:max-w-none print:p-0">
      <div className="no-print mb-4 flex items-center gap-4 text-sm">
        <Link href={`/systems/${sheet.slug}`}>← Back to {sheet.name}</Link>
        <PrintButton />
        <span className="text-slate-600">Fits one A4 or Letter page.</span>
      </div>

      <header className="flex items-baseline justify-between gap-4 border-b-2 border-black pb-1">
        <h1 className="text-[13pt] font-bold">{sheet.name}</h1>
        <p className="text-[8pt] font-semibold">{sheet.tierLine}</p>
      </header>
      <p className="mt-1"><Short value={sheet.purpose} /></p>

      <section className="mt-1 grid grid-cols-3 gap-2">
        <div><span className="font-bold">Owner: </span>{sheet.owner}</div>
        <div><span className="font-bold">Backup: </span>{sheet.backupOwner}</div>
        <div><span className="font-bold">On call: </span><Short value={sheet.onCall} /></div>
      </section>

      <H>Failure modes</H>
      <table className="w-full border-collapse">
        <tbody>
          {sheet.failureModes.map((fm) => (
            <tr key={fm.id} className="print-avoid-break border-b border-gray-400 align-top">
              <td className="w-[12mm] py-0.5 pr-1 font-bold">{SEVERITY_CODES[fm.severity]}</td>
              <td className="py-0.5 pr-1">
                <span className="font-bold">{fm.title}</span>
                {fm.alertNames.length ? <span className="font-mono"> [{fm.alertNames.join(", ")}]</span> : null}
                <div>Impact: <Short value={fm.impact} /></div>
              </td>
              <td className="w-[55%] py-0.5">
                <ol className="list-decimal pl-3">
                  {fm.actions.map((step, index) => (
                    <li key={index}><Short value={step} /></li>
                  ))}
                </ol>
                {fm.moreActions ? <span>… {fm.moreActions} more steps online†</span> : null}
                {fm.procedures.length ? <div className="font-semibold">Procedure: {fm.procedures.join("; ")}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      {sheet.procedures.map((procedure) => (
        <section key={procedure.id} className="print-avoid-break">
          <H>
            Procedure: {procedure.title}
            <DrillNote status={drills.get(procedure.id)} />
          </H>
          <ol className="list-decimal pl-3">
            {procedure.steps.map((step, index) => (
              <li key={index}>
                <Short value={step.instruction} />
                {step.command ? <code className="block break-all font-mono text-[6.5pt]">{step.command}</code> : null}
                {step.expected ? <span className="italic"> → <Short value={step.expected} /></span> : null}
              </li>
            ))}
          </ol>
        </section>
      ))}

      <div className="grid grid-cols-2 gap-3">
        <section>
          <H>Escalation</H>
          <ol>
            {sheet.escalation.map((level) => (
              <li key={level.id} className="print-avoid-break">
                <span className="font-bold">{level.title}</span>
                {level.detail}
              </li>
            ))}
          </ol>
        </section>
        <section>
          <H>Dependencies</H>
          <ul>
            {sheet.dependencies.map((dep) => (
              <li key={dep.id} className="print-avoid-break">
                <span className="font-bold">{dep.name}</span> ({dep.kind}): <Short value={dep.fails} /> → <Short value={dep.fallback} />
              </li>
            ))}
          </ul>
        </section>
      </div>

      {sheet.components.length ? (
        <>
          <H>Components</H>
          <p>
            {sheet.components.map((c, index) => (
              <span key={index}>
                {index ? " · " : ""}
                {c.kind} <span className="font-mono">{c.identifier}</span>
              </span>
            ))}
          </p>
        </>
      ) : null}

      <H>Key contacts</H>
      <ul className="grid grid-cols-2 gap-x-3">
        {sheet.contacts.map((contact) => (
          <li key={contact.id}>
            <span className="font-bold">{contact.name}</span> ({contact.role}): {contact.reach}
          </li>
        ))}
      </ul>

      <footer className="mt-2 flex justify-between border-t border-black pt-0.5 text-[6.5pt]">
        <span>
          Version {sheet.version} · last reviewed <Time value={sheet.lastReviewedAt} fallback="never" /> · printed <Time value={new Date()} />
        </span>
        <span>† shortened on paper: full runbook at /systems/{sheet.slug}</span>
      </footer>
    </div>
  );
}
