import { parseSignInError, SIGN_IN_ERRORS, SIGN_IN_MESSAGES } from "./sign-in-errors";

// The browser side of signing in: next-auth's CSRF token, then its credentials callback,
// with each way of failing turned into a sentence (next-auth's own signIn() keeps only
// the error code, not the status or how long to wait).

export type SignInAnswer = { ok: true } | { ok: false; message: string };

const UNAVAILABLE = SIGN_IN_MESSAGES.unavailable;

export async function signInWithCredentials(email: string, password: string, callbackUrl: string): Promise<SignInAnswer> {
  try {
    const csrf = await fetch("/api/auth/csrf", { cache: "no-store" });
    if (csrf.status === 503) return { ok: false, message: UNAVAILABLE };
    const { csrfToken } = (await csrf.json()) as { csrfToken?: string };
    const response = await fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ email, password, csrfToken: csrfToken ?? "", callbackUrl, json: "true" }),
    });
    if (response.ok) {
      // next-auth answers a stale or missing CSRF token with 200 and a URL back to its sign-in page.
      const { url } = (await response.json().catch(() => ({}))) as { url?: string };
      const params = url ? new URL(url, window.location.origin).searchParams : null;
      if (params?.has("csrf") || params?.has("error")) return { ok: false, message: SIGN_IN_MESSAGES.expired };
      return { ok: true };
    }
    const retryAfter = Number(response.headers.get("Retry-After")) || 0;
    if (response.status === 429) {
      return { ok: false, message: SIGN_IN_MESSAGES.throttled(retryAfter) };
    }
    if (response.status === 503) {
      const body = (await response.json().catch(() => ({}))) as { url?: string; error?: string };
      const reason = body.url ? parseSignInError(new URL(body.url, window.location.origin).searchParams.get("error")) : null;
      if (reason?.code === SIGN_IN_ERRORS.busy) return { ok: false, message: SIGN_IN_MESSAGES.busy(retryAfter) };
      if (reason?.code === SIGN_IN_ERRORS.failed) return { ok: false, message: SIGN_IN_MESSAGES.failed };
      return { ok: false, message: UNAVAILABLE };
    }
    if (response.status === 401) {
      const body = (await response.json().catch(() => ({}))) as { url?: string };
      const reason = body.url ? parseSignInError(new URL(body.url, window.location.origin).searchParams.get("error")) : null;
      return { ok: false, message: reason?.code === SIGN_IN_ERRORS.adminsOnly ? SIGN_IN_MESSAGES.adminsOnly : SIGN_IN_MESSAGES.wrong };
    }
    return { ok: false, message: SIGN_IN_MESSAGES.other };
  } catch {
    return { ok: false, message: "Could not reach the portal. Check your connection and try again." };
  }
}
