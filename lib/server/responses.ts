import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_BODY_BYTES, maxUploadBytes, UPLOAD_PATHS } from "../limits";
import type { RequestContext } from "@/lib/http/request-context";
import { PROBLEM_TYPES } from "../api/problems";

// The few answers the portal's server gives itself, before Next.js: database unavailable
// (503), a request body that is too large (413) or has no length (411), a malformed
// address (400), and a method no part of the portal takes (405). Each is a small
// self-contained page for browsers, JSON for /api/.


const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;margin:0;padding:0 1rem;background:#f8fafc;color:#0f172a}main{max-width:36rem;margin:10vh auto;padding:1.5rem;background:#fff;border:1px solid #cbd5e1;border-radius:.5rem}h1{font-size:1.4rem;margin:0 0 .5rem}a{color:#1e40af}";
const STYLE_HASH = createHash("sha256").update(STYLE).digest("base64");
const PAGE_POLICY = `default-src 'none'; style-src 'sha256-${STYLE_HASH}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

function escape(text: string) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title: string, paragraphs: string[], refreshSeconds?: number) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">${
    refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : ""
  }<title>${escape(title)} · Runbook Portal</title><style>${STYLE}</style></head><body><main><h1>${escape(title)}</h1>${paragraphs
    .map((p) => `<p>${escape(p)}</p>`)
    .join("")}</main></body></html>`;
}

function wantsJson(request: IncomingMessage) {
  return (request.url ?? "").startsWith("/api/") || !!request.headers["next-action"] || (request.headers.accept ?? "").includes("application/json");
}

type Answer = { status: number; title: string; paragraphs: string[]; retryAfter?: number; refresh?: boolean; headers?: Record<string, string> };

const MAX_DRAIN_BYTES = 16 * 1024 * 1024;

/**
 * Sends the answer once the request body has arrived (read and dropped, up to 16 MB or
 * 10 s): a server that answers and closes while the browser is still sending makes the
 * browser show "connection reset" instead of the page that says what happened.
 */
export function answer(request: IncomingMessage, response: ServerResponse, reply: Answer) {
  const length = Number(request.headers["content-length"] ?? 0);
  if (request.complete || !(length > 0) || length > MAX_DRAIN_BYTES) return send(request, response, reply);
  let sent = false;
  const once = () => {
    if (sent) return;
    sent = true;
    clearTimeout(timer);
    send(request, response, reply);
  };
  const timer = setTimeout(once, 10_000);
  request.on("end", once);
  request.on("error", once);
  request.resume();
}

function send(request: IncomingMessage, response: ServerResponse, { status, title, paragraphs, retryAfter, refresh, headers }: Answer) {
  response.statusCode = status;
  response.setHeader("Cache-Control", "no-store");
  for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
  if (retryAfter) response.setHeader("Retry-After", String(retryAfter));
  if (request.method !== "GET" && request.method !== "HEAD") response.setHeader("Connection", "close");
  if ((request.url ?? "").startsWith("/api/v1/")) {
    // The API's one error shape, RFC 9457 problem details (lib/api/problems.ts).
    response.setHeader("Content-Type", "application/problem+json");
    response.end(JSON.stringify({ type: `/api/docs#problem-${PROBLEM_TYPES[status] ?? "error"}`, title, status, detail: paragraphs.join(" ") }));
    return;
  }
  if (wantsJson(request)) {
    response.setHeader("Content-Type", "application/json; charset=utf-8");
    response.end(JSON.stringify({ error: title, detail: paragraphs.join(" "), ...(retryAfter ? { retryAfter } : {}) }));
    return;
  }
  response.setHeader("Content-Type", "text/html; charset=utf-8");
  response.setHeader("Content-Security-Policy", PAGE_POLICY);
  response.end(request.method === "HEAD" ? undefined : page(title, paragraphs, refresh ? retryAfter : undefined));
}

export const DATABASE_DOWN: Answer = {
  status: 503,
  title: "Database unavailable, retrying",
  paragraphs: [
    "The portal cannot reach its database right now. It reconnects by itself, and this page reloads every few seconds until it is back.",
    "If this lasts, check the database server; with the built-in database, the portal's own log says what happened.",
  ],
  retryAfter: 5,
  refresh: true,
};

function decodes(path: string) {
  try {
    decodeURIComponent(path);
    return true;
  } catch {
    return false;
  }
}

/** The hosts this portal answers as: the request's own (as a trusted proxy forwarded it) and NEXTAUTH_URL's. */
/** This site's origins as the client sees them: scheme and host (behind a TLS proxy, https on the public host), and NEXTAUTH_URL's. */
function ownOrigins(request: IncomingMessage, https: boolean): string[] {
  const forwarded = request.headers["x-forwarded-host"];
  const host = String(forwarded ?? request.headers.host ?? "").split(",")[0]!.trim();
  const origins = host ? [`${https ? "https" : "http"}://${host}`] : [];
  if (process.env.NEXTAUTH_URL) {
    try {
      origins.push(new URL(process.env.NEXTAUTH_URL).origin);
    } catch {
      // a malformed NEXTAUTH_URL is reported by next-auth itself
    }
  }
  return origins;
}

/** The methods any page or endpoint of the portal answers; each route still says which of them it takes. */
export const ALLOWED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];

