// Runbook Portal's service worker: the runbooks a person needs stay readable on their
// phone when the network or the portal is gone (README, "On call from a phone or a
// terminal"). Plain JavaScript, served as it is from public/; no build step.
//
// - Saved: every runbook page this person opens (overview, print sheet, failure mode,
//   procedure, escalation level, dependency, contact, the dashboard) and every page of a
//   system they mark "Keep offline" (components/offline/keep-offline.tsx), refreshed while
//   they use the portal; /alerts/<name> opens the saved failure mode that lists the alert.
// - Pages are asked of the network first. A saved copy is served only when the network
//   fails, the portal answers 502–504 (down, or its database is), or, for a page with a
//   saved copy, nothing comes within 6 seconds (a dead VPN often hangs). Other pages wait
//   for the network as they would without this worker.
// - A saved copy is read-only: no scripts, forms hidden, a banner saying when it was saved.
//   Pages that change data (edit and new forms, imports, runs, admin pages) are never saved
//   nor served from here.
// - One person's pages only: each page names its viewer (<meta name="runbook-viewer">); the
//   first page of another viewer clears what the last one saved. Signing out (a post to
//   /logout the portal accepts) clears everything, as the server's Clear-Site-Data does;
//   work begun before a clearing saves nothing after it.
// - /offline lists what is saved, also when offline (written here then).

const VERSION = "v1";
const STATIC = `rbp-static-${VERSION}`;
const STATE = "rbp-state";
const PAGES = "rbp-pages-";
const STATE_KEY = "/__runbook-offline-state";
const NETWORK_WAIT_MS = 6000;
const REFRESH_KEPT_MS = 15 * 60 * 1000;
const FRESH_MS = 60 * 1000;

/** Runbook pages that are saved: read-only views of one entry or system (never a "new" form). */
const SAVED = [/^\/$/, /^\/systems\/(?!new$)[^/]+$/, /^\/systems\/[^/]+\/print$/, /^\/(failure-modes|procedures|escalation-levels|dependencies|contacts)\/(?!new$)[^/]+$/];
/** Addresses this worker never answers, whatever happens. */
const NEVER = /^\/(api|_next|markdown|login|logout|setup)(\/|$)/;
const ALERT = /^\/alerts\/[^/]+$/;

const isSaved = (path) => SAVED.some((pattern) => pattern.test(path));

// The rest of the worker, after the constants it uses (classic scripts share one global scope).
importScripts("/sw-saving.js", "/sw-serving.js");

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("rbp-static-") && name !== STATIC) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// ---- messages from the portal's pages ----

self.addEventListener("message", (event) => {
  const { type, slug, path } = event.data ?? {};
  const reply = (message) => event.ports[0]?.postMessage(message);
  const work = async () => {
    try {
      if (type === "keep") reply({ ok: true, kept: await locked(() => keepSystem(slug)) });
      else if (type === "forget") reply({ ok: true, kept: (await locked(() => forgetSystem(slug)), null) });
      else if (type === "status") reply({ ok: true, kept: (await readState()).keep?.[slug] ?? null });
      else if (type === "list") {
        const { state, copies } = await savedList();
        reply({ ok: true, copies, kept: Object.values(state.keep ?? {}) });
      } else if (type === "opened") {
        await locked(() => opened(path));
        await refreshKept();
      }
    } catch (error) {
      reply({ ok: false, error: String(error?.message ?? error) });
    }
  };
  event.waitUntil(work());
});

// ---- fetching ----

/** The network's answer, or null when it fails or, given `wait`, says nothing for that long. */
function network(request, wait) {
  return new Promise((resolve) => {
    const timer = wait ? setTimeout(() => resolve(null), wait) : null;
    fetch(request)
      .then((response) => resolve(response))
      .catch(() => resolve(null))
      .finally(() => timer && clearTimeout(timer));
  });
}

async function navigate(event, url) {
  const path = url.pathname;
  const since = generation;
  const saved = await hasSaved(path);
  const answer = await network(event.request, saved ? NETWORK_WAIT_MS : 0);
  const down = !answer || answer.status === 502 || answer.status === 503 || answer.status === 504;
  if (!down) {
    if (answer.ok && (answer.headers.get("Content-Type") ?? "").startsWith("text/html")) {
      // Every page says whose it is: another person's first page clears what the last one saved.
      const keep = isSaved(path) && !url.search;
      event.waitUntil(
        (async () => {
          const html = await answer.clone().text();
          const viewer = viewerOf(html);
          if (!viewer) return;
          await locked(() => (keep ? save(path, html, viewer, since) : adopt(viewer, since)));
          await refreshKept();
        })().catch(() => {}),
      );
    }
    return answer;
  }
  const copy = saved ? await fromSaved(path) : null;
  if (copy) return copy;
  if (path === "/offline") return offlineIndex(null);
  if (answer) return answer; // the portal's own "database unavailable" page says more than ours
  return offlineIndex(path);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === "POST" && url.pathname === "/logout") {
    // Signing out: once the portal accepts it (a redirect to the sign-in page; another site's post is refused), nothing saved outlives it.
    event.respondWith(
      fetch(event.request).then(async (response) => {
        if (response.type === "opaqueredirect" || response.status === 303) await clearAll();
        return response;
      }),
    );
    return;
  }
  if (event.request.method !== "GET") return;
  // The stylesheets saved pages name (hashed build files that never change): served from here once saved, so an
  // offline copy keeps its looks. Scripts are not kept: offline copies have none.
  if (url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".css")) {
    event.respondWith(
      caches.open(STATIC).then(async (cache) => (await cache.match(event.request)) ?? fetch(event.request)),
    );
    return;
  }
  if (event.request.mode === "navigate" && !NEVER.test(url.pathname)) event.respondWith(navigate(event, url));
});
