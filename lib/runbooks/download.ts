import "server-only";
import { zipSync } from "fflate";

// Files handed to the browser as downloads: one file, or a zip of many.

/** A download of `body` named `filename`; never cached, never shown inline. */
export function download(body: Uint8Array | string, filename: string, type: string): Response {
  return new Response(typeof body === "string" ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** The files as one zip, under `folder/` when given. */
export function zipOf(files: { path: string; content: string }[], folder = ""): Uint8Array {
  const encoder = new TextEncoder();
  return zipSync(Object.fromEntries(files.map((file) => [`${folder ? `${folder}/` : ""}${file.path}`, encoder.encode(file.content)])), { level: 6 });
}

/** Today's date for file names, e.g. 2026-11-23. */
export function stamp(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
