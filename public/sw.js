// Runbook Portal's service worker: the runbooks a person needs stay readable on their
// phone when the network or the portal is gone (README, "On call from a phone or a
// terminal"). Plain JavaScript, served as it is from public/; no build step.
//
// - Saved: every runbook page this person opens (overview, print sheet, failure mode,
//   procedure, escalation level, dependency, contact, the dashboard) and every page of a
//   system they mark "Keep offline" (components/offline/keep-offline.tsx); /alerts/<name>
//   opens the saved failure mode that lists the alert. Pages are asked
//   of the network first; a saved copy is served only when the network fails, the portal
//   answers 502–504 (down, or its database is), or nothing comes within 6 seconds.
// - A saved copy is read-only: no scripts, forms hidden, a banner saying when it was saved.
//   Pages that change data (edit and new forms, imports, runs, admin pages) are never saved
//   nor served from here.
// - One person's pages only: each page names its viewer (<meta name="runbook-viewer">);
//   pages are kept per viewer, and a page of another viewer clears what the last one saved.
//   Signing out (a post to /logout) clears everything, as the server's Clear-Site-Data does.
// - /offline lists what is saved, also when offline (written here then).

const VERSION = "v1";
const STATIC = `rbp-static-${VERSION}`;
const STATE = "rbp-state";
const PAGES = "rbp-pages-";
const STATE_KEY = "/__runbook-offline-state";
const NETWORK_WAIT_MS = 6000;
const REFRESH_KEPT_MS = 15 * 60 * 1000;

/** Runbook pages that are saved: read-only views of one entry or system. */
const SAVED = [
  /^\/$/,
  /^\/systems\/[^/]+$/,
  /^\/systems\/[^/]+\/print$/,
  /^\/(failure-modes|procedures|escalation-levels|dependencies|contacts)\/[^/]+$/,
];
/** Addresses that are never answered from here, whatever happens. */
const NEVER = /^\/(api|_next\/data|markdown|login|logout|setup)(\/|$)/;

const isSaved = (path) => SAVED.some((pattern) => pattern.test(path));

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("rbp-static-") && name !== STATIC) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// ---- state: whose pages are kept, and which systems they keep offline ----

/** Runs `work` after every earlier piece of work that reads and writes the state: one at a time. */
let queue = Promise.resolve();
function locked(work) {
  const run = queue.then(work, work);
  queue = run.catch(() => {});
  return run;
}

async function readState() {
  const response = await (await caches.open(STATE)).match(STATE_KEY);
  return response ? response.json() : { viewer: null, keep: {}, refreshedAt: 0 };
}

async function writeState(state) {
  await (await caches.open(STATE)).put(STATE_KEY, new Response(JSON.stringify(state), { headers: { "Content-Type": "application/json" } }));
}

async function clearAll() {
  for (const name of await caches.keys()) if (name.startsWith(PAGES) || name === STATE) await caches.delete(name);
}

/** The viewer a page was rendered for, or null (the sign-in page, an error). */
function viewerOf(html) {
  const match = /<meta name="runbook-viewer" content="([^"]+)"/.exec(html);
  return match ? match[1] : null;
}

/** Makes `viewer` the one whose pages are kept: another viewer's are deleted first. */
async function adopt(viewer) {
  const state = await readState();
  if (state.viewer === viewer) return state;
  for (const name of await caches.keys()) if (name.startsWith(PAGES) && name !== PAGES + viewer) await caches.delete(name);
  const fresh = { viewer, keep: {}, refreshedAt: 0 };
  await writeState(fresh);
  return fresh;
}

/** Keeps a copy of a page for its viewer, with the time it was saved, where its alerts lead, and the stylesheets it needs. */
async function save(path, html, viewer) {
  const headers = { "Content-Type": "text/html; charset=utf-8", "X-Saved-At": new Date().toISOString() };
  await (await caches.open(PAGES + viewer)).put(path, new Response(html, { headers }));
  const alerts = /<meta name="runbook-alerts" content="([^"]*)"/.exec(html)?.[1].split(" ").filter(Boolean) ?? [];
  if (alerts.length) {
    const state = await readState();
    state.alerts = { ...(state.alerts ?? {}), ...Object.fromEntries(alerts.map((alert) => [`/alerts/${decodeEntities(alert).toLowerCase()}`, path])) };
    await writeState(state);
  }
  const styles = await caches.open(STATIC);
  const named = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]).filter((href) => href.startsWith("/_next/static/"));
  for (const href of named) if (!(await styles.match(href))) await styles.add(href).catch(() => {});
  // Stylesheets of earlier versions of the portal go once there are more than a few.
  const kept = await styles.keys();
  for (const old of kept.slice(0, Math.max(0, kept.length - 20))) if (!named.includes(new URL(old.url).pathname)) await styles.delete(old);
}

