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

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("rbp-static-") && name !== STATIC) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

// ---- state: whose pages are kept, which systems they keep offline, where alerts lead ----

/** Runs `work` after every earlier piece of work that reads and writes the state: one at a time. */
let queue = Promise.resolve();
function locked(work) {
  const run = queue.then(work, work);
  queue = run.catch(() => {});
  return run;
}

/** Bumped by every clearing: work begun before it (a page being fetched) saves nothing after it. */
let generation = 0;

async function readState() {
  const response = await (await caches.open(STATE)).match(STATE_KEY);
  return response ? response.json() : { viewer: null, keep: {}, alerts: {}, styles: [], refreshedAt: 0 };
}

async function writeState(state) {
  await (await caches.open(STATE)).put(STATE_KEY, new Response(JSON.stringify(state), { headers: { "Content-Type": "application/json" } }));
}

async function clearAll() {
  generation++;
  for (const name of await caches.keys()) if (name.startsWith(PAGES) || name === STATE) await caches.delete(name);
}

const decodeEntities = (text) => text.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" })[name]);
const escape = (text) => String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);

/** The viewer a page was rendered for, or null (the sign-in page, an error). */
function viewerOf(html) {
  const match = /<meta name="runbook-viewer" content="([^"]+)"/.exec(html);
  return match ? match[1] : null;
}

/** Makes `viewer` the one whose pages are kept (another viewer's go first); null once a clearing came after `since`. */
async function adopt(viewer, since) {
  if (since !== generation) return null;
  const state = await readState();
  if (state.viewer === viewer) return state;
  for (const name of await caches.keys()) if (name.startsWith(PAGES) && name !== PAGES + viewer) await caches.delete(name);
  const fresh = { viewer, keep: {}, alerts: {}, styles: [], refreshedAt: 0 };
  await writeState(fresh);
  return fresh;
}

/** Keeps a copy of a page for its viewer: when it was saved, its title, where its alerts lead, the stylesheets it needs. */
async function save(path, html, viewer, since) {
  const state = await adopt(viewer, since);
  if (!state) return;
  const title = decodeEntities((/<title>([^<]*)<\/title>/.exec(html) ?? [])[1] ?? path).replace(/ · Runbook Portal$/, "");
  const headers = { "Content-Type": "text/html; charset=utf-8", "X-Saved-At": new Date().toISOString(), "X-Title": encodeURIComponent(title) };
  await (await caches.open(PAGES + viewer)).put(path, new Response(html, { headers }));
  // Where each alert the page lists leads (failure-mode pages name them in a meta tag); a page saved again replaces its own.
  const alerts = /<meta name="runbook-alerts" content="([^"]*)"/.exec(html)?.[1].split(" ").filter(Boolean) ?? [];
  for (const [alias, paths] of Object.entries(state.alerts ?? {})) {
    const rest = paths.filter((saved) => saved !== path);
    if (rest.length) state.alerts[alias] = rest;
    else delete state.alerts[alias];
  }
  for (const alert of alerts) {
    const alias = `/alerts/${decodeEntities(alert).toLowerCase()}`;
    state.alerts[alias] = [...(state.alerts[alias] ?? []), path];
  }
  const styles = [...html.matchAll(/<link rel="stylesheet" href="([^"]+)"/g)].map((match) => match[1]).filter((href) => href.startsWith("/_next/static/"));
  if (styles.length) state.styles = styles;
  await writeState(state);
  const cache = await caches.open(STATIC);
  for (const href of styles) if (!(await cache.match(href))) await cache.add(href).catch(() => {});
  // Stylesheets of earlier versions of the portal go once there are more than a few.
  const kept = await cache.keys();
  for (const old of kept.slice(0, Math.max(0, kept.length - 20))) if (!styles.includes(new URL(old.url).pathname)) await cache.delete(old);
}

/** Fetches a page as the signed-in person and keeps it, if it is a runbook page of theirs. */
async function fetchAndSave(path, since) {
  const response = await fetch(path, { credentials: "same-origin", cache: "no-store" });
  const finalPath = response.redirected ? new URL(response.url).pathname : path;
  if (!response.ok || !isSaved(finalPath) || !(response.headers.get("Content-Type") ?? "").startsWith("text/html")) return { ok: false, status: response.status };
  const html = await response.text();
  const viewer = viewerOf(html);
  if (!viewer) return { ok: false, status: response.status };
  await save(finalPath, html, viewer, since);
  return { ok: true, path: finalPath };
}

async function pagesCache() {
  const state = await readState();
  return state.viewer ? { state, cache: await caches.open(PAGES + state.viewer) } : { state, cache: null };
}

/**
 * A page the person opened in the portal (the page tells this worker on each navigation,
 * components/offline/offline-saver.tsx: the portal's own links change pages without a
 * navigation this worker sees). Saved unless a copy from the last minute exists.
 */
async function opened(path) {
  if (!isSaved(path)) return;
  const since = generation;
  const { cache } = await pagesCache();
  const copy = cache && (await cache.match(path));
  if (copy && Date.now() - Date.parse(copy.headers.get("X-Saved-At") ?? "") < FRESH_MS) return;
  await fetchAndSave(path, since);
}

// ---- keeping a whole system ----

async function deletePages(paths) {
  const { cache } = await pagesCache();
  if (cache) for (const path of paths) await cache.delete(path);
}

async function forgetSystem(slug) {
  const state = await readState();
  const kept = state.keep?.[slug];
  if (!kept) return;
  delete state.keep[slug];
  await writeState(state);
  await deletePages(kept.pages ?? []);
}

