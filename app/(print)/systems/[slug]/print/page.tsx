import type { Metadata } from "next";
import Link from "@/components/ui/link";
import { notFound } from "next/navigation";
import { getSystemOverview } from "@/lib/data/systems";
import { fitSheet, leftOutText, sheetOf, type Short as ShortText } from "@/lib/runbooks/sheet";
import { portalAddress } from "@/lib/http/portal-address";
import { Time } from "@/components/time";
import { drillStatuses } from "@/lib/runs/drills";
import type { DrillStatus } from "@/lib/runs/drill-status";
import { PrintButton } from "./print-button";
import { PrintFit } from "./print-fit";
import { Table, TableBody, TableCell, TableRow } from "@/components/ui/table";

const drillDate = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric", timeZone: "UTC" });

// The one-page overview that hangs next to the desk: one A4 or Letter page, whatever the
// system holds. lib/runbooks/sheet.ts shortens the text and chooses what goes on the page;
// the sheet is a box of the page's size (print-sheet in globals.css) whose middle part
// (everything but the title, owners, escalation ladder and footer) is cut rather than run
// onto a second page; PrintFit measures it in the browser and leaves out more, in the same
// order, should the estimate fall short. Each part that may go carries its rank.

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
  const { parts, shown, spare, left } = fitSheet(sheet);
  /** On the page: shown, or spare (hidden until PrintFit has measured that it fits). */
  const onPage = (key: string) => shown.has(key) || spare.has(key);
  const [drills, address] = await Promise.all([drillStatuses(system.procedures), portalAddress()]);
  /** The attributes PrintFit reads off a part that may be left out (or put back). */
  const drop = (key: string) => ({
    "data-drop": parts.get(key)!.rank,
    "data-kind": parts.get(key)!.kind,
    "data-key": key,
    ...(shown.has(key) ? {} : { "data-spare": "", hidden: true }),
  });
  const failureModes = sheet.failureModes.filter((fm, i) => i === 0 || onPage(`fm:${fm.id}`));
  const procedures = sheet.procedures.filter((p) => onPage(`procedure:${p.id}`));
  const dependencies = sheet.dependencies.filter((d) => onPage(`dependency:${d.id}`));
  const note = leftOutText(left);
  const full = `${address}/systems/${sheet.slug}`;

  return (
    <>
      <div className="no-print mx-auto mb-10 flex max-w-[189mm] flex-wrap items-center gap-4 px-2 pt-4 text-sm">
        <Link href={`/systems/${sheet.slug}`}>← Back to {sheet.name}</Link>
        <PrintButton />
        <span className="text-slate-600">One A4 or Letter page, whatever the system holds.</span>
      </div>

      <div className="print-sheet" data-print-sheet>
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

        <div className="print-sheet-body" data-print-body>
          <H>Failure modes, most severe first</H>
          <Table variant="plain" className="w-full border-collapse">
            <TableBody variant="plain">
              {failureModes.map((fm, i) => (
                <TableRow key={fm.id} className="print-avoid-break border-b border-gray-400 align-top" {...(i > 0 ? drop(`fm:${fm.id}`) : {})}>
                  <TableCell variant="plain" className={`w-[16mm] py-0.5 pr-1 font-bold ${fm.severity === "UNKNOWN" ? "text-[6.5pt] font-semibold italic" : ""}`}>{fm.severityText}</TableCell>
                  <TableCell variant="plain" className="w-[70mm] py-0.5 pr-1">
                    <span className="font-bold">{fm.title}</span>
                    {fm.alertNames.length ? <span className="font-mono"> [{fm.alertNames.join(", ")}]</span> : null}
                    {fm.impact.text !== "—" && onPage(`impact:${fm.id}`) ? <div {...drop(`impact:${fm.id}`)}>Impact: <Short value={fm.impact} /></div> : null}
                  </TableCell>
                  <TableCell variant="plain" className="py-0.5">
                    {fm.firstAction ? (
                      <ol className="list-decimal pl-3">
                        <li><Short value={fm.firstAction} /></li>
                      </ol>
                    ) : (
                      <p>No immediate action written down.</p>
                    )}
                    {fm.moreActions.length || fm.unprinted ? (
                      onPage(`actions:${fm.id}`) ? (
                        <div {...drop(`actions:${fm.id}`)}>
                          <ol className="list-decimal pl-3" start={2}>
                            {fm.moreActions.map((step, index) => (
                              <li key={index}><Short value={step} /></li>
                            ))}
                          </ol>
                          {fm.unprinted ? <p>… {fm.unprinted} more steps online†</p> : null}
                        </div>
                      ) : null
                    ) : null}
                    {fm.moreActions.length || fm.unprinted ? (
                      <p data-shown-when-left={`actions:${fm.id}`} hidden={shown.has(`actions:${fm.id}`)}>
                        … {fm.moreActions.length + fm.unprinted} more steps online†
                      </p>
                    ) : null}
                    {fm.procedures.length ? <div className="font-semibold">Procedure: {fm.procedures.join("; ")}</div> : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>

          {procedures.map((procedure) => (
            <section key={procedure.id} className="print-avoid-break" {...drop(`procedure:${procedure.id}`)}>
              <H>
                Procedure: {procedure.title}
                <DrillNote status={drills.get(procedure.id)} />
              </H>
              <ol className="list-decimal pl-[5mm]">
                {procedure.steps.map((step, index) => (
                  <li key={index}>
                    <Short value={step.instruction} />
                    {step.command ? <code className="block break-all font-mono text-[6.5pt]">{step.command}</code> : null}
                    {step.expected ? <span className="italic"> → <Short value={step.expected} /></span> : null}
                  </li>
                ))}
              </ol>
              {procedure.moreSteps ? <p>… {procedure.moreSteps} more steps online†</p> : null}
            </section>
          ))}

          {sheet.contacts.length && onPage("contacts") ? (
            <section {...drop("contacts")}>
              <H>Key contacts</H>
              <ul className="grid grid-cols-2 gap-x-3">
                {sheet.contacts.map((contact) => (
                  <li key={contact.id}>
                    <span className="font-bold">{contact.name}</span> ({contact.role}): {contact.reach}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          {sheet.components.length && onPage("components") ? (
            <section {...drop("components")}>
              <H>Components</H>
              <p>
                {sheet.components.map((c, index) => (
                  <span key={index}>
                    {index ? " · " : ""}
                    {c.kind} <span className="font-mono">{c.identifier}</span>
                  </span>
                ))}
              </p>
            </section>
          ) : null}

          {dependencies.length ? (
            <section data-drop-group hidden={!dependencies.some((d) => shown.has(`dependency:${d.id}`))}>
              <H>Dependencies</H>
              <ul className="grid grid-cols-2 gap-x-3">
                {dependencies.map((dep) => (
                  <li key={dep.id} className="print-avoid-break" {...drop(`dependency:${dep.id}`)}>
                    <span className="font-bold">{dep.name}</span> ({dep.kind}): <Short value={dep.fails} /> → <Short value={dep.fallback} />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
        </div>

        <section className="print-avoid-break">
          <H>Escalation</H>
          <ol className={sheet.escalation.length > 3 ? "grid grid-cols-2 gap-x-3" : ""}>
            {sheet.escalation.map((level) => (
              <li key={level.id}>
                <span className="font-bold">{level.title}</span>
                {level.detail}
                {level.contacts ? <> · {level.contacts}</> : null}
              </li>
            ))}
          </ol>
          {sheet.escalation.length === 0 ? <p>No escalation ladder written down yet.</p> : null}
          {sheet.moreLevels ? <p>… {sheet.moreLevels} more levels online</p> : null}
        </section>

        <footer className="mt-auto border-t border-black pt-0.5 text-[6.5pt]">
          <p className="font-bold" data-left-out={JSON.stringify(left)} data-full={full} hidden={!note}>
            {note ? `${note}: full runbook at ${full}` : ""}
          </p>
          <p className="flex justify-between gap-2">
            <span>
              Version {sheet.version} · last reviewed <Time value={sheet.lastReviewedAt} fallback="never" /> · printed <Time value={new Date()} />
            </span>
            <span>† shortened on paper: full runbook at /systems/{sheet.slug}</span>
          </p>
        </footer>
      </div>
      <PrintFit />
    </>
  );
}
