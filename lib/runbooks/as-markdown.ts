import type { ContactKind, DependencyKind, Severity, Tier } from "@/lib/generated/prisma/enums";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/dependency";
import { DEPENDENCY_DETAILS } from "@/lib/entries/dependency";
import { severityText } from "@/lib/validation/failure-mode";
import { type ProcedureStep } from "@/lib/validation/procedure";
import { TIER_LABELS } from "@/lib/validation/system";

// A runbook as Markdown, for curl on a jump host and for chat bots: the overview, a failure
// mode (what /alerts/<name> leads to) and a procedure. What matters at 2am comes first
// (severity, customer impact, immediate actions), then the procedures with every command in
// a fenced block exactly as stored (never indented, so the bytes between the fences are the
// command), then who to call: owners, on-call and the escalation ladder with its contacts.
// Long fields are the runbook's own Markdown and go in as written.

type Contact = { name: string; kind: ContactKind; role: string; email: string; phone: string; chat: string; pagerUrl: string };
type Level = { level: number; name: string; when: string; afterMinutes: number | null; expectedResponseMinutes: number | null; responsibilities: string; contacts: Contact[] };
type WhoToCall = { name: string; slug: string; tier: Tier; onCall: string; owner: Contact | null; backupOwner: Contact | null; escalationLevels: Level[]; deletedAt?: Date | null };
type Procedure = { id: string; title: string; assumptions: string; steps: unknown; verification: string; rollback: string; estimatedMinutes: number | null; approvalRequired: string };
type FailureModeCore = { id: string; title: string; severity: Severity; alertNames: string[]; customerImpact: string; immediateActions: string[]; detection: string; causes: string; escalation: string; version: number; deletedAt?: Date | null };

/** Where the portal is (its public address), for links back to each page. */
export type Links = { base: string };

