import "server-only";
import { Zip, ZipDeflate } from "fflate";

// Files handed to the browser as downloads: one file, or a zip of many.

/** A download of `body` named `filename`; never cached, never shown inline. */
export function download(body: Uint8Array | string | ReadableStream<Uint8Array>, filename: string, type: string): Response {
  return new Response(typeof body === "string" || body instanceof ReadableStream ? body : new Uint8Array(body), {
    headers: {
      "Content-Type": type,
      "Content-Disposition": `attachment; filename="${filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`,
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Today's date for file names, e.g. 2026-11-23. */
export function stamp(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** How long the zip works at a stretch before it lets other requests in. */
const SLICE_MS = 10;

/**
 * The files as a zip that is made while it is sent: a few milliseconds of compression at a
 * time, each time the client is ready for more, so a zip of 10,000 systems neither holds
 * the whole archive twice in memory nor keeps everyone else's requests waiting.
 */
export function zipStream(files: Iterable<{ path: string; content: string }>, folder = ""): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const next = files[Symbol.iterator]();
  let zip: Zip;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
    },
    async pull() {
      const started = performance.now();
      do {
        const file = next.next();
        if (file.done) return zip.end();
        const entry = new ZipDeflate(`${folder ? `${folder}/` : ""}${file.value.path}`, { level: 6 });
        zip.add(entry);
        entry.push(encoder.encode(file.value.content), true);
      } while (performance.now() - started < SLICE_MS);
      // Lets the server answer others before the next slice.
      await new Promise((resolve) => setImmediate(resolve));
    },
  });
}
