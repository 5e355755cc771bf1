import "server-only";
import { authenticateToken, type TokenUser } from "@/lib/auth/tokens";
import { problem } from "./problems";

// Who calls the API: a personal access token in "Authorization: Bearer rbp_…". A missing,
// unknown, revoked or expired token, or one whose user is disabled, is 401, the same
// answer for each so a caller learns nothing about other people's tokens.

export type ApiCaller = { ok: true; user: TokenUser } | { ok: false; response: Response };

export async function apiCaller(request: Request): Promise<ApiCaller> {
  const header = request.headers.get("authorization") ?? "";
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  const user = match ? await authenticateToken(match[1]!) : null;
  if (user) return { ok: true, user };
  return {
    ok: false,
    response: problem(
      { title: "Sign in with a token", status: 401, detail: "Send a personal access token as 'Authorization: Bearer <token>'. Create one at /settings/tokens." },
      { "WWW-Authenticate": 'Bearer realm="runbook-portal"' },
    ),
  };
}
