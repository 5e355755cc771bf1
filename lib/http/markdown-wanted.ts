import Negotiator from "negotiator";

// Which runbook pages also answer as Markdown (for curl on a jump host, chat bots), and
// whether a request asks for it: `?format=md`, or an Accept header that prefers
// text/markdown to text/html. Browsers send text/html first, so they always get the page.
// Shared by proxy.ts (which routes such requests to app/markdown), the page cache (which
// must not answer them with a kept HTML page) and the API's alert endpoint.

/** The runbook pages with a Markdown form: their path, and where app/markdown answers it. */
const PAGES = /^\/(systems|failure-modes|procedures|alerts)\/([^/]+)\/?$/;

export function wantsMarkdown(accept: string | null | undefined, format: string | null | undefined): boolean {
  if (format === "md" || format === "markdown") return true;
  if (!accept || !/markdown/i.test(accept)) return false;
  const [first] = new Negotiator({ headers: { accept } }).mediaTypes(["text/html", "text/markdown", "text/x-markdown"]);
  return first === "text/markdown" || first === "text/x-markdown";
}

/** "/markdown/<kind>/<ref>" for a runbook page's path that has a Markdown form, else null. */
export function markdownRoute(pathname: string): string | null {
  const match = PAGES.exec(pathname);
  return match ? `/markdown/${match[1]}/${match[2]}` : null;
}
