import NextAuth from "next-auth";
import type { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { ADDRESS_BLOCKED_HEADER, parseSignInError, SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";

const handler = NextAuth(authOptions) as (request: NextRequest, context: unknown) => Promise<Response>;

/** next-auth answers malformed requests (a JSON body that does not parse, say) by throwing: those are the client's errors. */
async function handle(request: NextRequest, context: unknown): Promise<Response> {
  try {
    return await handler(request, context);
  } catch (error) {
    console.warn("sign-in request refused:", error instanceof Error ? error.message : error);
    return Response.json({ error: "Bad request" }, { status: 400 });
  }
}

export function GET(request: NextRequest, context: unknown) {
  return handle(request, context);
}

/**
 * next-auth answers every refused sign-in with 401 and the reason in an error URL. A
 * throttled attempt becomes 429 and an overloaded or unreachable server 503, both with
 * Retry-After, so clients and proxies see what happened without reading the body.
 */
type Context = { params: Promise<{ nextauth?: string[] }> };

export async function POST(request: NextRequest, context: Context) {
  const response = await handle(request, context);
  // The route's own parameters, as next-auth reads them (a %-escaped path is the same callback).
  const [action] = (await context.params).nextauth ?? [];
  if (response.status !== 401 || action !== "callback") return response;
  const body = (await response.clone().json().catch(() => null)) as { url?: unknown } | null;
  const url = typeof body?.url === "string" ? body.url : response.headers.get("Location");
  const reason = parseSignInError(url ? new URL(url, request.nextUrl.origin).searchParams.get("error") : null);
  const status =
    reason?.code === SIGN_IN_ERRORS.throttled ? 429 : reason?.code === SIGN_IN_ERRORS.busy || reason?.code === SIGN_IN_ERRORS.unavailable || reason?.code === SIGN_IN_ERRORS.failed ? 503 : null;
  if (!status) return response;
  const headers = new Headers(response.headers);
  headers.set("Retry-After", String(reason!.retryAfter || 5));
  headers.set("Cache-Control", "no-store");
  // The portal's server answers this address's next attempts itself, without running any of this (scripts/serve.ts).
  if (reason!.addressBlocked > 0) headers.set(ADDRESS_BLOCKED_HEADER, String(reason!.addressBlocked));
  return new Response(response.body, { status, headers });
}
