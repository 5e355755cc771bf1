import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { contentSecurityPolicy } from "@/lib/http/security-headers";
import { secureSessionCookie } from "@/lib/auth/session-cookie";
import { markdownRoute, wantsMarkdown } from "@/lib/http/markdown-wanted";
import { CSRF_HEADER } from "@/lib/auth/sign-in-errors";

// Runs before every page and route: a fresh CSP nonce for the page (Next.js puts it on
// its scripts), and signed-out visitors sent to sign in. Only a first line of defence:
// pages, actions and route handlers check the user and role themselves (lib/session.ts).
// The API (/api/v1) authenticates each request itself, by token (lib/api/auth.ts).
const PUBLIC = ["/login", "/logout", "/setup", "/api/auth", "/api/health", "/api/v1", "/api/chat", "/markdown", "/unsubscribe"];

function isHttps(request: NextRequest) {
  return request.headers.get("x-forwarded-proto") === "https" || !!process.env.NEXTAUTH_URL?.startsWith("https://");
}

function withPolicy(request: NextRequest, extra: Record<string, string> = {}) {
  const nonce = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
  const policy = contentSecurityPolicy(nonce, isHttps(request));
  const headers = new Headers(request.headers);
  headers.set("Content-Security-Policy", policy);
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

const hex = (bytes: ArrayBuffer | Uint8Array) => [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");
const sha256 = async (text: string) => hex(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));

/**
 * The sign-in page with next-auth's CSRF token in its form, so signing in works as a plain
 * post without scripts. The token and its cookie are next-auth's own (next-auth/core/lib/
 * csrf-token: "<token>|sha256(<token><secret>)"), made here because a page cannot set a
 * cookie; next-auth checks them when the form arrives, as for its own sign-in page.
 */
async function signInPage(request: NextRequest) {
  const secret = process.env.NEXTAUTH_SECRET ?? "";
  const secure = secureSessionCookie(request.headers.get("x-forwarded-proto"));
  const name = `${secure ? "__Host-" : ""}next-auth.csrf-token`;
  const [held = "", heldHash = ""] = (request.cookies.get(name)?.value ?? "").split("|");
  const valid = held !== "" && heldHash === (await sha256(`${held}${secret}`));
  const token = valid ? held : hex(crypto.getRandomValues(new Uint8Array(32)));
  const response = withPolicy(request, { [CSRF_HEADER]: token });
  if (!valid) response.cookies.set(name, `${token}|${await sha256(`${token}${secret}`)}`, { httpOnly: true, sameSite: "lax", path: "/", secure });
  return response;
}

export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  // A runbook page asked for as Markdown (curl, chat bots): answered by app/markdown, which
  // signs the caller in by cookie or token itself (lib/runbooks/markdown-answer.ts).
  const markdown = request.method === "GET" || request.method === "HEAD" ? markdownRoute(pathname) : null;
  if (markdown && wantsMarkdown(request.headers.get("accept"), request.nextUrl.searchParams.get("format"))) {
    return NextResponse.rewrite(new URL(markdown, request.url));
  }
  if (pathname === "/login" && request.method === "GET") return signInPage(request);
  if (PUBLIC.some((path) => pathname === path || pathname.startsWith(`${path}/`))) return withPolicy(request);
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET, secureCookie: secureSessionCookie(request.headers.get("x-forwarded-proto")) });
  if (token) return withPolicy(request);
  if (pathname.startsWith("/api/") && pathname !== "/api/docs") return NextResponse.json({ error: "Sign in first" }, { status: 401 });
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", `${pathname}${search}`);
  return NextResponse.redirect(login);
}

export const config = {
  // Files a browser fetches by name (public/) need no sign-in and no page policy.
  matcher: ["/((?!_next/static|_next/image|favicon.ico|robots.txt|manifest.webmanifest|sw.js|sw-saving.js|sw-serving.js|icon.svg|icon-192.png|icon-512.png|apple-touch-icon.png).*)"],
};
