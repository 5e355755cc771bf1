import "server-only";
import { z } from "zod";
import { Severity } from "@/lib/generated/prisma/enums";
import { failureModeIdsForAlert, getFailureModeRunbooks } from "@/lib/data/failure-modes";
import { entryHref, ENTRY_TYPE_LIST, segmentOf, type EntryType } from "@/lib/entries";
import { search } from "@/lib/search";
import { MARK_END, MARK_START } from "@/lib/search/marks";
import { exportSystem } from "@/lib/runbooks/export";
import { download } from "@/lib/runbooks/download";
import { archiveDownload, runbooksArchive } from "@/lib/runbooks/archives";
import { entriesIn, importLimits, type ImportProblem, type InputFile } from "@/lib/runbooks/read";
import { planFingerprint, saveDraft } from "@/lib/runbooks/drafts";
import { loadTask, queueImport, runsAsJob } from "@/lib/tasks/long-tasks";
import { readUploads } from "@/lib/runbooks/off-thread";
import { planImport } from "@/lib/runbooks/plan";
import { applyImport, ImportConflictError, ImportWriteError } from "@/lib/runbooks/apply";
import { changeMetaSchema, text } from "@/lib/validation/common";
import { alertNameQuery } from "@/lib/validation/failure-mode";
import { maxUploadBytes } from "@/lib/limits";
import { ConflictError } from "@/lib/entries/errors";
import { findSystem } from "@/lib/data/systems";
import { portalAddressFrom } from "@/lib/http/portal-address";
import { apiCaller } from "./auth";
import { wantsMarkdown } from "@/lib/http/markdown-wanted";
import { alertAsMarkdown } from "@/lib/runbooks/markdown-answer";
import { auditExport } from "@/lib/audit/exports";
import { ApiProblem, json, readJson, validate, validateQuery } from "./http";

// The endpoints beyond entries: an alert's whole runbook in one call, search, and the
// runbooks-as-code export and import (the same pipeline as /export and /import).

/** Where people open a page of the portal (lib/http/portal-address.ts). */
function pageUrl(request: Request, path: string): string {
  return `${portalAddressFrom(request.headers)}${path}`;
}

/**
 * GET /api/v1/alerts/<name>: every failure mode that lists the alert, each with its system,
 * owners and on-call, immediate actions, procedures with their steps and the escalation
 * ladder with contacts: what a chat bot posts in the first minutes of an incident.
 */
export async function alertRunbook(request: Request, raw: string): Promise<Response> {
  await apiCaller(request);
  if (wantsMarkdown(request.headers.get("accept"), new URL(request.url).searchParams.get("format"))) return alertAsMarkdown(request, raw);
  const name = alertNameQuery.safeParse(raw);
  const ids = name.success ? await failureModeIdsForAlert(name.data) : [];
  if (!name.success || ids.length === 0) {
    throw new ApiProblem({ title: "Not found", status: 404, detail: `No failure mode lists the alert “${raw.slice(0, 200)}”.` });
  }
  const modes = await getFailureModeRunbooks(ids);
  return json({
    alert: name.data,
    failureModes: modes.map((mode) => ({
      id: mode.id,
      title: mode.title,
      severity: mode.severity,
      url: pageUrl(request, `/failure-modes/${mode.id}`),
      alertNames: mode.alertNames,
      detection: mode.detection,
      customerImpact: mode.customerImpact,
      immediateActions: mode.immediateActions,
      escalation: mode.escalation,
      system: {
        id: mode.system.id,
        slug: mode.system.slug,
        name: mode.system.name,
        tier: mode.system.tier,
        url: pageUrl(request, `/systems/${mode.system.slug}`),
        owner: mode.system.owner,
        backupOwner: mode.system.backupOwner,
        onCall: mode.system.onCall,
      },
      procedures: mode.procedures.map((procedure) => ({
        id: procedure.id,
        title: procedure.title,
        url: pageUrl(request, `/procedures/${procedure.id}`),
        estimatedMinutes: procedure.estimatedMinutes,
        approvalRequired: procedure.approvalRequired,
        steps: procedure.steps as { instruction: string; command: string; expectedResult: string }[],
        verification: procedure.verification,
        rollback: procedure.rollback,
      })),
      escalationLadder: mode.system.escalationLevels.map((level) => ({
        level: level.level,
        name: level.name,
        when: level.when,
        afterMinutes: level.afterMinutes,
        expectedResponseMinutes: level.expectedResponseMinutes,
        contacts: level.contacts,
      })),
    })),
  });
}

