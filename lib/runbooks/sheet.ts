import type { SystemOverview } from "@/lib/data/systems";
import { clip, plainText } from "@/lib/plain-text";
import { CONTACT_KIND_LABELS, DEPENDENCY_KIND_LABELS } from "@/lib/validation/runbook";
import { TIER_LABELS } from "@/lib/validation/system";

// The one-page sheet of a system: what hangs next to the desk, text shortened to fit one
// A4 or Letter page. The print page (/systems/<slug>/print) and the offline bundle render
// this same model, so both shorten the same way.

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

export type Sheet = ReturnType<typeof sheetOf>;

export function sheetOf(system: SystemOverview) {
  const contacts = new Map<string, Contact>();
  for (const contact of [system.owner, system.backupOwner, ...system.escalationLevels.flatMap((l) => l.contacts)]) {
    if (contact && !contact.deletedAt) contacts.set(contact.id, contact);
  }
  const components = system.components as { kind: string; name: string; identifier: string }[];
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
      title: fm.title,
      alertNames: fm.alertNames,
      impact: short(fm.customerImpact, 110),
      actions: fm.immediateActions.slice(0, 5).map((step) => short(step, 90)),
      moreActions: Math.max(0, fm.immediateActions.length - 5),
      procedures: fm.procedures.map((p) => p.title),
    })),
    procedures: system.procedures.map((procedure) => ({
      id: procedure.id,
      title: `${procedure.title}${procedure.estimatedMinutes ? ` (~${procedure.estimatedMinutes} min)` : ""}`,
      steps: (procedure.steps as { instruction: string; command: string; expectedResult: string }[]).slice(0, 8).map((step) => ({
        instruction: short(step.instruction, 110),
        command: step.command ? clip(step.command, 200).text : "",
        expected: step.expectedResult ? short(step.expectedResult, 90) : null,
      })),
    })),
    escalation: system.escalationLevels.map((level) => ({
      id: level.id,
      title: `L${level.level} ${level.name}`,
      detail: [
        level.afterMinutes !== null ? ` · after ${level.afterMinutes} min` : "",
        level.expectedResponseMinutes !== null ? ` · responds ≤${level.expectedResponseMinutes} min` : "",
        level.contacts.length ? ` · ${level.contacts.map((c) => c.name).join(", ")}` : "",
      ].join(""),
    })),
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
