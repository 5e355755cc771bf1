import { AsyncLocalStorage } from "node:async_hooks";

// What the portal's server (scripts/serve.ts) and the portal's own code inside Next.js
// tell each other about one request. Both module graphs (the server script, and the
// bundles Next.js loads) reach the same store through a process-wide symbol.

export type RequestContext = {
  /** Set once a server action of the portal starts: a 5xx after that is a server error, before it a request Next.js could not decode. */
  actionStarted: boolean;
};

const KEY = Symbol.for("runbook-portal.request-context");

function storage(): AsyncLocalStorage<RequestContext> {
  const holder = globalThis as unknown as Record<symbol, AsyncLocalStorage<RequestContext> | undefined>;
  return (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());
}

export function runWithRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage().run(context, work);
}

/** Called by every server action as it starts (lib/actions.ts). */
export function markActionStarted() {
  const context = storage().getStore();
  if (context) context.actionStarted = true;
}
