import "server-only";
import { createHash } from "node:crypto";
import { unzipSync, zipSync } from "fflate";
import { db } from "@/lib/db";
import { assertRole, type UserActor } from "@/lib/auth/roles";
import type { Prisma } from "@/lib/generated/prisma/client";
import { entriesIn, importLimits, type ImportProblem, type InputFile, type ReadOptions, type ReadResult } from "./read";
import type { Tx } from "@/lib/entries/snapshot";
import { readUploads } from "./off-thread";
import { planImport, refKey, type ImportPlan } from "./plan";
import { applyImport, type ImportMeta, type ImportResult, type WriteProgress } from "./apply";

// Uploads to /import between the preview and the confirmation. The files are kept as they
// came and read once (in a worker thread) for each set of preview choices, the reading kept
// with the draft; every look at the preview plans that reading again against the portal as
// it is, and the confirmation applies only the plan the person saw (by its fingerprint).

/** How long an upload waits for its confirmation. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export type DraftFile = { name: string; bytes: number };

/** The files as read for one set of preview choices: what a preview plans from. */
type Reading = Pick<ReadResult, "documents" | "problems" | "skipped" | "severities">;

export type Draft = {
  id: string;
  files: DraftFile[];
  /** the files as uploaded, one uncompressed zip */
  content: Uint8Array;
  readings: Record<string, Reading>;
  createdAt: Date;
  appliedAt: Date | null;
  result: ImportResult | null;
};

export type Preview = { plan: ImportPlan; problems: ImportProblem[]; skipped: ImportProblem[]; severities: ReadResult["severities"]; fingerprint: string };

/** Choices made on the preview: files skipped by default (pointers, deprecated runbooks) brought in, severities for alert labels. */
export type PreviewOptions = ReadOptions;

/** The preview would now be different: the portal changed since the person saw it. */
export class StalePreviewError extends Error {
  constructor() {
    super("The portal changed since this preview was shown: nothing was imported. The preview below is up to date; check it and confirm again.");
  }
}

/** The upload is not there for this person: someone else's, discarded, or gone after a day. */
export class DraftNotFoundError extends Error {
  constructor() {
    super("This upload cannot be imported: it was made by someone else, or it was discarded or expired (uploads are kept for a day). Upload the files again to import them.");
  }
}

/**
 * Keeps uploaded files for the preview; returns the draft's id. Drafts older than a day go.
 * `read`: the files as already read with some choices (the API's import), kept as if the
 * draft had read them.
 */
export async function saveDraft(actor: UserActor, inputs: InputFile[], read?: { options: PreviewOptions; result: ReadResult }): Promise<string> {
  assertRole(actor, "EDITOR");
  const content = zipSync(Object.fromEntries(inputs.map((input, index) => [String(index), input.bytes])), { level: 0 });
  await db.importDraft.deleteMany({ where: { createdAt: { lt: new Date(Date.now() - KEEP_MS) } } });
  const readings = read ? { [readingKey(read.options)]: asKept(read.result) } : {};
  const draft = await db.importDraft.create({
    data: {
      authorId: actor.id,
      files: inputs.map((input) => ({ name: input.name, bytes: input.bytes.length })),
      content: Buffer.from(content),
      readings: JSON.parse(JSON.stringify(readings)) as Prisma.InputJsonValue,
    },
    select: { id: true },
  });
  return draft.id;
}

/** A reading as a draft keeps it: without the files' texts (the plan needs only the documents). */
function asKept(read: ReadResult): Reading {
  return { documents: read.documents.map((document) => ({ ...document, text: "" })), problems: read.problems, skipped: read.skipped, severities: read.severities };
}

/** The draft, if it exists and `actor` uploaded it: nobody else sees another's upload. */
export async function loadDraft(actor: UserActor, id: string): Promise<Draft | null> {
  assertRole(actor, "EDITOR");
  const row = await db.importDraft.findFirst({ where: { id, authorId: actor.id } });
  if (!row) return null;
  return {
    id: row.id,
    files: row.files as DraftFile[],
    content: new Uint8Array(row.content),
    readings: row.readings as Record<string, Reading>,
    createdAt: row.createdAt,
    appliedAt: row.appliedAt,
    result: row.result as ImportResult | null,
  };
}

