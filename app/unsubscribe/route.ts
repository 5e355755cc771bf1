import { escapeHtml } from "@/lib/notify/mail";
import { MAIL_KINDS } from "@/lib/notify/preferences";
import { readUnsubscribe, unsubscribe } from "@/lib/notify/unsubscribe";

// /unsubscribe?u=…&k=…&s=…, the address in every mail's List-Unsubscribe header and footer.
// POST (the mail program's one-click, RFC 8058, or the button below) turns that kind of
// mail off; GET, which mail scanners follow on their own, only shows the button.

function page(title: string, body: string, status = 200): Response {
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)} · Runbook Portal</title></head><body><main><h1>${escapeHtml(title)}</h1>${body}<p><a href="/settings/notifications">All your mail settings</a></p></main></body></html>`;
  return new Response(html, { status, headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}

const BROKEN = "<p>This unsubscribe link is not valid (cut short, or from another portal). Change your mail settings after signing in instead.</p>";

export function GET(request: Request): Response {
  const url = new URL(request.url);
  const target = readUnsubscribe(url);
  if (!target) return page("Link not valid", BROKEN, 400);
  return page(
    "Stop these e-mails?",
    `<p>You will no longer get “${escapeHtml(MAIL_KINDS[target.kind])}” by e-mail.</p><form method="post" action="${escapeHtml(url.pathname + url.search)}"><button type="submit">Stop these e-mails</button></form>`,
  );
}

export async function POST(request: Request): Promise<Response> {
  const done = await unsubscribe(new URL(request.url));
  if (!done.ok) return page("Link not valid", BROKEN, 400);
  return page("Unsubscribed", `<p>You will no longer get “${escapeHtml(done.label)}” by e-mail. You can turn it on again in your mail settings.</p>`);
}