const TYPE_NAMES = Object.fromEntries(ENTRY_TYPE_LIST.map((type) => [segmentOf(type), type])) as Record<string, EntryType>;

export const searchQuerySchema = z
  .object({
    q: z.string().trim().min(1, "Say what to look for").max(200, "Keep the search under 200 characters"),
    type: z.enum(Object.keys(TYPE_NAMES) as [string, ...string[]]).optional().describe("Only entries of this collection"),
    system: z.string().max(80).optional().describe("Only entries of this system (slug or id)"),
    severity: z.enum(Severity).optional(),
    limit: z.coerce.number().int().min(1).max(100).default(20),
  })
  .strict();

function plain(snippet: string) {
  return snippet.split(MARK_START).join("").split(MARK_END).join("");
}

/** GET /api/v1/search: the same engine and ranking as /search. */
export async function searchEntries(request: Request): Promise<Response> {
  await apiCaller(request);
  const { q, type, system, severity, limit } = validateQuery(searchQuerySchema, request);
  let systemId: string | undefined;
  if (system) {
    const found = await findSystem(system);
    if (!found) throw new ApiProblem({ title: "Bad query", status: 400, errors: { system: ["No system has this slug or id"] } });
    systemId = found.id;
  }
  const result = await search({ q, types: type ? [TYPE_NAMES[type]!] : undefined, systemId, severity, limit });
  return json({
    query: q,
    correctedQuery: result.correctedQuery,
    hits: result.hits.map((hit) => ({
      type: segmentOf(hit.type),
      id: hit.id,
      title: hit.title,
      url: pageUrl(request, entryHref(hit.type, hit.id, hit.systemSlug)),
      system: hit.systemSlug ? { id: hit.systemId, slug: hit.systemSlug, name: hit.systemName } : null,
      severity: hit.severity,
      snippet: plain(hit.snippet),
      score: hit.score,
    })),
  });
}

const exportQuery = z.object({ deleted: z.enum(["true", "false"]).default("false") }).strict();

function exportOptions(request: Request) {
  return { includeDeleted: validateQuery(exportQuery, request).deleted === "true" };
}

/** GET /api/v1/export: the whole portal as runbook-portal/v1 files, zipped. */
export async function exportAll(request: Request): Promise<Response> {
  const caller = await apiCaller(request);
  const options = exportOptions(request);
  return archiveDownload(caller, await runbooksArchive(options.includeDeleted), { via: "api" });
}

/** GET /api/v1/systems/<slug>/export: one system's runbook-portal/v1 file. */
export async function exportOne(request: Request, ref: string): Promise<Response> {
  const caller = await apiCaller(request);
  const options = exportOptions(request);
  const system = await findSystem(ref);
  const file = system ? await exportSystem(system.slug, options) : null;
  if (!system || !file) throw new ApiProblem({ title: "Not found", status: 404, detail: "No system has this slug." });
  await auditExport(caller, { format: "system.yaml", via: "api", systems: 1, slug: system.slug, includeDeleted: options.includeDeleted }, system.id);
  return download(file.content, file.path, "application/yaml; charset=utf-8");
}

export const importBody = z
  .object({
    files: z
      .array(
        z
          .object({
            name: text().trim().min(1).max(300).describe("The file's name: .yaml, .yml, .md or .zip decide how it is read"),
            // Text that UTF-8 cannot hold would otherwise reach the file as U+FFFD, silently.
            content: text().describe("The file's text, or with encoding base64 its bytes (a .zip)"),
            encoding: z.enum(["utf8", "base64"]).default("utf8"),
          })
          .strict(),
      )
      .min(1, "Send at least one file")
      .max(5_000),
    apply: z.boolean().default(false).describe("false (default): only say what would change; true: change it"),
    incidentRef: changeMetaSchema.shape.incidentRef.optional(),
    includeSkipped: z.boolean().default(false).describe("Markdown runbooks that only point elsewhere or are deprecated: import them too"),
    severities: z.record(text().max(100), z.enum(Severity)).default({}).describe("Alerting rules: the severity for each severity label, e.g. {\"critical\": \"SEV2\"}"),
  })
  .strict();

