import { AsyncLocalStorage } from "node:async_hooks";

// What the portal's server (scripts/serve.ts) and the portal's own code inside Next.js
// tell each other about one request. Both module graphs (the server script, and the
// bundles Next.js loads) reach the same store through a process-wide symbol.

export type RequestContext = {
  /** Set once a server action of the portal starts: a 5xx after that is a server error, before it a request Next.js could not decode. */
  actionStarted: boolean;
  /**
   * Set by the page cache (page-cache.ts) when this request's page may be kept: the page
   * then names, while it renders, the tags of everything it shows (`cacheThisPage`).
   */
  pageCache?: { tags: string[] | null };
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
 * Called by a page that may be answered from the page cache (lib/server/page-cache.ts):
 * `tags` name everything it shows ("system:<id>", "contact:<id>", "user:<id>"), so that
 * a write to any of them renders it again. The page must show nothing else that changes,
 * and vary by nothing of the user but role and name.
 */
export function cacheThisPage(tags: Iterable<string>) {
  const cache = storage().getStore()?.pageCache;
  if (cache) cache.tags = [...(cache.tags ?? []), ...tags];
}