export async function discardDraft(actor: UserActor, id: string): Promise<void> {
  assertRole(actor, "EDITOR");
  await db.importDraft.deleteMany({ where: { id, authorId: actor.id, appliedAt: null } });
}

/** The choices that change how files are read, as a key of the draft's readings. */
function readingKey(options: PreviewOptions): string {
  return JSON.stringify([!!options.includeSkipped, Object.entries(options.severities ?? {}).sort(([a], [b]) => a.localeCompare(b))]);
}

/** The draft's files as read with `options`: kept from an earlier look, or read now (off the event loop) and kept. */
async function readDraft(draft: Draft, options: PreviewOptions): Promise<Reading> {
  const key = readingKey(options);
  const kept = draft.readings[key];
  if (kept) return kept;
  const unpacked = unzipSync(draft.content);
  const inputs: InputFile[] = draft.files.map((file, index) => ({ name: file.name, bytes: unpacked[String(index)] ?? new Uint8Array() }));
  const reading = asKept(await readUploads(inputs, importLimits(), options));
  draft.readings = { ...draft.readings, [key]: reading };
  await db.importDraft.update({ where: { id: draft.id }, data: { readings: JSON.parse(JSON.stringify(draft.readings)) as Prisma.InputJsonValue } });
  return reading;
}

/** What importing the draft's files would do now, and a fingerprint of it. */
export async function previewDraft(draft: Draft, options: PreviewOptions = {}): Promise<Preview> {
  const read = await readDraft(draft, options);
  const plan = await planImport(read.documents);
  const problems = [...read.problems, ...plan.problems];
  return { plan, problems, skipped: read.skipped, severities: read.severities, fingerprint: planFingerprint(plan, problems) };
}

/** What a person confirms: the plan's entries, what each does and to which version. */
export function planFingerprint(plan: ImportPlan, problems: ImportProblem[]): string {
  return createHash("sha256")
    .update(JSON.stringify([problems.length, plan.entries.map((e) => [refKey(e.ref), e.status, e.id, e.version, e.changes.map((c) => c.key)])]))
    .digest("hex");
}

/** How many entries the draft's files hold, as read with `options` (the preview's reading, kept). */
export async function draftEntries(draft: Draft, options: PreviewOptions = {}): Promise<number> {
  const read = await readDraft(draft, options);
  return entriesIn(read.documents);
}

/** How far applying a draft is: read (entries in the files), planned (entries to write), then the writing. */
export type ApplyProgress = { step: "reading"; read?: number } | { step: "planning"; read: number } | ({ read: number; planned: number } & WriteProgress);

type ApplyDraftOptions = PreviewOptions & {
  onProgress?: (progress: ApplyProgress) => void;
  /** more to record in the import's own transaction (a job's task, done when the import commits) */
  alsoInTransaction?: (tx: Tx, result: ImportResult) => Promise<void>;
};

/**
 * Applies the draft, if the preview is still the one shown (`fingerprint`): refuses with
 * StalePreviewError when the portal changed since. All or nothing; marks the draft applied
 * in the import's own transaction.
 */
export async function applyDraft(actor: UserActor, id: string, fingerprint: string, meta: ImportMeta, options: ApplyDraftOptions = {}): Promise<ImportResult> {
  assertRole(actor, "EDITOR");
  const { onProgress, alsoInTransaction, ...choices } = options;
  const draft = await loadDraft(actor, id);
  if (!draft) throw new DraftNotFoundError();
  if (draft.appliedAt) return draft.result!;
  onProgress?.({ step: "reading" });
  const read = await draftEntries(draft, choices);
  onProgress?.({ step: "planning", read });
  const preview = await previewDraft(draft, choices);
  if (preview.fingerprint !== fingerprint || preview.problems.length) throw new StalePreviewError();
  const planned = preview.plan.entries.filter((entry) => entry.status !== "unchanged" && entry.status !== "skip").length;
  return applyImport(actor, preview.plan, meta, {
    onProgress: onProgress && ((progress) => onProgress({ read, planned, ...progress })),
    alsoInTransaction: async (tx, result) => {
      await tx.importDraft.update({ where: { id }, data: { appliedAt: new Date(), result } });
      await alsoInTransaction?.(tx, result);
    },
  });
}