function problemsAsErrors(problems: ImportProblem[], names: string[]) {
  const errors: Record<string, string[]> = {};
  for (const item of problems) {
    const index = names.indexOf(item.file);
    (errors[index >= 0 ? `$.files[${index}]` : `$.files`] ??= []).push(`${item.file}${item.where ? `, ${item.where}` : ""}: ${item.message}`);
  }
  return errors;
}

/**
 * POST /api/v1/import: runbook files (the portal's YAML, Markdown runbooks, alerting rules,
 * Backstage catalogs) as the /import page takes them. Without apply it only says what
 * would change; with apply it changes exactly that, all or nothing.
 */
export async function importFiles(request: Request): Promise<Response> {
  const actor = await apiCaller(request, "EDITOR");
  const body = validate(importBody, await readJson(request, { limit: maxUploadBytes() }));
  const inputs: InputFile[] = body.files.map((file) => ({
    name: file.name,
    bytes: file.encoding === "base64" ? new Uint8Array(Buffer.from(file.content, "base64")) : new TextEncoder().encode(file.content),
  }));
  // In a worker thread, within a budget: no file can hold up anyone else's request.
  const read = await readUploads(inputs, importLimits(), { includeSkipped: body.includeSkipped, severities: body.severities });
  const plan = await planImport(read.documents);
  const problems = [...read.problems, ...plan.problems];
  const names = body.files.map((file) => file.name);
  if (problems.length) {
    throw new ApiProblem({ title: "The files have problems; nothing was imported", status: 422, errors: problemsAsErrors(problems, names) });
  }
  const counts = { create: 0, update: 0, unchanged: 0, delete: 0, skip: 0 };
  for (const entry of plan.entries) counts[entry.status]++;
  const entries = plan.entries
    .filter((entry) => entry.status !== "unchanged")
    .map((entry) => ({ status: entry.status, type: segmentOf(entry.ref.type), name: entry.ref.name, system: entry.ref.system ?? null, label: entry.label, file: entry.file, changed: entry.changes.map((change) => change.key), needsApproval: !!entry.needsApproval }));
  const skipped = read.skipped.map((item) => ({ file: item.file, reason: item.message }));
  if (!body.apply) return json({ applied: false, counts, entries, skipped });
  // A large import runs as a job, as on /import: answered at once, followed at its task.
  if (runsAsJob(entriesIn(read.documents))) {
    // Kept as an upload with its reading, confirmed as previewed here: the job plans it again against the portal as it is then.
    const options = { includeSkipped: body.includeSkipped, severities: body.severities };
    const draftId = await saveDraft(actor, inputs, { options, result: read });
    const id = await queueImport(actor, { draftId, fingerprint: planFingerprint(plan, problems), meta: { incidentRef: body.incidentRef ?? null }, options });
    const url = `/api/v1/tasks/${id}`;
    return json({ applied: false, counts, entries, skipped, task: { id, state: "QUEUED", url, page: `/tasks/${id}` } }, 202, { Location: url });
  }
  try {
    const result = await applyImport(actor, plan, { incidentRef: body.incidentRef ?? null });
    return json({ applied: true, counts, entries, skipped, result });
  } catch (error) {
    if (error instanceof ImportConflictError) throw new ApiProblem({ title: "Changed while importing", status: 409, detail: error.message });
    if (error instanceof ImportWriteError && error.cause instanceof ConflictError) throw new ApiProblem({ title: "Changed while importing", status: 409, detail: error.message });
    if (error instanceof ImportWriteError) throw new ApiProblem({ title: "The import was refused; nothing was imported", status: 422, detail: error.message });
    throw error;
  }
}

/** GET /api/v1/tasks/<id>: a long import's (or export's) progress and result, for the person who started it or an admin. */
export async function taskStatus(request: Request, id: string): Promise<Response> {
  const actor = await apiCaller(request, "VIEWER");
  const task = /^c[a-z0-9]{20,30}$/.test(id) ? await loadTask(actor, id) : null;
  if (!task) throw new ApiProblem({ title: "Not found", status: 404, detail: "No such task: it was started by someone else, or removed a day after it finished." });
  return json({
    id: task.id,
    kind: task.kind,
    state: task.state,
    progress: task.progress,
    result: task.result,
    error: task.error,
    page: `/tasks/${task.id}`,
    createdAt: task.createdAt.toISOString(),
    finishedAt: task.finishedAt?.toISOString() ?? null,
  });
}
