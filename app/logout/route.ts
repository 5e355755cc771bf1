import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { endSession } from "@/lib/auth/sessions";
import { secureSessionCookie, sessionCookieName } from "@/lib/auth/session-cookie";

// Sign-out as a plain form post (the header's "Sign out"), so it works without scripts.
// The session ends on the server (a copy of the cookie opens nothing any more), the
// cookie is deleted, and the browser drops what this site stored: Clear-Site-Data its HTTP
// cache, the service worker the pages it saved for offline reading (public/sw.js, when it
// sees this post), the sign-in page the drafts kept in the browser's storage
// (components/auth/forget-device.tsx). Not Clear-Site-Data "storage": with a service worker
// running, Chromium at times never finishes the navigation that carries it. Cross-site posts never
// reach this (the portal's server refuses them, lib/server/responses.ts). No role is
// needed to end one's own session, and no body is read: the session is the cookie's.

export async function POST(request: NextRequest) {
  const secure = secureSessionCookie(request.headers.get("x-forwarded-proto"));
  const token = await getToken({ req: request, secret: process.env.NEXTAUTH_SECRET, secureCookie: secure });
  if (typeof token?.sid === "string") await endSession(token.sid);
  const response = new NextResponse(null, {
    status: 303,
    headers: { Location: "/login?signedOut=1", "Clear-Site-Data": '"cache"', "Cache-Control": "no-store" },
  });
  response.cookies.set(sessionCookieName(secure), "", { path: "/", maxAge: 0, httpOnly: true, sameSite: "lax", secure });
  return response;
}

/** Signing out changes something: never by a link or a prefetch. */
export function GET() {
  return new NextResponse(null, { status: 303, headers: { Location: "/" } });
}
