// Part of the service worker (sw.js, which loads it): what is saved, for whom, and
// keeping a whole system offline. Plain JavaScript, no build step; it shares sw.js's
// global scope (its constants, and the functions of sw-serving.js).

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
