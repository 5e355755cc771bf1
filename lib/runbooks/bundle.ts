import "server-only";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkGfm from "remark-gfm";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import { db } from "@/lib/db";
import { getSystemOverview, type SystemOverview } from "@/lib/data/systems";
import { plainText } from "@/lib/plain-text";
import { CONTACT_KIND_LABELS } from "@/lib/validation/contact";
import { DEPENDENCY_DETAILS } from "@/lib/entries/dependency";
import { DEPENDENCY_KIND_LABELS } from "@/lib/validation/dependency";
import { SEVERITY_CODES, SEVERITY_LABELS } from "@/lib/validation/failure-mode";
import type { Severity } from "@/lib/generated/prisma/enums";
import { TIER_LABELS } from "@/lib/validation/system";
import { fitSheet, leftOutText, sheetOf, type Sheet, type Short } from "./sheet";

// The offline bundle: every runbook as a static site that opens from a laptop with no
// server (file://), for when the portal runs on the infrastructure that is on fire.
// index.html lists the systems; systems/<slug>.html holds the one-page sheet (prints
// like /systems/<slug>/print) and the whole runbook below it; alerts/<AlertName>.html
// sends to the failure mode; a search box works from file:// with a precomputed index.
// No network, no external scripts, and every page says when it was exported.

export type BundleFile = { path: string; content: string };

const ASSETS = join(process.cwd(), "lib", "runbooks", "bundle-assets");

const dateTime = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });
const date = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeZone: "UTC" });