/** Why a request is refused before it reaches Next.js, or null to pass it on. */
export function refuseRequest(request: IncomingMessage, https = false): Answer | null {
  // TRACE, PROPFIND and the like: no part of the portal takes them, and Next.js
  // answers some of them with a 500, so they are refused here, before anything else.
  if (!ALLOWED_METHODS.includes(request.method ?? "GET")) {
    return {
      status: 405,
      title: "Method not allowed",
      paragraphs: [`The portal does not answer ${String(request.method).slice(0, 20)} requests.`],
      headers: { Allow: ALLOWED_METHODS.join(", ") },
    };
  }
  const url = request.url ?? "/";
  // A NUL character is never part of a real address, and PostgreSQL cannot even compare text holding one.
  if (url.includes("\u0000") || /%00/i.test(url)) {
    return { status: 400, title: "Malformed address", paragraphs: ["This address holds a NUL character (%00), which no page of the portal uses."] };
  }
  if (!decodes(url.split("?")[0]!)) {
    return { status: 400, title: "Malformed address", paragraphs: ["This address has a broken %-escape, so it names no page."] };
  }
  const method = request.method ?? "GET";
  if (method === "GET" || method === "HEAD" || method === "OPTIONS") return null;
  // Browsers send Origin with every cross-site POST: a form on another site cannot act here with a signed-in user's cookie.
  // The scheme counts as well as the host: behind a TLS proxy, a page served over plain http on the public host is not this site.
  const origin = request.headers.origin;
  // A mail's one-click unsubscribe is posted by the recipient's mail service, from anywhere: its own signature authorizes it, no cookie.
  const signedLink = url.split("?")[0] === "/unsubscribe";
  if (origin !== undefined && !signedLink) {
    let from = "";
    try {
      from = new URL(origin).origin;
    } catch {
      from = "";
    }
    if (!ownOrigins(request, https).includes(from)) {
      return { status: 403, title: "Cross-site request refused", paragraphs: ["This request came from a page of another site. Nothing was changed."] };
    }
  }
  const length = request.headers["content-length"];
  if (length === undefined) {
    if (request.headers["transfer-encoding"]) {
      return { status: 411, title: "Length required", paragraphs: ["Send the request with a Content-Length header; the portal does not take streamed bodies."] };
    }
    return null;
  }
  const bytes = Number(length);
  if (!Number.isSafeInteger(bytes) || bytes < 0) return { status: 400, title: "Malformed request", paragraphs: ["The Content-Length header is not a number."] };
  const upload = UPLOAD_PATHS.includes(url.split("?")[0]!);
  const limit = upload ? maxUploadBytes() : MAX_BODY_BYTES;
  if (bytes > limit) {
    return {
      status: 413,
      title: "Too much to send at once",
      paragraphs: [
        `This request holds ${(bytes / 1024 / 1024).toFixed(1)} MB; the portal takes at most ${limit / 1024 / 1024} MB in one ${upload ? "upload" : "request"}. Nothing was saved.`,
        upload
          ? "Go back and upload fewer files at a time, or ask your admin to raise RUNBOOK_IMPORT_MAX_UPLOAD_MB."
          : "Go back: what you typed is still in the form. Shorten the longest fields and save again.",
      ],
    };
  }
  return null;
}

/** A server action call: a POST of a page with Next.js's action header, or a multipart form posted to a page. */
export function isActionRequest(request: IncomingMessage): boolean {
  if (request.method !== "POST" || (request.url ?? "").startsWith("/api/")) return false;
  return !!request.headers["next-action"] || String(request.headers["content-type"] ?? "").startsWith("multipart/form-data");
}

/**
 * Next.js answers 500 when it cannot even decode an action request (a tampered action id,
 * bound arguments that are not JSON, a reply that names parts it does not hold): those are
 * the client's errors, answered 400, marked and logged. A 5xx after one of the portal's
 * actions has started (`context.actionStarted`, lib/form-actions.ts) is a real server error and
 * passes unchanged.
 */
/**
 * A server error written while the database is down or was in trouble moments ago (lost
 * connections, just back) is the database's failure, not the portal's: 503 with
 * Retry-After, so browsers, probes and scripts retry instead of reporting a bug.
 */
export function databaseTroubleAs503(response: ServerResponse, troubled: () => boolean) {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status === 500 && troubled()) {
      response.setHeader("Retry-After", "5");
      response.statusMessage = "Service Unavailable";
      return writeHead(503, ...rest);
    }
    return writeHead(status, ...rest);
  }) as typeof response.writeHead;
}

export function refuseUndecodableActions(request: IncomingMessage, response: ServerResponse, context: RequestContext, log: (message: string) => void) {
  const writeHead = response.writeHead.bind(response) as (...args: unknown[]) => ServerResponse;
  response.writeHead = ((status: number, ...rest: unknown[]) => {
    if (status >= 500 && !context.actionStarted) {
      log(`refused a server action request Next.js could not process (${request.method} ${request.url?.slice(0, 200)}): answered 400 instead of ${status}`);
      response.setHeader("X-Portal-Refused", "malformed-action");
      response.statusMessage = "Bad Request";
      return writeHead(400, ...rest);
    }
    return writeHead(status, ...rest);
  }) as typeof response.writeHead;
}