/** Saves every page of a system; pages it no longer has (deleted entries) go; a system that is gone is forgotten. */
async function keepSystem(slug) {
  const since = generation;
  const listing = await fetch(`/systems/${encodeURIComponent(slug)}/offline.json`, { credentials: "same-origin", cache: "no-store" });
  if (listing.status === 404) {
    await forgetSystem(slug);
    throw new Error("this system no longer exists");
  }
  if (!listing.ok) throw new Error(`the portal answered ${listing.status}`);
  const { name, pages } = await listing.json();
  const saved = [];
  for (const path of pages) if ((await fetchAndSave(path, since).catch(() => ({ ok: false }))).ok) saved.push(path);
  if (since !== generation) throw new Error("signed out meanwhile");
  const state = await readState();
  const before = state.keep?.[slug]?.pages ?? [];
  state.keep = { ...(state.keep ?? {}), [slug]: { slug, name, savedAt: new Date().toISOString(), pages: saved } };
  await writeState(state);
  await deletePages(before.filter((path) => !pages.includes(path)));
  return state.keep[slug];
}

/** Every system kept offline, saved again at most every 15 minutes while the person uses the portal; one at a time, between other work. */
async function refreshKept() {
  const due = await locked(async () => {
    const state = await readState();
    if (!state.viewer || Date.now() - (state.refreshedAt ?? 0) < REFRESH_KEPT_MS) return [];
    state.refreshedAt = Date.now();
    await writeState(state);
    return Object.keys(state.keep ?? {});
  });
  for (const slug of due) await locked(() => keepSystem(slug)).catch(() => {});
}

// ---- serving what is saved ----

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
    .replace(/<details\b([^>]*\bdata-menu="")([^>]*?) open=""/g, "<details$1$2")
    .replace(/<html\b/i, '<html data-offline-copy=""')
    .replace(/(<body\b[^>]*>)/i, `$1${banner}`);
}

/** A page written here (offline index, alert chooser), styled with the portal's last saved stylesheets. */
function writtenPage(state, title, banner, body) {
  const styles = (state.styles ?? []).map((href) => `<link rel="stylesheet" href="${escape(href)}">`).join("");
  return offlineResponse(
    `<!DOCTYPE html><html lang="en" data-offline-copy=""><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)} · Runbook Portal</title>${styles}</head><body><div class="offline-banner" role="status">${banner}</div><main id="main" class="offline-main"><h1>${escape(title)}</h1>${body}</main></body></html>`,
  );
}

/** What is saved for the current viewer: path, title and when, without reading the pages. */
async function savedList() {
  const { state, cache } = await pagesCache();
  const copies = [];
  if (cache) {
    for (const request of await cache.keys()) {
      const response = await cache.match(request);
      const path = new URL(request.url).pathname;
      copies.push({ path, title: decodeURIComponent(response.headers.get("X-Title") ?? path), savedAt: response.headers.get("X-Saved-At") });
    }
  }
  return { state, copies: copies.filter((copy) => !copy.path.endsWith("/print")).sort((a, b) => a.title.localeCompare(b.title)) };
}

/** The offline index, written here: what is saved on this device. */
async function offlineIndex(missing) {
  const { state, copies } = await savedList();
  const kept = Object.values(state.keep ?? {});
  const items = copies.map((copy) => `<li><a href="${escape(copy.path)}">${escape(copy.title)}</a> <span class="offline-saved">saved ${escape(when(copy.savedAt))}</span></li>`).join("");
  const banner = `<strong>You are offline</strong>, or the portal cannot be reached.${missing ? ` This page (${escape(missing)}) was not saved on this device.` : ""}`;
  return writtenPage(
    state,
    "Saved for offline reading",
    banner,
    `${kept.length ? `<p>Kept offline: ${kept.map((system) => `<a href="/systems/${escape(system.slug)}">${escape(system.name)}</a>`).join(", ")}.</p>` : ""}${
      items ? `<ul class="offline-list">${items}</ul>` : "<p>Nothing is saved on this device yet. Pages you open while online are saved here, and every page of a system you mark “Keep offline”.</p>"
    }`,
  );
}

/** The saved pages `path` stands for: itself, or the failure modes that list an alert. */
function savedTargets(state, path) {
  if (!ALERT.test(path)) return [path];
  try {
    return state.alerts?.[decodeURIComponent(path).toLowerCase()] ?? [];
  } catch {
    return [];
  }
}

/** Whether a saved copy could answer `path` offline (asked before every navigation: cheap). */
async function hasSaved(path) {
  if (!isSaved(path) && !ALERT.test(path)) return false;
  const { state, cache } = await pagesCache();
  const [first] = savedTargets(state, path);
  return !!(cache && first && (await cache.match(first)));
}

/** The saved copy for `path` as served offline, a chooser when several saved failure modes list an alert, or null. */
async function fromSaved(path) {
  const { state, cache } = await pagesCache();
  if (!cache) return null;
  const targets = savedTargets(state, path);
  if (ALERT.test(path)) {
    const alias = decodeURIComponent(path).toLowerCase();
    if (targets.length > 1) {
      const items = [];
      for (const target of targets) {
        const copy = await cache.match(target);
        if (copy) items.push(`<li><a href="${escape(target)}">${escape(decodeURIComponent(copy.headers.get("X-Title") ?? target))}</a></li>`);
      }
      return writtenPage(state, `Alert ${alias.slice("/alerts/".length)}`, "<strong>Offline</strong>: saved runbooks that list this alert.", `<ul class="offline-list">${items.join("")}</ul>`);
    }
  }
  const response = targets[0] ? await cache.match(targets[0]) : null;
  return response ? offlineResponse(offlineCopy(await response.text(), response.headers.get("X-Saved-At"))) : null;
}

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
