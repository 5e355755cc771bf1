import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { signInWithPassword, type SignInOutcome } from "@/lib/auth/sign-in";
import { endSession, SESSION_HOURS } from "@/lib/auth/sessions";
import { SIGN_IN_ERRORS } from "@/lib/auth/sign-in-errors";
import { safeRedirectPath } from "@/lib/safe-redirect";
import type { Role } from "@/lib/generated/prisma/enums";

declare module "next-auth" {
  interface User {
    role: Role;
    sid: string;
  }
  interface Session {
    user: { id: string; name: string; email: string; role: Role; sid: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    uid?: string;
    role?: Role;
    /** the server-side session (lib/auth/sessions.ts) this cookie belongs to */
    sid?: string;
  }
}

function header(headers: unknown, name: string): string {
  const value = (headers as Record<string, unknown> | undefined)?.[name];
  return typeof value === "string" ? value : "";
}

/** The client's address as the portal's server set it (scripts/serve.ts), behind trusted proxies only. */
function clientAddress(headers: unknown): string {
  return header(headers, "x-forwarded-for").split(",")[0]!.trim() || "unknown";
}

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: SESSION_HOURS * 60 * 60 },
  pages: { signIn: "/login", error: "/login" },
  secret: process.env.NEXTAUTH_SECRET,
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        let outcome: SignInOutcome;
        try {
          outcome = await signInWithPassword({
            email,
            password,
            address: clientAddress(request?.headers),
            userAgent: header(request?.headers, "user-agent"),
          });
        } catch (error) {
          // next-auth would put the error's own text (a database message, say) in the address it answers with.
          console.error("sign-in failed", error);
          throw new Error(SIGN_IN_ERRORS.failed);
        }
        switch (outcome.kind) {
          case "ok":
            return { ...outcome.user, sid: outcome.sessionId };
          case "wrong":
            return null;
          case "throttled":
            throw new Error(`${SIGN_IN_ERRORS.throttled}:${outcome.retryAfter}:${outcome.addressBlocked}`);
          case "busy":
            throw new Error(`${SIGN_IN_ERRORS.busy}:${outcome.retryAfter}`);
          case "unavailable":
            throw new Error(SIGN_IN_ERRORS.unavailable);
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.uid = user.id;
        token.role = user.role;
        token.sid = user.sid;
      }
      return token;
    },
    session({ session, token }) {
      if (token.uid && token.sid && session.user) {
        session.user = { id: token.uid, name: token.name ?? "", email: token.email ?? "", role: token.role ?? "VIEWER", sid: token.sid };
      }
      return session;
    },
    // Only ever back to this site.
    redirect({ url, baseUrl }) {
      const path = url.startsWith(baseUrl) ? url.slice(baseUrl.length) || "/" : url;
      return `${baseUrl}${safeRedirectPath(path)}`;
    },
  },
  events: {
    // The cookie is deleted by next-auth; the session it names ends here, so a copy of the cookie is worthless.
    async signOut({ token }) {
      if (token?.sid) await endSession(token.sid);
    },
  },
};
