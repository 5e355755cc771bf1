import { AsyncLocalStorage } from "node:async_hooks";

// What the portal's server (scripts/serve.ts) and the portal's own code inside Next.js
// tell each other about one request. Both module graphs (the server script, and the
// bundles Next.js loads) reach the same store through a process-wide symbol.

export type RequestContext = {
  /** Set once a server action of the portal starts: a 5xx after that is a server error, before it a request Next.js could not decode. */
  actionStarted: boolean;
  /**
   * Set by the page cache (lib/server/page-cache.ts) when this request's page may be kept:
   * the page opts in (`cacheThisPage`), and the read functions it calls name the tags of
   * everything they read (`cacheDependsOn`, through lib/data/cache-tags.ts).
   */
  pageCache?: { optedIn: boolean; tags: string[] };
  /** Where the request came from (the client's address as the portal's server trusts it), for the audit log. */
  client?: { ip: string; userAgent: string };
};

const KEY = Symbol.for("runbook-portal.request-context");

function storage(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
  return (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());
}

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage().run(context, work);
}

/** The address and user agent of the request being served, if any (lib/audit). */
export function currentClient(): { ip: string; userAgent: string } | undefined {
  return storage().getStore()?.client;
}

/** Called by every server action as it starts (lib/form-actions.ts). */
export function markActionStarted() {
  const context = storage().getStore();
  if (context) context.actionStarted = true;
}

/**
 * Called by a page that may be answered from the page cache (lib/server/page-cache.ts).
 * The page must show nothing that changes but what its read functions name (cacheDependsOn),
 * and vary by nothing of the user but role and name.
 */
export function cacheThisPage() {
  const cache = storage().getStore()?.pageCache;
  if (cache) cache.optedIn = true;
}

/** Called by read functions: the page being rendered shows the rows these tags name ("system:<id>", "contact:<id>", "user:<id>"). */
export function cacheDependsOn(tags: Iterable<string>) {
  const cache = storage().getStore()?.pageCache;
  if (cache) cache.tags.push(...tags);
}
