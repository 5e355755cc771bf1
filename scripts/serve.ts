// The portal's HTTP server: Next.js's request handler behind a few things that must
// happen before any page code runs, for every request:
//  - the client's address, from the socket or a trusted proxy (RUNBOOK_TRUSTED_PROXIES),
//    put in X-Forwarded-For so rate limits cannot be dodged with a forged header;
//  - security headers on every response (lib/http/security-headers.ts);
//  - sign-in attempts from an address the sign-in route has blocked answered 429 at once
//    (lib/server/sign-in-gate.ts), so a password flood costs next to nothing;
//  - malformed addresses (400), cross-site posts (403), bodies without a length (411)
//    or over the limit (413) refused with a clear answer instead of a 500 from deep
//    inside, and server action requests Next.js cannot decode answered 400, not 500;
//  - while the database is unreachable, a "database unavailable, retrying" page (503); a
//    page that fails while the database is in trouble (a connection lost, just back) is
//    answered 503 too, never 500.
// SIGTERM and SIGINT finish the requests in progress, then exit.
// Started by scripts/start.ts (`npm start`) with DATABASE_URL set.
import { createServer, type IncomingMessage } from "node:http";
import next from "next";
import { projectRoot } from "./lib/next";
import { addressKey, clientAddress, compileTrust, fromTrustedProxy } from "../lib/http/client-address";
import { baseSecurityHeaders } from "../lib/http/security-headers";
import { DatabaseWatch } from "../lib/server/database-watch";
import { SignInGate } from "../lib/server/sign-in-gate";
import { runWithRequestContext, type RequestContext } from "../lib/http/request-context";
import { answer, DATABASE_DOWN, databaseTroubleAs503, isActionRequest, refuseRequest, refuseUndecodableActions } from "../lib/server/responses";
import { databaseTroubledWithin } from "../lib/server/database-trouble";
import { PageCache, pageCacheSettings } from "../lib/server/page-cache";

const say = (message: string) => process.stdout.write(`[runbook-portal] ${message}\n`);

const port = Number(process.env.PORT || 3000);
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error("DATABASE_URL is not set (start the portal with `npm start`)");

const trust = compileTrust(process.env.RUNBOOK_TRUSTED_PROXIES);
const publicHttps = !!process.env.NEXTAUTH_URL?.startsWith("https://");
// Files a browser fetches by name; they need no database, so they are served even while it is down.
const STATIC = /^\/(_next\/static\/|favicon\.ico|robots\.txt|manifest\.webmanifest|sw(-saving|-serving)?\.js|icon\.svg|icon-\d+\.png|apple-touch-icon\.png)/;

/** Forwarded headers count only from a trusted proxy; the client address is always set here. */
function settleForwarding(request: IncomingMessage, address: string): boolean {
  const trusted = fromTrustedProxy(request, trust);
  if (!trusted) {
    delete request.headers["x-forwarded-proto"];
    delete request.headers["x-forwarded-host"];
    delete request.headers["x-forwarded-port"];
  }
  request.headers["x-forwarded-for"] = address;
  const proto = String(request.headers["x-forwarded-proto"] ?? "").split(",")[0]!.trim();
  return publicHttps || (trusted ? proto === "https" : "encrypted" in request.socket);
}

async function main() {
  const watch = new DatabaseWatch({ url: databaseUrl!, log: say });
  await watch.start();

  const app = next({ dev: false, dir: projectRoot(), port, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();

  const gate = new SignInGate();
  const pages = new PageCache({ url: databaseUrl!, secret: process.env.NEXTAUTH_SECRET ?? "", ...pageCacheSettings() });
  let closing = false;
  const server = createServer((request, response) => {
    const address = clientAddress(request, trust);
    const https = settleForwarding(request, address);
    for (const [name, value] of Object.entries(baseSecurityHeaders(https))) response.setHeader(name, value);
    if (closing) response.setHeader("Connection", "close");
    const refusal = refuseRequest(request, https);
    if (refusal) return answer(request, response, refusal);
    if (!watch.up && !STATIC.test(request.url ?? "")) return answer(request, response, DATABASE_DOWN);
    databaseTroubleAs503(response, () => !watch.up || databaseTroubledWithin(10_000));
    const userAgent = request.headers["user-agent"];
    const context: RequestContext = { actionStarted: false, client: { ip: address, userAgent: (Array.isArray(userAgent) ? userAgent[0] : userAgent ?? "").slice(0, 500) } };
    if (isActionRequest(request)) refuseUndecodableActions(request, response, context, say);
    if (gate.isSignIn(request)) {
      const key = addressKey(address);
      const wait = gate.secondsLeft(key);
      if (wait > 0) return gate.refuse(request, response, wait);
      gate.watch(key, response);
    }
    pages
      .serve(request, response, context, https)
      .then((answered) => (answered ? undefined : runWithRequestContext(context, () => handle(request, response))))
      .catch((error: unknown) => {
        console.error("request failed", request.method, request.url, error);
        if (!response.headersSent) response.statusCode = 500;
        response.end();
      });
  });
  // Longer than the idle timeouts of common load balancers (60 s), so they never reuse a connection this server just closed.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.listen(port, () => say(`serving on port ${port}`));

  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    say(`${signal}: finishing the requests in progress`);
    // Requests get 10 s to finish; whatever still hangs then (a request waiting on a dead database, say) is cut.
    const force = setTimeout(() => server.closeAllConnections(), 10_000);
    setTimeout(() => process.exit(1), 20_000).unref();
    server.close(() => {
      clearTimeout(force);
      const cleanup = Promise.all([watch.stop(), pages.close(), app.close().catch(() => {})]);
      void Promise.race([cleanup, new Promise((done) => setTimeout(done, 5_000))]).then(() => process.exit(0));
    });
    server.closeIdleConnections();
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
  // `npm start` (scripts/start.ts) was killed outright: do not outlive it holding the port.
  process.on("disconnect", () => shutdown("the portal's supervisor is gone"));
}

main().catch((error: unknown) => {
  process.stderr.write(`[runbook-portal] the server could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