function esc(text: unknown): string {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

// Markdown to HTML; raw HTML in the text is dropped, as on the portal's pages.
const markdown = unified().use(remarkParse).use(remarkGfm).use(remarkRehype).use(rehypeStringify);
function md(text: string): string {
  return text.trim() ? `<div class="md">${String(markdown.processSync(text))}</div>` : "";
}

function short(value: Short): string {
  return `${esc(value.text)}${value.clipped ? "<sup>†</sup>" : ""}`;
}

/** A file name for an alert: its name, with anything a file system might refuse replaced. */
export function alertFileName(name: string): string {
  return `${name.replace(/[^A-Za-z0-9._-]/g, "_")}.html`;
}

type PageOptions = { title: string; depth: number; exported: string; body: string; scripts?: string[]; refresh?: string };

function page({ title, depth, exported, body, scripts = [], refresh }: PageOptions): string {
  const up = "../".repeat(depth);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
${refresh ? `<meta http-equiv="refresh" content="0; url=${esc(refresh)}">\n` : ""}<title>${esc(title)} · Runbook Portal (offline copy)</title>
<link rel="stylesheet" href="${up}assets/bundle.css">
</head>
<body>
<header class="bar no-print"><a href="${up}index.html"><strong>Runbook Portal</strong> · all systems</a><a href="${up}alerts/index.html">Alerts</a><span class="stamp">Offline copy, exported ${esc(exported)}</span></header>
<main>
${body}
</main>
<footer class="stamp no-print">Offline copy exported ${esc(exported)}. It does not change when the portal does: check the portal for newer versions once it is back.</footer>
${scripts.map((src) => `<script src="${up}${src}"></script>`).join("\n")}
</body>
</html>
`;
}

function sheetHtml(system: SystemOverview, exported: string): string {
  const sheet = sheetOf(system);
  // The same choice of what goes on the page as /systems/<slug>/print (lib/runbooks/sheet.ts); no script here, the box keeps it to one page.
  const { shown, left } = fitSheet(sheet);
  const note = leftOutText(left);
  const failureModes = sheet.failureModes.filter((fm, i) => i === 0 || shown.has(`fm:${fm.id}`));
  const actions = (fm: Sheet["failureModes"][number]) => {
    const first = fm.firstAction ? `<ol><li>${short(fm.firstAction)}</li></ol>` : "<p>No immediate action written down.</p>";
    const more = fm.moreActions.length + fm.unprinted;
    if (!more) return first;
    if (!shown.has(`actions:${fm.id}`)) return `${first}<span>… ${more} more steps below†</span>`;
    return `${first}<ol start="2">${fm.moreActions.map((a) => `<li>${short(a)}</li>`).join("")}</ol>${fm.unprinted ? `<span>… ${fm.unprinted} more steps below†</span>` : ""}`;
  };
  const dependencies = sheet.dependencies.filter((d) => shown.has(`dependency:${d.id}`));
  return `<article class="sheet">
<header><h1>${esc(sheet.name)}</h1><p>${esc(sheet.tierLine)}</p></header>
<p>${short(sheet.purpose)}</p>
<div class="cols3"><div><b>Owner: </b>${esc(sheet.owner)}</div><div><b>Backup: </b>${esc(sheet.backupOwner)}</div><div><b>On call: </b>${short(sheet.onCall)}</div></div>
<div class="sheet-body">
<h2>Failure modes, most severe first</h2>
<table><tbody>${failureModes
    .map(
      (fm) => `<tr><td class="sev">${esc(fm.severityText)}</td><td><a href="#fm-${esc(fm.key)}"><b>${esc(fm.title)}</b></a>${fm.alertNames.length ? ` <code>[${esc(fm.alertNames.join(", "))}]</code>` : ""}${fm.impact.text !== "—" && shown.has(`impact:${fm.id}`) ? `<div>Impact: ${short(fm.impact)}</div>` : ""}</td>
<td class="wide">${actions(fm)}${fm.procedures.length ? `<div><b>Procedure: ${esc(fm.procedures.join("; "))}</b></div>` : ""}</td></tr>`,
    )
    .join("\n")}</tbody></table>
${sheet.procedures
  .filter((p) => shown.has(`procedure:${p.id}`))
  .map(
    (p) => `<section class="keep"><h2>Procedure: ${esc(p.title)}</h2><ol>${p.steps
      .map((s) => `<li>${short(s.instruction)}${s.command ? `<code class="cmd">${esc(s.command)}</code>` : ""}${s.expected ? `<i> → ${short(s.expected)}</i>` : ""}</li>`)
      .join("")}</ol>${p.moreSteps ? `<p>… ${p.moreSteps} more steps below†</p>` : ""}</section>`,
  )
  .join("\n")}
${sheet.contacts.length && shown.has("contacts") ? `<h2>Key contacts</h2><ul class="cols2">${sheet.contacts.map((c) => `<li><b>${esc(c.name)}</b> (${esc(c.role)}): ${esc(c.reach)}</li>`).join("")}</ul>` : ""}
${sheet.components.length && shown.has("components") ? `<h2>Components</h2><p>${sheet.components.map((c) => `${esc(c.kind)} <code>${esc(c.identifier)}</code>`).join(" · ")}</p>` : ""}
${dependencies.length ? `<h2>Dependencies</h2><ul class="cols2">${dependencies.map((d) => `<li class="keep"><b>${esc(d.name)}</b> (${esc(d.kind)}): ${short(d.fails)} → ${short(d.fallback)}</li>`).join("")}</ul>` : ""}
</div>
<section class="keep"><h2>Escalation</h2><ol${sheet.escalation.length > 3 ? ' class="cols2"' : ""}>${sheet.escalation.map((l) => `<li><b>${esc(l.title)}</b>${esc(l.detail)}${l.contacts ? ` · ${esc(l.contacts)}` : ""}</li>`).join("")}</ol>${sheet.moreLevels ? `<p>… ${sheet.moreLevels} more levels below</p>` : ""}</section>
<footer>${note ? `<p><b>${esc(note)}: the whole runbook is below</b></p>` : ""}<p class="line"><span>Version ${sheet.version} · last reviewed ${sheet.lastReviewedAt ? esc(date.format(sheet.lastReviewedAt)) : "never"} · exported ${esc(exported)}</span><span>† shortened on paper: the whole runbook is below</span></p></footer>
</article>`;
}

function contactHtml(contact: NonNullable<SystemOverview["owner"]>): string {
  const reach = [
    contact.phone ? `<a href="tel:${esc(contact.phone.replace(/[^+0-9]/g, ""))}">${esc(contact.phone)}</a>` : "",
    contact.email ? `<a href="mailto:${esc(contact.email)}">${esc(contact.email)}</a>` : "",
    contact.chat ? esc(contact.chat) : "",
    contact.pagerUrl ? `<a href="${esc(contact.pagerUrl)}">pager</a>` : "",
  ].filter(Boolean);
  return `<li><b>${esc(contact.name)}</b> (${esc(contact.role || CONTACT_KIND_LABELS[contact.kind])}) ${reach.join(" · ")}</li>`;
}

function field(label: string, html: string): string {
  return html ? `<h4>${esc(label)}</h4>${html}` : "";
}

function detailsHtml(system: SystemOverview): string {
  const procedureKey = new Map(system.procedures.map((p) => [p.id, p.key]));
  const components = system.components as { kind: string; name: string; identifier: string }[];
  const links = system.links as { label: string; url: string }[];
  return `<section class="details no-print">
<h2>Failure modes</h2>
${system.failureModes
  .map(
    (fm) => `<section class="entry" id="fm-${esc(fm.key)}"><h3><span class="sev sev-${esc(fm.severity)}">${esc(SEVERITY_LABELS[fm.severity])}</span> ${esc(fm.title)}</h3>
${fm.alertNames.length ? `<p>Alerts: ${fm.alertNames.map((a) => `<code>${esc(a)}</code>`).join(", ")}</p>` : ""}
${field("Customer impact", md(fm.customerImpact))}
${fm.immediateActions.length ? `<h4>Immediate actions</h4><ol>${fm.immediateActions.map((a) => `<li>${md(a)}</li>`).join("")}</ol>` : ""}
${field("Detection", md(fm.detection))}${field("Causes", md(fm.causes))}${field("Escalation", md(fm.escalation))}
${fm.procedures.length ? `<p>Procedures: ${fm.procedures.map((p) => `<a href="#proc-${esc(procedureKey.get(p.id) ?? "")}">${esc(p.title)}</a>`).join(", ")}</p>` : ""}
</section>`,
  )
  .join("\n")}
<h2>Procedures</h2>
${system.procedures
  .map((p) => {
    const steps = p.steps as { instruction: string; command: string; expectedResult: string }[];
    return `<section class="entry" id="proc-${esc(p.key)}"><h3>${esc(p.title)}${p.estimatedMinutes ? ` <small>about ${p.estimatedMinutes} min</small>` : ""}</h3>
${field("Assumptions", md(p.assumptions))}
<ol class="steps">${steps.map((s) => `<li>${md(s.instruction)}${s.command ? `<pre><code>${esc(s.command)}</code></pre>` : ""}${s.expectedResult ? `<p class="expected">Expected: ${esc(s.expectedResult)}</p>` : ""}</li>`).join("")}</ol>
${field("Verification", md(p.verification))}${field("Rollback", md(p.rollback))}${p.approvalRequired ? `<p>Approval required: ${esc(p.approvalRequired)}</p>` : ""}
</section>`;
  })
  .join("\n")}
<h2>Escalation</h2>
${system.escalationLevels
  .map((l) => `<section class="entry"><h3>L${l.level} · ${esc(l.name)}</h3>${l.afterMinutes !== null ? `<p>After ${l.afterMinutes} min${l.expectedResponseMinutes !== null ? `; responds within ${l.expectedResponseMinutes} min` : ""}</p>` : ""}${field("When", md(l.when))}${field("Responsibilities", md(l.responsibilities))}<ul>${l.contacts.map(contactHtml).join("")}</ul></section>`)
  .join("\n")}
<h2>Dependencies</h2>
${system.dependencies
  .map((d) => `<section class="entry"><h3>${esc(d.name)} <small>${esc(DEPENDENCY_KIND_LABELS[d.kind])}</small></h3>${d.dependsOnSystem ? `<p>Runbook: <a href="${esc(d.dependsOnSystem.slug)}.html">${esc(d.dependsOnSystem.name)}</a></p>` : ""}${DEPENDENCY_DETAILS.map(([name, label]) => field(label, md(d[name]))).join("")}</section>`)
  .join("\n")}
<h2>About ${esc(system.name)}</h2>
<section class="entry">${field("Purpose", md(system.purpose))}${system.schedule ? `<p>Runs: ${esc(system.schedule)}</p>` : ""}${field("Inputs", md(system.inputs))}${field("Outputs", md(system.outputs))}
${components.length ? `<h4>Components</h4><ul>${components.map((c) => `<li>${esc(c.kind)}: ${esc(c.name)}${c.identifier ? ` <code>${esc(c.identifier)}</code>` : ""}</li>`).join("")}</ul>` : ""}
${links.length ? `<h4>Links</h4><ul>${links.map((l) => `<li><a href="${esc(l.url)}">${esc(l.label)}</a></li>`).join("")}</ul>` : ""}
${field("On call", md(system.onCall))}${field("Boundaries: check first", md(system.boundaries))}${field("Deployment", md(system.deploymentNotes))}
${system.owner || system.backupOwner ? `<h4>Owners</h4><ul>${[system.owner, system.backupOwner].filter((c): c is NonNullable<typeof c> => !!c && !c.deletedAt).map(contactHtml).join("")}</ul>` : ""}
</section>
</section>`;
}

type SearchItem = { t: string; k: string; s: string; u: string; a: string[]; x: string };

/** Builds the offline bundle of every live system. */
export async function offlineBundle(options: { onProgress?: (systems: number, of: number) => void } = {}): Promise<BundleFile[]> {
  const exportedAt = new Date();
  const exported = `${dateTime.format(exportedAt)} UTC`;
  const slugs = await db.system.findMany({ where: { deletedAt: null }, orderBy: { name: "asc" }, select: { slug: true } });
  const files: BundleFile[] = [];
  const search: SearchItem[] = [];
  const alerts = new Map<string, { system: string; slug: string; key: string; title: string; severity: string }[]>();
  const rows: string[] = [];

  for (const [done, { slug }] of slugs.entries()) {
    options.onProgress?.(done, slugs.length);
    const system = await getSystemOverview(slug);
    if (!system) continue;
    files.push({ path: `systems/${slug}.html`, content: page({ title: system.name, depth: 1, exported, body: `${sheetHtml(system, exported)}\n${detailsHtml(system)}` }) });
    rows.push(
      `<tr><td><a href="systems/${esc(slug)}.html">${esc(system.name)}</a></td><td>${esc(TIER_LABELS[system.tier])}</td><td>${esc(system.owner?.name ?? "—")}</td><td>${system.failureModes.length}</td><td>${system.review.state === "current" && system.lastReviewedAt ? esc(date.format(system.lastReviewedAt)) : system.review.state === "never" ? "never" : "overdue"}</td></tr>`,
    );
    search.push({ t: system.name, k: "System", s: "", u: `systems/${slug}.html`, a: [], x: plainText(system.purpose).slice(0, 300) });
    for (const fm of system.failureModes) {
      search.push({ t: fm.title, k: "Failure mode", s: system.name, u: `systems/${slug}.html#fm-${fm.key}`, a: fm.alertNames, x: plainText(`${fm.customerImpact} ${fm.detection} ${fm.causes}`).slice(0, 400) });
      for (const name of fm.alertNames) alerts.set(name, [...(alerts.get(name) ?? []), { system: system.name, slug, key: fm.key, title: fm.title, severity: fm.severity }]);
    }
    for (const p of system.procedures) {
      const steps = p.steps as { instruction: string; command: string }[];
      search.push({ t: p.title, k: "Procedure", s: system.name, u: `systems/${slug}.html#proc-${p.key}`, a: [], x: plainText(steps.map((s) => `${s.instruction} ${s.command}`).join(" ")).slice(0, 400) });
    }
  }

  files.push({
    path: "index.html",
    content: page({
      title: "All systems",
      depth: 0,
      exported,
      scripts: ["assets/search-index.js", "assets/search.js"],
      body: `<h1>Runbooks</h1>
<p class="lead">Every runbook of the portal as it was on ${esc(exported)}: what each system does, how it fails, how to fix it, who to call. Look an alert up under <a href="alerts/index.html">Alerts</a>.</p>
<form id="search" class="search" role="search" hidden><label for="q">Search every runbook</label><input id="q" type="search" autocomplete="off" placeholder="Alert name, error message, system…"><ul id="results" aria-live="polite"></ul></form>
<noscript><p>Searching needs JavaScript; every system is listed below.</p></noscript>
<table class="list"><thead><tr><th>System</th><th>Tier</th><th>Owner</th><th>Failure modes</th><th>Last reviewed</th></tr></thead><tbody>
${rows.join("\n")}
</tbody></table>`,
    }),
  });

  const alertNames = [...alerts.keys()].sort((a, b) => a.localeCompare(b, "en"));
  for (const name of alertNames) {
    const targets = alerts.get(name)!;
    const only = targets.length === 1 ? targets[0]! : null;
    const href = (t: (typeof targets)[number]) => `../systems/${t.slug}.html#fm-${t.key}`;
    files.push({
      path: `alerts/${alertFileName(name)}`,
      content: page({
        title: name,
        depth: 1,
        exported,
        refresh: only ? href(only) : undefined,
        body: `<h1>Alert <code>${esc(name)}</code></h1>
${only ? `<p>Opening the failure mode: <a href="${esc(href(only))}">${esc(only.title)}</a> (${esc(only.system)}).</p>` : `<p>${targets.length} failure modes list this alert, most severe first:</p>`}
<ul>${[...targets].sort((a, b) => a.severity.localeCompare(b.severity)).map((t) => `<li><a href="${esc(href(t))}">${esc(SEVERITY_CODES[t.severity as Severity])} · ${esc(t.title)}</a> (${esc(t.system)})</li>`).join("")}</ul>`,
      }),
    });
  }
  files.push({
    path: "alerts/index.html",
    content: page({
      title: "Alerts",
      depth: 1,
      exported,
      body: `<h1>Alerts</h1><p>Every alert name a failure mode lists, and where it leads.</p><ul class="alerts">${alertNames
        .map((name) => `<li><a href="${esc(alertFileName(name))}"><code>${esc(name)}</code></a> → ${alerts.get(name)!.map((t) => `${esc(t.title)} (${esc(t.system)})`).join("; ")}</li>`)
        .join("")}</ul>`,
    }),
  });

  files.push({ path: "assets/bundle.css", content: readFileSync(join(ASSETS, "bundle.css"), "utf8") });
  files.push({ path: "assets/search.js", content: readFileSync(join(ASSETS, "search.js"), "utf8") });
  files.push({ path: "assets/search-index.js", content: `window.RUNBOOK_INDEX = ${JSON.stringify(search)};\n` });
  return files;
}
