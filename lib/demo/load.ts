import { db } from "@/lib/db";
import type { PrismaClient } from "@/lib/db/client";
import { PORTAL_ACTOR } from "@/lib/auth/roles";
import { ENTITIES } from "@/lib/entries";
import { type Tx } from "@/lib/entries/snapshot";
import { readRunbookFiles, type InputFile } from "@/lib/runbooks/read";
import { planImport } from "@/lib/runbooks/plan";
import { applyPlan, type ImportResult } from "@/lib/runbooks/apply";
import { recordPastRun } from "@/lib/runs/runs";
import { addSearchWordsSince, searchWordsLater } from "@/lib/search/words";
import type { SystemFile } from "@/lib/runbooks/format";
import { demoExtras, type Extras } from "./extras";
import { demoFiles, setFiles, type RunbookSet } from "./set";

// Loading runbooks the way an import does (read → plan → apply: the forms' validation,
// history, search indexing, the audit log), for the demo on first start and for tests and
// benchmarks that need a filled portal.

const DAY = 24 * 60 * 60 * 1000;

/** Held while the demo is loaded on first start: two portals starting at once on one database load it once. */
const FIRST_START_LOCK = 72707370;

/** True when nothing was ever written: no entries and no history. */
export async function isDatabaseEmpty(client: PrismaClient | Tx = db) {
  const [systems, contacts, revisions] = await Promise.all([client.system.count(), client.contact.count(), client.revision.count()]);
  return systems + contacts + revisions === 0;
}

export type LoadOptions = {
  /** what the files do not hold: review ages, approval policies, past runs */
  extras?: Extras;
  /** load only into an empty database (see isDatabaseEmpty), checked under a lock held to the commit */
  onlyIfEmpty?: boolean;
};

/**
 * Loads runbook files through the import pipeline, as the portal itself, all or nothing.
 * Returns what was written, or null when `onlyIfEmpty` found the database filled.
 */
export async function loadRunbookFiles(files: InputFile[], options: LoadOptions = {}): Promise<ImportResult | null> {
  const { extras = { systems: {} } } = options;
  // The files are the portal's own: no upload limits.
  const read = readRunbookFiles(files, { maxFiles: Infinity, maxFileBytes: Infinity, maxTotalBytes: Infinity, maxEntries: Infinity });
  const problems = [...read.problems];
  for (const { document } of read.documents) {
    const reviewed = document.kind === "system" ? extras.systems[document.slug]?.reviewedDaysAgo : undefined;
    if (reviewed !== undefined) (document as SystemFile).lastReviewedAt = new Date(Date.now() - reviewed * DAY).toISOString();
  }
  // Another portal filling the same database at the same moment: its runbooks are there now.
  if (options.onlyIfEmpty && !(await isDatabaseEmpty(db))) return null;
  const plan = await planImport(read.documents);
  problems.push(...plan.problems);
  // Filled between that look and the plan (the plan then read its entries): not ours to load.
  if (problems.length && options.onlyIfEmpty && !(await isDatabaseEmpty(db))) return null;
  if (problems.length) throw new Error(`Runbooks that do not load: ${problems.slice(0, 5).map((p) => `${p.file} ${p.where}: ${p.message}`).join("; ")}`);
  for (const entry of plan.entries) {
    // The approval policy is not in files (an import must not switch it off); a set that is loaded whole may start with it.
    const field = ENTITIES[entry.ref.type].approvalPolicy;
    const policy = field ? extras.systems[entry.ref.name]?.changesNeedApproval : undefined;
    if (field && policy !== undefined) entry.entry = { ...entry.entry, [field]: policy };
  }
  let started = new Date();
  const result = await db.$transaction(
    async (tx: Tx) => {
      if (options.onlyIfEmpty) {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FIRST_START_LOCK})`;
        if (!(await isDatabaseEmpty(tx))) return null;
      }
      started = await searchWordsLater(tx);
      // As first loaded, the runbooks are the starting point: a system's approval policy governs the changes after.
      const written = await applyPlan(tx, PORTAL_ACTOR, plan, {}, { ungated: true });
      await recordRuns(tx, extras);
      return written;
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
  if (result) await addSearchWordsSince(started);
  return result;
}

/** The past runs of the extras, each of its procedure's current version. */
async function recordRuns(tx: Tx, extras: Extras) {
  for (const [slug, system] of Object.entries(extras.systems)) {
    for (const { procedure: key, daysAgo, ...run } of system.runs) {
      const procedure = await tx.remediationProcedure.findFirst({ where: { key, deletedAt: null, system: { slug } }, select: { id: true } });
      if (!procedure) throw new Error(`demo/extras.yaml: ${slug} has no procedure "${key}"`);
      await recordPastRun(tx, PORTAL_ACTOR, procedure.id, { ...run, startedAt: new Date(Date.now() - daysAgo * DAY) });
    }
  }
}

/** The demo runbooks (demo/), into an empty database only: what `npm start` does on first start. Returns whether it loaded. */
export async function loadDemoIfEmpty(): Promise<boolean> {
  return (await loadRunbookFiles(demoFiles(), { extras: demoExtras(), onlyIfEmpty: true })) !== null;
}

/** The demo runbooks, with their extras. */
export async function loadDemo() {
  return loadRunbookFiles(demoFiles(), { extras: demoExtras() });
}

/** A set of runbooks (generated ones, say), through the same pipeline. */
export async function loadRunbookSet(set: RunbookSet) {
  return loadRunbookFiles(setFiles(set));
}