/** A fenced code block holding `code` byte for byte: the fence is longer than any run of backticks inside. */
export function fenced(code: string, info = ""): string {
  const longest = Math.max(2, ...[...code.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  return `${fence}${info}\n${code}\n${fence}`;
}

/** An inline code span holding `text` exactly (CommonMark: a longer backtick fence, padded when it starts or ends with one). */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** One line of plain words safe inside Markdown: what would start syntax is escaped (an underscore only at a word's edge, where it could). */
function words(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/([\\`*[\]<|&~])/g, "\\$1")
    .replace(/(^|\s)_|_(?=\s|$)/g, (match) => match.replace("_", "\\_"))
    .replace(/^#/, "\\#");
}

/** A field's Markdown that opens with a block (a fence, heading, quote, list, table or indented code) cannot follow a label on its line. */
const OPENS_WITH_BLOCK = /^(?: {4}|\t| {0,3}(?:```|~~~|#{1,6}(?:\s|$)|>|[-*+]\s|\d{1,9}[.)]\s|\|))/;

/** "**Label** text" for a field of the runbook's own Markdown; the label in a paragraph of its own when the field opens with a block, so no fence or list is broken. */
function labelled(label: string, markdown: string): string {
  const text = markdown.replace(/^\s*\n/, "").trimEnd();
  return OPENS_WITH_BLOCK.test(text) ? `${label}\n\n${text}` : `${label} ${text.trimStart()}`;
}

/** Markdown of a list item: the first line after the marker, the rest indented under it so it stays in the item. */
function item(marker: string, markdown: string): string {
  const pad = " ".repeat(marker.length + 1);
  const [first = "", ...rest] = markdown.trim().split("\n");
  return [`${marker} ${first}`, ...rest.map((line) => (line.trim() ? `${pad}${line}` : ""))].join("\n");
}

function contactLine(contact: Contact): string {
  const reach = [
    contact.phone && `phone ${contact.phone}`,
    contact.email && `email ${contact.email}`,
    contact.chat && `chat ${inlineCode(contact.chat)}`,
    contact.pagerUrl && `pager <${contact.pagerUrl}>`,
  ].filter(Boolean);
  return `**${words(contact.name)}** (${words(contact.role || CONTACT_KIND_LABELS[contact.kind])})${reach.length ? ` — ${reach.join(" · ")}` : ""}`;
}

function section(title: string, body: string): string {
  return body.trim() ? `## ${title}\n\n${body.trim()}` : "";
}

function join(...parts: string[]): string {
  return `${parts.filter((part) => part.trim()).join("\n\n")}\n`;
}

function immediateActions(steps: string[]): string {
  return steps.map((step, index) => item(`${index + 1}.`, step)).join("\n");
}

/** Owners and on-call in a few lines. */
function whoToCallLines(system: WhoToCall): string {
  return [
    `- **On call:** ${system.onCall.trim() ? system.onCall.trim().replace(/\n+/g, " ") : "not set"}`,
    `- **Owner:** ${system.owner ? contactLine(system.owner) : "not set"}`,
    `- **Backup owner:** ${system.backupOwner ? contactLine(system.backupOwner) : "not set"}`,
  ].join("\n");
}

function escalationLadder(levels: Level[], heading = "###"): string {
  if (levels.length === 0) return "No escalation ladder written down yet.";
  return levels
    .map((level) => {
      const timing = [level.afterMinutes !== null ? `after ${level.afterMinutes} min` : "", level.expectedResponseMinutes !== null ? `responds within ${level.expectedResponseMinutes} min` : ""].filter(Boolean).join(", ");
      return join(
        `${heading} L${level.level} · ${words(level.name)}${timing ? ` (${timing})` : ""}`,
        level.when.trim() ? labelled("**When:**", level.when) : "",
        level.responsibilities.trim(),
        level.contacts.map((contact) => `- ${contactLine(contact)}`).join("\n"),
      ).trim();
    })
    .join("\n\n");
}

/** A procedure's body: assumptions, each step with its command fenced as stored and what to expect, verification, rollback. */
function procedureBody(procedure: Procedure, heading: string): string {
  const steps = (procedure.steps as ProcedureStep[]).map((step, index) =>
    join(
      labelled(`**Step ${index + 1}.**`, step.instruction),
      step.command ? fenced(step.command) : "",
      step.expectedResult.trim() ? labelled("Expect:", step.expectedResult) : "",
    ).trim(),
  );
  const facts = [procedure.estimatedMinutes ? `about ${procedure.estimatedMinutes} min` : "", procedure.approvalRequired.trim() ? `approval required: ${words(procedure.approvalRequired)}` : ""].filter(Boolean);
  return join(
    facts.length ? `*${facts.join(" · ")}*` : "",
    procedure.assumptions.trim() ? labelled("**Assumes:**", procedure.assumptions) : "",
    steps.length ? steps.join("\n\n") : "No steps written down yet.",
    procedure.verification.trim() ? `${heading} Verify\n\n${procedure.verification.trim()}` : "",
    procedure.rollback.trim() ? `${heading} Roll back\n\n${procedure.rollback.trim()}` : "",
  ).trim();
}

function deletedNote(what: string, deletedAt: Date | null | undefined): string {
  return deletedAt ? `> **Deleted** on ${deletedAt.toISOString().slice(0, 10)}: this ${what} is no longer part of the runbook.` : "";
}

/** A failure mode: what /alerts/<name> and /failure-modes/<id> answer as Markdown. */
export function failureModeMarkdown(fm: FailureModeCore & { procedures: Procedure[]; system: WhoToCall }, links: Links): string {
  const system = fm.system;
  return join(
    `# ${words(fm.title)}`,
    deletedNote("failure mode", fm.deletedAt) || deletedNote("failure mode's system", system.deletedAt),
    [
      `- **Severity:** ${severityText(fm.severity, "label")}`,
      `- **System:** ${words(system.name)} (${TIER_LABELS[system.tier]}) — ${links.base}/systems/${system.slug}`,
      fm.alertNames.length ? `- **Alerts:** ${fm.alertNames.map(inlineCode).join(", ")}` : "",
      `- **This page:** ${links.base}/failure-modes/${fm.id} (version ${fm.version})`,
    ]
      .filter(Boolean)
      .join("\n"),
    section("Customer impact", fm.customerImpact || "Not written down yet."),
    section("Immediate actions", fm.immediateActions.length ? immediateActions(fm.immediateActions) : "None written down yet."),
    ...fm.procedures.map((procedure) => section(`Fix: ${words(procedure.title)}`, `${links.base}/procedures/${procedure.id}\n\n${procedureBody(procedure, "###")}`)),
    section("Who to call", join(whoToCallLines(system), fm.escalation.trim() ? labelled("**When to escalate:**", fm.escalation) : "", escalationLadder(system.escalationLevels))),
    section("Detection", fm.detection),
    section("Causes", fm.causes),
  );
}

/** Several failure modes list one alert: each in full, most severe first. */
export function alertMarkdown(alert: string, modes: Parameters<typeof failureModeMarkdown>[0][], links: Links): string {
  if (modes.length === 1) return failureModeMarkdown(modes[0]!, links);
  const list = modes.map((fm) => `- ${severityText(fm.severity, "label")}: ${words(fm.title)} (${words(fm.system.name)}) — ${links.base}/failure-modes/${fm.id}`).join("\n");
  return join(`# Alert ${inlineCode(alert)}: ${modes.length} runbooks`, list, ...modes.map((fm) => `---\n\n${failureModeMarkdown(fm, links)}`));
}

/** A procedure with the failure modes it fixes and who to call when it does not work. */
export function procedureMarkdown(
  procedure: Procedure & { version: number; deletedAt: Date | null; system: WhoToCall; failureModes: { id: string; title: string; severity: Severity; alertNames: string[] }[] },
  links: Links,
): string {
  return join(
    `# ${words(procedure.title)}`,
    deletedNote("procedure", procedure.deletedAt) || deletedNote("procedure's system", procedure.system.deletedAt),
    [
      `- **System:** ${words(procedure.system.name)} (${TIER_LABELS[procedure.system.tier]}) — ${links.base}/systems/${procedure.system.slug}`,
      `- **This page:** ${links.base}/procedures/${procedure.id} (version ${procedure.version})`,
    ].join("\n"),
    section("Steps", procedureBody(procedure, "##")),
    section(
      "Fixes",
      procedure.failureModes
        .map((fm) => `- ${severityText(fm.severity, "label")}: ${words(fm.title)}${fm.alertNames.length ? ` (${fm.alertNames.map(inlineCode).join(", ")})` : ""} — ${links.base}/failure-modes/${fm.id}`)
        .join("\n"),
    ),
    section("Who to call", join(whoToCallLines(procedure.system), escalationLadder(procedure.system.escalationLevels))),
  );
}

type OverviewDependency = { name: string; kind: DependencyKind; usedFor: string; failureModes: string; impact: string; detection: string; mitigation: string; dependsOnSystem: { slug: string; name: string; deletedAt: Date | null } | null };
type OverviewFailureMode = Omit<FailureModeCore, "version"> & { procedures: { id: string; title: string }[] };

/** The one-page overview of a system, whole: failure modes first (most severe first), then procedures, who to call, dependencies, how it is built. */
export function overviewMarkdown(
  system: WhoToCall & {
    purpose: string;
    schedule: string;
    inputs: string;
    outputs: string;
    components: unknown;
    links: unknown;
    boundaries: string;
    deploymentNotes: string;
    version: number;
    lastReviewedAt: Date | null;
    reviewIntervalDays: number;
    failureModes: OverviewFailureMode[];
    procedures: Procedure[];
    dependencies: OverviewDependency[];
  },
  links: Links,
): string {
  const reviewed = system.lastReviewedAt ? `last reviewed ${system.lastReviewedAt.toISOString().slice(0, 10)}` : "never reviewed";
  const failureModes = system.failureModes.map((fm) =>
    join(
      `### ${severityText(fm.severity)} · ${words(fm.title)}`,
      [fm.alertNames.length ? `- **Alerts:** ${fm.alertNames.map(inlineCode).join(", ")}` : "", `- **Page:** ${links.base}/failure-modes/${fm.id}`, fm.procedures.length ? `- **Fix with:** ${fm.procedures.map((p) => words(p.title)).join("; ")}` : ""]
        .filter(Boolean)
        .join("\n"),
      fm.customerImpact.trim() ? labelled("**Customer impact:**", fm.customerImpact) : "",
      fm.immediateActions.length ? `**Immediate actions:**\n\n${immediateActions(fm.immediateActions)}` : "",
    ).trim(),
  );
  const dependencies = system.dependencies.map((dep) =>
    join(
      `### ${words(dep.name)} (${DEPENDENCY_KIND_LABELS[dep.kind]})`,
      dep.dependsOnSystem && !dep.dependsOnSystem.deletedAt ? `**Runbook:** ${links.base}/systems/${dep.dependsOnSystem.slug}` : "",
      ...DEPENDENCY_DETAILS.map(([field, label]) => (dep[field].trim() ? labelled(`**${label}:**`, dep[field]) : "")),
    ).trim(),
  );
  const components = (system.components as { kind: string; name: string; identifier: string }[]).map((c) => `- ${words(c.kind)}: ${words(c.name)}${c.identifier ? ` ${inlineCode(c.identifier)}` : ""}`);
  const pageLinks = (system.links as { label: string; url: string }[]).map((link) => `- [${words(link.label)}](<${link.url}>)`);
  return join(
    `# ${words(system.name)}`,
    deletedNote("system", system.deletedAt),
    `*${TIER_LABELS[system.tier]} · ${system.schedule.trim() ? words(system.schedule) : "no schedule"} · version ${system.version} · ${reviewed}, every ${system.reviewIntervalDays} days* — ${links.base}/systems/${system.slug}`,
    system.purpose,
    whoToCallLines(system),
    section("Failure modes", failureModes.length ? `Most severe first.\n\n${failureModes.join("\n\n")}` : "No failure modes written down yet."),
    section("Procedures", system.procedures.length ? system.procedures.map((p) => join(`### ${words(p.title)}`, `${links.base}/procedures/${p.id}`, procedureBody(p, "####")).trim()).join("\n\n") : "No procedures yet."),
    section("Escalation", escalationLadder(system.escalationLevels)),
    section("Dependencies", dependencies.join("\n\n")),
    section(
      "How it is built",
      join(
        system.inputs.trim() ? `### Inputs\n\n${system.inputs.trim()}` : "",
        system.outputs.trim() ? `### Outputs\n\n${system.outputs.trim()}` : "",
        components.length ? `### Components\n\n${components.join("\n")}` : "",
        pageLinks.length ? `### Links\n\n${pageLinks.join("\n")}` : "",
        system.boundaries.trim() ? `### Boundaries: check first\n\n${system.boundaries.trim()}` : "",
        system.deploymentNotes.trim() ? `### Deployment\n\n${system.deploymentNotes.trim()}` : "",
      ),
    ),
  );
}