/** Fetches a page as the signed-in person and keeps it, if it is a runbook page of theirs. */
async function fetchAndSave(path) {
  const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  const finalPath = response.redirected ? new URL(response.url).pathname : path;
  if (!response.ok || !isSaved(finalPath) || !(response.headers.get("Content-Type") ?? "").startsWith("text/html")) return null;
  const html = await response.text();
  const viewer = viewerOf(html);
  if (!viewer) return null;
  await adopt(viewer);
  await save(finalPath, html, viewer);
  return { viewer, finalPath };
}

/**
 * A page the person opened in the portal (the page tells this worker on each navigation,
 * components/offline/offline-saver.tsx: the portal's own links change pages without a
 * navigation this worker sees). Saved unless a copy from the last minute exists.
 */
async function opened(path) {
  if (!isSaved(path)) return;
  const state = await readState();
  if (state.viewer) {
    const copy = await (await caches.open(PAGES + state.viewer)).match(path);
    if (copy && Date.now() - Date.parse(copy.headers.get("X-Saved-At") ?? "") < 60_000) return;
  }
  await fetchAndSave(path);
  await refreshKept();
}

// ---- serving a saved copy ----

const decodeEntities = (text) => text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name]);
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

function when(iso) {
  return new Date(iso).toLocaleString("en-GB", { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
}

const OFFLINE_POLICY = "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

function offlineResponse(html) {
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": OFFLINE_POLICY, "Cache-Control": "no-store" } });
}

/** A saved page as served offline: scripts out, forms hidden (globals.css), the saved-at banner on top. */
function offlineCopy(html, savedAt) {
  const banner = `<div class="offline-banner" role="status"><strong>Offline copy</strong>, saved ${escape(when(savedAt))}. It may be out of date. <a href="/offline">What is saved on this device</a></div>`;
  return html
    .replace(/<script\b[^>]*>[\s\S]*?<\/script>/gi, "")
    .replace(/<link\b[^>]*\bas="script"[^>]*>/gi, "")
    .replace(/<link\b[^>]*\brel="modulepreload"[^>]*>/gi, "")
    .replace(/<html\b/i, '<html data-offline-copy=""')
    .replace(/(<body\b[^>]*>)/i, `$1${banner}`);
}

/** The site's stylesheets as the last saved page named them, for pages written here. */
function stylesheets(html) {
  return (html.match(/<link rel="stylesheet"[^>]*>/g) ?? []).join("");
}

async function savedCopies(viewer) {
  if (!viewer) return [];
  const cache = await caches.open(PAGES + viewer);
  const copies = [];
  for (const request of await cache.keys()) {
    const response = await cache.match(request);
    const html = await response.text();
    const title = (/<title>([^<]*)<\/title>/.exec(html) ?? [])[1] ?? new URL(request.url).pathname;
    copies.push({ path: new URL(request.url).pathname, title: title.replace(/ · Runbook Portal$/, ""), savedAt: response.headers.get("X-Saved-At"), html });
  }
  return copies.sort((a, b) => a.title.localeCompare(b.title));
}

/** The offline index, written here: what is saved, newest saving first per system kept. */
async function offlineIndex(missing) {
  const state = await readState();
  const copies = await savedCopies(state.viewer);
  const kept = Object.values(state.keep ?? {});
  const items = copies
    .filter((copy) => !/\/print$/.test(copy.path))
    .map((copy) => `<li><a href="${escape(copy.path)}">${escape(copy.title)}</a> <span class="offline-saved">saved ${escape(when(copy.savedAt))}</span></li>`)
    .join("");
  const html = `<!DOCTYPE html><html lang="en" data-offline-copy=""><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Saved for offline reading · Runbook Portal</title>${copies[0] ? stylesheets(copies[0].html) : ""}</head><body>
<div class="offline-banner" role="status"><strong>You are offline</strong>, or the portal cannot be reached.${missing ? ` This page (${escape(missing)}) was not saved on this device.` : ""}</div>
<main id="main" class="offline-main"><h1>Saved for offline reading</h1>
${kept.length ? `<p>Kept offline: ${kept.map((system) => `<a href="/systems/${escape(system.slug)}">${escape(system.name)}</a>`).join(", ")}.</p>` : ""}
${items ? `<ul class="offline-list">${items}</ul>` : "<p>Nothing is saved on this device yet. Pages you open while online are saved here, and every page of a system you mark “Keep offline”.</p>"}
</main></body></html>`;
  return offlineResponse(html);
}

async function fromSaved(path) {
  const state = await readState();
  if (!state.viewer) return null;
  const cache = await caches.open(PAGES + state.viewer);
  let alias = null;
  try {
    alias = state.alerts?.[decodeURIComponent(path).toLowerCase()] ?? null;
  } catch {
    // a malformed address: no alert of that name
  }
  const response = await cache.match(alias ?? path);
  if (!response) return null;
  return offlineResponse(offlineCopy(await response.text(), response.headers.get("X-Saved-At")));
}

// ---- keeping a whole system ----

async function keepSystem(slug) {
  const listing = await fetch(`/systems/${encodeURIComponent(slug)}/offline.json`, { credentials: "same-origin", cache: "no-store" });
  if (!listing.ok) throw new Error(`the portal answered ${listing.status}`);
  const { name, pages } = await listing.json();
  for (const path of pages) await fetchAndSave(path).catch(() => null);
  const state = await readState();
  state.keep = { ...(state.keep ?? {}), [slug]: { slug, name, savedAt: new Date().toISOString(), pages: pages.length } };
  await writeState(state);
  return state.keep[slug];
}

async function forgetSystem(slug) {
  const state = await readState();
  if (state.keep) delete state.keep[slug];
  await writeState(state);
}

async function refreshKept() {
  const state = await readState();
  if (Date.now() - (state.refreshedAt ?? 0) < REFRESH_KEPT_MS) return;
  state.refreshedAt = Date.now();
  await writeState(state);
  for (const slug of Object.keys(state.keep ?? {})) await keepSystem(slug).catch(() => {});
}

self.addEventListener("message", (event) => {
  const { type, slug } = event.data ?? {};
  const reply = (message) => event.ports[0]?.postMessage(message);
  event.waitUntil(
    locked(async () => {
      try {
        if (type === "keep") reply({ ok: true, kept: await keepSystem(slug) });
        else if (type === "forget") reply({ ok: true, kept: (await forgetSystem(slug), null) });
        else if (type === "status") reply({ ok: true, kept: (await readState()).keep?.[slug] ?? null });
        else if (type === "clear") reply({ ok: true, kept: (await clearAll(), null) });
        else if (type === "opened") await opened(event.data.path);
        else if (type === "list") {
          const state = await readState();
          const copies = (await savedCopies(state.viewer)).map(({ path, title, savedAt }) => ({ path, title, savedAt }));
          reply({ ok: true, copies, kept: Object.values(state.keep ?? {}) });
        }
      } catch (error) {
        reply({ ok: false, error: String(error?.message ?? error) });
      }
    }),
  );
});

// ---- fetching ----

/** The network, or null when it fails or says nothing for `wait` ms (a dead VPN often hangs). */
function network(request, wait) {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(null), wait);
    fetch(request)
      .then((response) => resolve(response))
      .catch(() => resolve(null))
      .finally(() => clearTimeout(timer));
  });
}

