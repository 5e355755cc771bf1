// The entry of the import's worker thread (off-thread.ts): loads worker.ts through tsx, as
// the server itself runs TypeScript, then runs the task it was given.
import { parentPort, workerData } from "node:worker_threads";
import { tsImport } from "tsx/esm/api";

const { tasks } = await tsImport("./worker.ts", import.meta.url);
parentPort.postMessage(tasks[workerData.task](...workerData.args));
