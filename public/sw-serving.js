// Part of the service worker (sw.js, which loads it): answering from what is saved —
// the read-only copy, /offline, and /alerts/<name>. Plain JavaScript, no build step; it
// shares sw.js's global scope (its constants, and the functions of sw-saving.js).

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
