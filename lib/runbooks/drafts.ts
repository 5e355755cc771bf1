import "server-only";
import { createHash } from "node:crypto";
import { unzipSync, zipSync } from "fflate";
import { db } from "@/lib/db";
import { assertRole, type Actor } from "@/lib/auth/roles";
import { importLimits, readRunbookFiles, type ImportProblem, type InputFile, type ReadOptions, type ReadResult } from "./read";
import { planImport, refKey, type ImportPlan } from "./plan";
import { applyImport, type ImportMeta, type ImportResult } from "./apply";

// Uploads to /import between the preview and the confirmation. The files are kept as they
// came; every look at the preview reads and plans them again against the portal as it is,
// and the confirmation applies only the plan the person saw (by its fingerprint).

/** How long an upload waits for its confirmation. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export type DraftFile = { name: string; bytes: number };

export type Draft = { id: string; files: DraftFile[]; inputs: InputFile[]; createdAt: Date; appliedAt: Date | null; result: ImportResult | null };

export type Preview = { plan: ImportPlan; problems: ImportProblem[]; skipped: ImportProblem[]; severities: ReadResult["severities"]; fingerprint: string };

/** Choices made on the preview: files skipped by default (pointers, deprecated runbooks) brought in, severities for alert labels. */
export type PreviewOptions = ReadOptions;

/** The preview would now be different: the portal changed since the person saw it. */
export class StalePreviewError extends Error {
  constructor() {
    super("The portal changed since this preview was shown: nothing was imported. The preview below is up to date; check it and confirm again.");
  }
}

/** Keeps uploaded files for the preview; returns the draft's id. Drafts older than a day go. */
export async function saveDraft(actor: Actor, inputs: InputFile[]): Promise<string> {
  assertRole(actor, "EDITOR");
  const content = zipSync(Object.fromEntries(inputs.map((input, index) => [String(index), input.bytes])), { level: 0 });
  await db.importDraft.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEEP_MS) } } });
  const draft = await db.importDraft.create({
    data: { authorId: actor.id!, files: inputs.map((input) => ({ name: input.name, bytes: input.bytes.length })), content: Buffer.from(content) },
    select: { id: true },
  });
  return draft.id;
}

/** The draft, if it exists and `actor` uploaded it: nobody else sees another's upload. */
export async function loadDraft(actor: Actor, id: string): Promise<Draft | null> {
  assertRole(actor, "EDITOR");
  const row = await db.importDraft.findFirst({ where: { id, authorId: actor.id! } });
  if (!row) return null;
  const files = row.files as DraftFile[];
  const unpacked = unzipSync(new Uint8Array(row.content));
  return {
    id: row.id,
    files,
    inputs: files.map((file, index) => ({ name: file.name, bytes: unpacked[String(index)] ?? new Uint8Array() })),
    createdAt: row.createdAt,
    appliedAt: row.appliedAt,
    result: row.result as ImportResult | null,
  };
}

export async function discardDraft(actor: Actor, id: string): Promise<void> {
  assertRole(actor, "EDITOR");
  await db.importDraft.deleteMany({ where: { id, authorId: actor.id!, appliedAt: null } });
}

/** What importing the draft's files would do now, and a fingerprint of it. */
export async function previewDraft(draft: Draft, options: PreviewOptions = {}): Promise<Preview> {
  const read = readRunbookFiles(draft.inputs, importLimits(), options);
  const plan = await planImport(read.documents);
  const problems = [...read.problems, ...plan.problems];
  const fingerprint = createHash("sha256")
    .update(JSON.stringify([problems.length, plan.entries.map((e) => [refKey(e.ref), e.status, e.id, e.version, e.changes.map((c) => c.key)])]))
    .digest("hex");
  return { plan, problems, skipped: read.skipped, severities: read.severities, fingerprint };
}

/**
 * Applies the draft, if the preview is still the one shown (`fingerprint`): refuses with
 * StalePreviewError when the portal changed since. All or nothing; marks the draft applied.
 */
export async function applyDraft(actor: Actor, id: string, fingerprint: string, meta: ImportMeta, options: PreviewOptions = {}): Promise<ImportResult> {
  assertRole(actor, "EDITOR");
  const draft = await loadDraft(actor, id);
  if (!draft) throw new Error("This upload no longer exists");
  if (draft.appliedAt) return draft.result!;
  const preview = await previewDraft(draft, options);
  if (preview.fingerprint !== fingerprint || preview.problems.length) throw new StalePreviewError();
  const result = await applyImport(actor, preview.plan, meta);
  await db.importDraft.update({ where: { id }, data: { appliedAt: new Date(), result } });
  return result;
}
