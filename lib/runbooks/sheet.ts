import type { SystemOverview } from "@/lib/data/systems";
import type { Severity } from "@/lib/generated/prisma/enums";
import { clip, plainText } from "@/lib/plain-text";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/dependency";
import { severityText } from "@/lib/validation/failure-mode";
import { TIER_LABELS } from "@/lib/validation/system";
import type { PartKind } from "./left-out";

export { leftOutText, type PartKind } from "./left-out";

// The one-page sheet of a system: what hangs next to the desk. It always fits one A4 and
// one Letter page, whatever the system holds: the print page (/systems/<slug>/print) and
// the offline bundle render this same model, and `fitSheet` chooses what goes on the page.
//
// What matters at 2am is never left out: the title line, owners and on-call, the
// escalation ladder, and the failure modes, most severe first, with their alert names and
// first action. The rest goes, in this order, when it does not fit: dependencies, the
// components line, procedures (least important first), the contact list, further
// actions, impact lines, and then the least severe failure modes. The sheet says in words
// what it left out. The page also measures itself in the browser (print-fit.tsx) and
// drops more in the same order should this estimate fall short; without scripts, the
// sheet's fixed size still keeps it to one page.

/** Text as it goes on paper: plain, at most `max` characters, `clipped` when shortened. */
export type Short = { text: string; clipped: boolean };

function short(markdown: string, max: number): Short {
  const shortened = clip(plainText(markdown), max);
  return { text: shortened.text || "—", clipped: shortened.clipped };
}

type Contact = NonNullable<SystemOverview["owner"]>;

