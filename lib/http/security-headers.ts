// Response headers that keep the portal's pages to themselves: only this site's scripts
// (with a per-request nonce) and styles, no framing, no borrowed browser features, and
// HTTPS remembered once the portal is reached over it.

let providerOrigin: string | null | undefined;

/** The origin of the identity provider (RUNBOOK_OIDC_ISSUER), where sign-in forms lead. */
function identityProviderOrigin(): string | null {
  if (providerOrigin === undefined) {
    try {
      providerOrigin = process.env.RUNBOOK_OIDC_ISSUER ? new URL(process.env.RUNBOOK_OIDC_ISSUER).origin : null;
    } catch {
      providerOrigin = null;
    }
  }
  return providerOrigin;
}

/** Headers every response carries, set by the portal's server (scripts/serve.ts). */
export function baseSecurityHeaders(https: boolean): Record<string, string> {
  return {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    // Nothing of the portal needs these; the clipboard (copy buttons) stays allowed for the site itself.
    "Permissions-Policy": "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=(), browsing-topics=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    // Two years; subdomains are left alone, since other services of the organisation may live there.
    ...(https ? { "Strict-Transport-Security": "max-age=63072000" } : {}),
  };
}

/**
 * The Content-Security-Policy of a page. Next.js reads the nonce from the request's copy
 * of this header and puts it on its own scripts; 'strict-dynamic' lets those load the
 * app's chunks. Styles are the site's own stylesheets only: no inline style anywhere.
 */
export function contentSecurityPolicy(nonce: string, https: boolean): string {
  const ssoOrigin = identityProviderOrigin();
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`,
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    // the service worker (public/sw.js) that keeps runbooks readable offline
    "worker-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    // Signing in through the identity provider posts to the portal, which sends the browser on to the provider's sign-in page.
    `form-action 'self'${ssoOrigin ? ` ${ssoOrigin}` : ""}`,
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
}
