import { unzipSync } from "fflate";
import type { ImportLimits, ImportProblem, InputFile } from "./read";

// Which uploaded files an import reads, and zips of them unpacked within the limits, never
// past them and never outside the zip.

const MB = 1024 * 1024;
export const megabytes = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** A path inside a zip, if it is a safe relative one: no "..", no absolute or drive paths, no backslashes. */
export function safeZipPath(name: string): string | null {
  if (!name || name.includes("\\") || name.includes("\u0000") || name.startsWith("/") || /^[A-Za-z]:/.test(name)) return null;
  const parts = name.split("/").filter((part) => part !== "" && part !== ".");
  if (parts.some((part) => part === "..")) return null;
  return parts.join("/");
}

const isYaml = (name: string) => /\.ya?ml$/i.test(name);
export const isMarkdown = (name: string) => /\.md$/i.test(name);
/** The files an import reads: the portal's own YAML, and Markdown alert runbooks. */
export const isRunbookFile = (name: string) => isYaml(name) || isMarkdown(name);

/**
 * The .yaml files of a zip. Sizes are checked as the zip declares them before anything is
 * unpacked, and each file unpacks into a buffer of its declared size, so a zip that lies
 * about its sizes cannot make the server hold more than the limits.
 */
export function unzip(zip: InputFile, limits: ImportLimits, problems: ImportProblem[], budget: { files: number; bytes: number }): InputFile[] {
  const wanted: string[] = [];
  let tooMany = false;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(zip.bytes, {
      filter: (file) => {
        if (tooMany || file.name.endsWith("/")) return false;
        const path = safeZipPath(file.name);
        if (!path) {
          problems.push({ file: zip.name, where: file.name, message: 'This path points outside the zip ("..", an absolute path or a backslash): the file is refused.' });
          return false;
        }
        const base = path.split("/").pop()!;
        if (path.startsWith("__MACOSX/") || base.startsWith(".") || !isRunbookFile(path)) return false;
        if (++budget.files > limits.maxFiles) {
          tooMany = true;
          return false;
        }
        if (file.originalSize > limits.maxFileBytes) {
          problems.push({ file: `${zip.name}/${path}`, where: "", message: `This file is ${megabytes(file.originalSize)}; one file may be at most ${megabytes(limits.maxFileBytes)}.` });
          return false;
        }
        budget.bytes += file.originalSize;
        if (budget.bytes > limits.maxTotalBytes) {
          tooMany = true;
          return false;
        }
        wanted.push(file.name);
        return true;
      },
    });
  } catch {
    problems.push({ file: zip.name, where: "", message: "This is not a zip file that can be read (or one of its files is damaged)." });
    return [];
  }
  if (tooMany) {
    problems.push({
      file: zip.name,
      where: "",
      message:
        budget.files > limits.maxFiles
          ? `The upload holds more than ${limits.maxFiles.toLocaleString("en")} runbook files, the most one import takes.`
          : `The files unpack to more than ${megabytes(limits.maxTotalBytes)} together, the most one import takes.`,
    });
    return [];
  }
  return wanted.filter((name) => files[name]).map((name) => ({ name: `${zip.name}/${safeZipPath(name)}`, bytes: files[name]! }));
}