async function navigate(event, url) {
  const path = url.pathname;
  const answer = await network(event.request, NETWORK_WAIT_MS);
  const down = !answer || answer.status === 502 || answer.status === 503 || answer.status === 504;
  if (!down) {
    if (answer.ok && !url.search && isSaved(path) && (answer.headers.get("Content-Type") ?? "").startsWith("text/html")) {
      event.waitUntil(
        locked(async () => {
          const html = await answer.clone().text();
          const viewer = viewerOf(html);
          if (!viewer) return;
          await adopt(viewer);
          await save(path, html, viewer);
          await refreshKept();
        }).catch(() => {}),
      );
    }
    return answer;
  }
  const saved = (await fromSaved(path)) ?? (path === "/offline" ? await offlineIndex(null) : null);
  if (saved) return saved;
  if (answer) return answer; // the portal's own "database unavailable" page says more than ours
  return offlineIndex(path);
}

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (url.origin !== self.location.origin) return;
  if (event.request.method === "POST" && url.pathname === "/logout") {
    // Signing out: nothing saved outlives it, whatever the network does next.
    event.respondWith(clearAll().then(() => fetch(event.request)));
    return;
  }
  if (event.request.method !== "GET" || NEVER.test(url.pathname)) return;
  if (event.request.mode === "navigate") {
    event.respondWith(navigate(event, url));
    return;
  }
  // The stylesheets saved pages name (hashed build files that never change): served from here once saved, so an
  // offline copy keeps its looks. Scripts are not kept: offline copies have none.
  if (url.pathname.startsWith("/_next/static/") && url.pathname.endsWith(".css")) {
    event.respondWith(
      caches.open(STATIC).then(async (cache) => {
        const hit = await cache.match(event.request);
        if (hit) return hit;
        const response = await fetch(event.request);
        if (response.ok) await cache.put(event.request, response.clone());
        return response;
      }),
    );
  }
});
