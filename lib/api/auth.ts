import "server-only";
import { authenticateToken, type TokenUser } from "@/lib/auth/tokens";
import { assertRole } from "@/lib/auth/roles";
import type { Role } from "@/lib/generated/prisma/enums";
import { getCurrentUser } from "@/lib/session";
import { ApiProblem } from "./http";
import { limitCaller } from "./rate-limit";

// Who calls the API. A personal access token in "Authorization: Bearer rbp_…" acts as its
// user (a read-scope token as a viewer); a missing, unknown, revoked or expired token, or
// one whose user is disabled, is 401, the same answer for each so a caller learns nothing
// about other people's tokens. Without a token, the portal's own session cookie works too,
// for the portal's pages; a write with a cookie must come from a page of this site
// (Sec-Fetch-Site or Origin), so another site cannot make a signed-in browser write.

export type ApiUser = Omit<TokenUser, "tokenId" | "scope"> & { tokenId: string | null; scope: TokenUser["scope"] | "SESSION" };

const UNAUTHORIZED = new ApiProblem(
  { title: "Sign in with a token", status: 401, detail: "Send a personal access token as 'Authorization: Bearer <token>'. Create one at /settings/tokens." },
  { "WWW-Authenticate": 'Bearer realm="runbook-portal"' },
);

/** Whether a browser sent the request from a page of this site (Sec-Fetch-Site, else Origin); neither header is "no". */
export function sameOrigin(request: Request): boolean {
  const site = request.headers.get("sec-fetch-site");
  if (site) return site === "same-origin";
  const origin = request.headers.get("origin");
  if (!origin) return false;
  let from: string;
  try {
    from = new URL(origin).origin;
  } catch {
    return false;
  }
  // Scheme and host: behind a TLS proxy, http on the public host is another origin (the portal's server keeps X-Forwarded-* only from trusted proxies).
  const scheme = request.headers.get("x-forwarded-proto")?.split(",")[0]!.trim() || new URL(request.url).protocol.replace(/:$/, "");
  const own = [`${scheme}://${request.headers.get("x-forwarded-host") ?? request.headers.get("host") ?? new URL(request.url).host}`];
  if (process.env.NEXTAUTH_URL) own.push(new URL(process.env.NEXTAUTH_URL).origin);
  return own.includes(from);
}

/**
 * The caller, holding at least `role` (403 otherwise), and within its rate limit (429).
 * Writes pass "EDITOR": a viewer, or any read-scope token, never writes.
 */
export async function apiCaller(request: Request, role: Role = "VIEWER"): Promise<ApiUser> {
  const header = request.headers.get("authorization");
  let user: ApiUser | null = null;
  if (header !== null) {
    const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
    user = match ? await authenticateToken(match[1]!) : null;
  } else if (request.headers.get("cookie")) {
    const session = await getCurrentUser();
    if (session) {
      if (role !== "VIEWER" && !sameOrigin(request)) {
        throw new ApiProblem({
          title: "Cross-site request refused",
          status: 403,
          detail: "A write signed in with the portal's cookie must come from the portal's own pages. Scripts use a token.",
        });
      }
      user = { ...session, tokenId: null, scope: "SESSION", accountRole: session.role };
    }
  }
  if (!user) throw UNAUTHORIZED;
  if (user.scope === "INGEST") throw INGEST_ONLY;
  await limitCaller(user.tokenId ? `token:${user.tokenId}` : `user:${user.id}`);
  assertRole(user, role);
  return user;
}

const INGEST_ONLY = new ApiProblem({ title: "This token only posts alerts", status: 403, detail: "A token with the ingest scope is for POST /api/v1/alerts/webhook only. Use a read or write token for the rest of the API." });

/** The caller of the alert webhook: an ingest-scope token and nothing else (401 without one, 403 for another kind of token). */
export async function ingestCaller(request: Request): Promise<ApiUser> {
  const header = request.headers.get("authorization");
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header.trim()) : null;
  const user = match ? await authenticateToken(match[1]!) : null;
  if (!user) throw UNAUTHORIZED;
  if (user.scope !== "INGEST") {
    throw new ApiProblem({ title: "Use an ingest token", status: 403, detail: "Alerts are posted with a token of the ingest scope (create one at /settings/tokens), which can do nothing else." });
  }
  await limitCaller(`token:${user.tokenId}`);
  return { ...user, tokenId: user.tokenId };
}
