import "server-only";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import pLimit from "p-limit";
import { positiveSetting } from "@/lib/settings";
import type { Tasks } from "./worker";

// Untrusted files are read in a worker thread with a time and memory budget, never on the
// server's event loop: however a file is made, every other request keeps being answered,
// and past its budget the reading stops with a plain reason (TooComplexError).

/**
 * The worker's first lines: load worker.ts through tsx, as the server itself runs
 * TypeScript (scripts/start.ts), then run the task it was given. Handed over as code, not a
 * file name, so the bundler leaves the worker to run the source files as they are.
 */
const BOOT = `
const { parentPort, workerData } = require("node:worker_threads");
// On Linux a thread has its own priority: the lowest, so the server's own thread (and the
// database) always come first and the reading takes only what is left of the cores.
if (process.platform === "linux") {
  try {
    require("node:os").setPriority(19);
  } catch {}
}
import("tsx/esm/api")
  .then(({ tsImport }) => tsImport(workerData.file, workerData.file))
  .then(({ tasks }) => parentPort.postMessage(tasks[workerData.task](...workerData.args)));
`;

/** The budget of one reading: RUNBOOK_IMPORT_READ_SECONDS (default 60) and RUNBOOK_IMPORT_READ_MB (default 1024). */
export function readBudget() {
  return { seconds: positiveSetting("RUNBOOK_IMPORT_READ_SECONDS", 60, { integer: false }), megabytes: positiveSetting("RUNBOOK_IMPORT_READ_MB", 1024) };
}

/** A reading that went past its budget. */
export class TooComplexError extends Error {}

// Two readings at a time per process: more would only share the same cores and multiply the memory.
const readers = pLimit(2);

/** Runs `task` of worker.ts with `args` in a worker thread of its own, within the budget. */
export function offThread<T extends keyof Tasks>(task: T, ...args: Parameters<Tasks[T]>): Promise<ReturnType<Tasks[T]>> {
  return readers(() => run(task, args));
}

function run<T extends keyof Tasks>(task: T, args: Parameters<Tasks[T]>): Promise<ReturnType<Tasks[T]>> {
  const budget = readBudget();
  return new Promise((resolve, reject) => {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: { task, args, file: pathToFileURL(join(process.cwd(), "lib", "runbooks", "worker.ts")).href },
      execArgv: ["--conditions=react-server"],
      resourceLimits: { maxOldGenerationSizeMb: budget.megabytes },
    });
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new TooComplexError(`These files are too complex to read: reading them took longer than ${budget.seconds} s, the most one upload may take.`))),
      budget.seconds * 1000,
    );
    worker.once("message", (result: ReturnType<Tasks[T]>) => settle(() => resolve(result)));
    worker.once("error", (error: Error & { code?: string }) =>
      settle(() =>
        reject(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? new TooComplexError(`These files are too complex to read: reading them needs more than ${budget.megabytes} MB of memory, the most one upload may use.`) : error),
      ),
    );
    worker.once("exit", (code) => settle(() => reject(new Error(`The reading stopped (exit code ${code})`))));
  });
}

/** Reads uploaded files in a worker thread; a reading past its budget is the upload's one problem. */
export async function readUploads(...args: Parameters<Tasks["read"]>): Promise<ReturnType<Tasks["read"]>> {
  try {
    return await offThread("read", ...args);
  } catch (error) {
    if (!(error instanceof TooComplexError)) throw error;
    return { documents: [], problems: [{ file: "", where: "", message: error.message }], skipped: [], files: [] };
  }
}
