import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function projectRoot() {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..");
}

/** Runs the Next.js CLI in the project, with our output and signals. */
export function runNext(args: string[], env: NodeJS.ProcessEnv) {
  const require = createRequire(import.meta.url);
  const bin = join(dirname(require.resolve("next/package.json")), "dist", "bin", "next");
  return spawn(process.execPath, [bin, ...args], { cwd: projectRoot(), env, stdio: "inherit" });
}