function reach(contact: Contact) {
  return [contact.phone, contact.chat, contact.email, contact.pagerUrl.replace(/^https?:\/\//, "")].filter(Boolean).join(" · ");
}

/** The one channel that reaches a contact fastest, for the escalation ladder. */
function fastest(contact: Contact) {
  return contact.phone || contact.chat || contact.email || contact.pagerUrl.replace(/^https?:\/\//, "");
}

const SEVERITY_RANK: Record<Severity, number> = { SEV1: 0, SEV2: 1, SEV3: 2, SEV4: 3, UNKNOWN: 4 };

/** Escalation levels printed; a longer ladder says how many more there are. */
const MAX_LEVELS = 12;
const MAX_ACTIONS = 5;
const MAX_STEPS = 8;

export type Sheet = ReturnType<typeof sheetOf>;

export function sheetOf(system: SystemOverview) {
  const contacts = new Map<string, Contact>();
  for (const contact of [system.owner, system.backupOwner, ...system.escalationLevels.flatMap((l) => l.contacts)]) {
    if (contact && !contact.deletedAt) contacts.set(contact.id, contact);
  }
  const components = system.components as { kind: string; name: string; identifier: string }[];
  // Procedures in the order they matter: by the most severe failure mode each one fixes.
  const fixes = new Map<string, number>();
  for (const fm of system.failureModes) {
    for (const p of fm.procedures) fixes.set(p.id, Math.min(fixes.get(p.id) ?? 9, SEVERITY_RANK[fm.severity]));
  }
  const procedures = [...system.procedures].sort((a, b) => (fixes.get(a.id) ?? 9) - (fixes.get(b.id) ?? 9) || a.title.localeCompare(b.title));
  return {
    slug: system.slug,
    name: system.name,
    version: system.version,
    lastReviewedAt: system.lastReviewedAt,
    tierLine: `${TIER_LABELS[system.tier]} · ${system.schedule || "no schedule"}`,
    purpose: short(system.purpose, 300),
    owner: system.owner ? `${system.owner.name} (${reach(system.owner)})` : "none",
    backupOwner: system.backupOwner ? `${system.backupOwner.name} (${reach(system.backupOwner)})` : "none",
    onCall: short(system.onCall, 140),
    failureModes: system.failureModes.map((fm) => ({
      id: fm.id,
      key: fm.key,
      severity: fm.severity,
      severityText: severityText(fm.severity),
      title: fm.title,
      alertNames: fm.alertNames,
      impact: short(fm.customerImpact, 110),
      firstAction: fm.immediateActions[0] ? short(fm.immediateActions[0], 140) : null,
      moreActions: fm.immediateActions.slice(1, MAX_ACTIONS).map((step) => short(step, 90)),
      /** actions never printed, even when every other one is */
      unprinted: Math.max(0, fm.immediateActions.length - MAX_ACTIONS),
      procedures: fm.procedures.map((p) => p.title),
    })),
    procedures: procedures.map((procedure) => {
      const steps = procedure.steps as { instruction: string; command: string; expectedResult: string }[];
      return {
        id: procedure.id,
        title: `${procedure.title}${procedure.estimatedMinutes ? ` (~${procedure.estimatedMinutes} min)` : ""}`,
        steps: steps.slice(0, MAX_STEPS).map((step) => ({
          instruction: short(step.instruction, 110),
          command: step.command ? clip(step.command, 200).text : "",
          expected: step.expectedResult ? short(step.expectedResult, 90) : null,
        })),
        moreSteps: Math.max(0, steps.length - MAX_STEPS),
      };
    }),
    escalation: system.escalationLevels.slice(0, MAX_LEVELS).map((level) => ({
      id: level.id,
      title: `L${level.level} ${level.name}`,
      detail: [
        level.afterMinutes !== null ? ` · after ${level.afterMinutes} min` : "",
        level.expectedResponseMinutes !== null ? ` · responds ≤${level.expectedResponseMinutes} min` : "",
      ].join(""),
      contacts: level.contacts
        .filter((c) => !c.deletedAt)
        .map((c) => (fastest(c) ? `${c.name} (${fastest(c)})` : c.name))
        .join(", "),
    })),
    moreLevels: Math.max(0, system.escalationLevels.length - MAX_LEVELS),
    dependencies: system.dependencies.map((dep) => ({
      id: dep.id,
      name: dep.name,
      kind: DEPENDENCY_KIND_LABELS[dep.kind],
      fails: short(dep.failureModes, 70),
      fallback: short(dep.mitigation, 70),
    })),
    components: components.map((c) => ({ kind: c.kind, identifier: c.identifier || c.name })),
    contacts: [...contacts.values()].map((contact) => ({
      id: contact.id,
      name: contact.name,
      role: contact.role || CONTACT_KIND_LABELS[contact.kind],
      reach: reach(contact),
    })),
  };
}

// ---- Fitting the sheet to one page ----------------------------------------------------
//
// The page box (print-sheet in globals.css) is 189 × 255 mm: inside A4 (210 × 297) and
// Letter (215.9 × 279.4) with 10 mm margins. Heights are estimated from text lengths with
// a wide font's measures (DejaVu Sans at 7.5 pt is 1.34 mm a character; 1.45 is used, and
// lines are taken as 90 % full), so the estimate errs on the side of leaving out.

export const SHEET = { widthMm: 189, heightMm: 255 } as const;
const LINE = 3.7; // 7.5 pt text, leading 1.375
const CODE_LINE = 3.2; // 6.5 pt commands
const CHAR = 1.45;
const HEADING = 5.2; // a section heading with its rule and margins

function lines(text: string, widthMm: number, char = CHAR): number {
  if (!text) return 0;
  const perLine = Math.max(1, Math.floor((widthMm * 0.9) / char));
  return text.split("\n").reduce((sum, part) => sum + Math.max(1, Math.ceil(part.length / perLine)), 0);
}

/** A part of the sheet that may be left out: the higher its rank, the sooner it goes. */
export type SheetPart = { key: string; kind: PartKind; rank: number; heightMm: number };

// The failure-mode table's columns: severity, what it is, what to do.
const COLUMNS = { severity: 16, what: 70, actions: SHEET.widthMm - 16 - 70 };

function fixedHeight(sheet: Sheet): number {
  const third = SHEET.widthMm / 3 - 2;
  const header = 8 + lines(sheet.purpose.text, SHEET.widthMm) * LINE + Math.max(lines(`Owner: ${sheet.owner}`, third), lines(`Backup: ${sheet.backupOwner}`, third), lines(`On call: ${sheet.onCall.text}`, third)) * LINE + 2;
  const half = SHEET.widthMm / 2 - 2;
  const ladder = sheet.escalation.map((level) => lines(`${level.title}${level.detail} ${level.contacts}`, sheet.escalation.length > 3 ? half : SHEET.widthMm) * LINE);
  const columns = sheet.escalation.length > 3 ? 2 : 1;
  let escalation = HEADING;
  for (let i = 0; i < ladder.length; i += columns) escalation += Math.max(...ladder.slice(i, i + columns));
  if (sheet.moreLevels) escalation += LINE;
  const footer = 3 * LINE + 3;
  return header + escalation + footer + HEADING /* the failure modes' heading */;
}

/** A failure mode's row without its impact line and further actions: title and alerts beside the first action, "… more steps" and the procedure. */
function rowHeight(fm: Sheet["failureModes"][number]): number {
  const what = lines(`${fm.title} [${fm.alertNames.join(", ")}]`, COLUMNS.what, 1.6);
  const more = fm.moreActions.length || fm.unprinted ? 1 : 0;
  const todo = lines(fm.firstAction?.text ?? "—", COLUMNS.actions) + more + (fm.procedures.length ? lines(`Procedure: ${fm.procedures.join("; ")}`, COLUMNS.actions, 1.6) : 0);
  return Math.max(what, todo) * LINE + 1.2;
}

/** Every part that may be left out, with its estimated height and rank. */
function sheetParts(sheet: Sheet): SheetPart[] {
  const parts: SheetPart[] = [];
  const half = SHEET.widthMm / 2 - 2;
  sheet.failureModes.forEach((fm, i) => {
    // The first failure mode always stays (a sheet without one says nothing): fitSheet counts it apart.
    if (i > 0) parts.push({ key: `fm:${fm.id}`, kind: "failure mode", rank: 1000 + i, heightMm: rowHeight(fm) });
    if (fm.impact.text !== "—") parts.push({ key: `impact:${fm.id}`, kind: "impact", rank: 2000 + i, heightMm: lines(`Impact: ${fm.impact.text}`, COLUMNS.what) * LINE });
    if (fm.moreActions.length || fm.unprinted) {
      parts.push({ key: `actions:${fm.id}`, kind: "actions", rank: 3000 + i, heightMm: (fm.moreActions.reduce((sum, a) => sum + lines(a.text, COLUMNS.actions - 4), 0) + (fm.unprinted ? 1 : 0)) * LINE });
    }
  });
  if (sheet.contacts.length) parts.push({ key: "contacts", kind: "contacts", rank: 4000, heightMm: HEADING + Math.ceil(sheet.contacts.length / 2) * LINE * 1.2 + sheet.contacts.reduce((sum, c) => sum + (lines(`${c.name} (${c.role}): ${c.reach}`, half) - 1) * LINE, 0) / 2 });
  sheet.procedures.forEach((procedure, i) => {
    const steps = procedure.steps.reduce(
      (sum, step) => sum + lines(`${step.instruction.text}${step.expected ? ` → ${step.expected.text}` : ""}`, SHEET.widthMm - 4) * LINE + (step.command ? lines(step.command, SHEET.widthMm - 4, 1.5) * CODE_LINE : 0),
      0,
    );
    parts.push({ key: `procedure:${procedure.id}`, kind: "procedure", rank: 5000 + i, heightMm: HEADING + steps + (procedure.moreSteps ? LINE : 0) });
  });
  if (sheet.components.length) parts.push({ key: "components", kind: "components", rank: 6000, heightMm: HEADING + lines(sheet.components.map((c) => `${c.kind} ${c.identifier}`).join(" · "), SHEET.widthMm) * LINE });
  sheet.dependencies.forEach((dep, i) => {
    parts.push({ key: `dependency:${dep.id}`, kind: "dependency", rank: 7000 + i, heightMm: lines(`${dep.name} (${dep.kind}): ${dep.fails.text} → ${dep.fallback.text}`, half) * LINE / 2 + (i === 0 ? HEADING : 0) });
  });
  return parts;
}

export type SheetFit = {
  /** every part that may be left out, by key */
  parts: Map<string, SheetPart>;
  /** the keys of the parts that go on the page */
  shown: Set<string>;
  /** parts left out that the page may put back once it has measured itself (the most important of them, a page's worth at most) */
  spare: Set<string>;
  /** how many of each kind were left out */
  left: Record<PartKind, number>;
};

/** Which parts fit on the page: the least important go first until the estimate fits. */
export function fitSheet(sheet: Sheet): SheetFit {
  const parts = sheetParts(sheet);
  const budget = SHEET.heightMm - fixedHeight(sheet) - sheet.failureModes.slice(0, 1).reduce((sum, fm) => sum + rowHeight(fm), 0);
  let total = parts.reduce((sum, part) => sum + part.heightMm, 0);
  const shown = new Set(parts.map((part) => part.key));
  const left: Record<PartKind, number> = { dependency: 0, components: 0, procedure: 0, contacts: 0, actions: 0, impact: 0, "failure mode": 0 };
  for (const part of [...parts].sort((a, b) => b.rank - a.rank)) {
    if (total <= budget) break;
    shown.delete(part.key);
    total -= part.heightMm;
    left[part.kind]++;
  }
  // The estimate errs on the side of leaving out: the page measures itself and puts back what still fits (print-fit.tsx).
  const spare = new Set<string>();
  let spareHeight = 0;
  for (const part of parts.filter((p) => !shown.has(p.key)).sort((a, b) => a.rank - b.rank)) {
    if (spare.size >= 16 || spareHeight > 100) break;
    spare.add(part.key);
    spareHeight += part.heightMm;
  }
  return { parts: new Map(parts.map((part) => [part.key, part])), shown, spare, left };
}
