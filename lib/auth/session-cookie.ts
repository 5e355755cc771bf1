// Which session cookie next-auth reads, by next-auth's own rule: the __Secure- name behind
// HTTPS, told by NEXTAUTH_URL when it is set, otherwise by the request's forwarded
// protocol (the portal's server keeps that header only from a trusted proxy). Shared by
// proxy.ts and the page cache (lib/server/page-cache.ts), which must agree.

export function secureSessionCookie(forwardedProto: string | string[] | null | undefined): boolean {
  if (process.env.NEXTAUTH_URL) return process.env.NEXTAUTH_URL.startsWith("https://");
  return forwardedProto === "https";
}

export function sessionCookieName(secure: boolean): string {
  return secure ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}
