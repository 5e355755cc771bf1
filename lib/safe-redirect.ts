// Where to send someone after sign-in. The value comes from the address bar, so it is
// parsed the way a browser would parse it (backslashes, tabs and newlines included) and
// accepted only if it stays on this site; anything else becomes the fallback.

const BASE = "http://portal.invalid";

export function safeRedirectPath(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.length > 2_000) return fallback;
  let url: URL;
  try {
    url = new URL(value, `${BASE}/`);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" parses to the path "//evil.example", which a browser reads as another host.
  if (path.startsWith("//") || path.startsWith("/\\")) return fallback;
  return path;
}
